package org.ketaminefhir.adapter.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the reader takes from OBX-5 and how much of a bad message its answers quote. */
class Hl7VitalsReaderTest {

    private static final Map<String, String> CODES = Map.of("150456", "spo2", "147842", "heartRate");
    private static final String HEADER =
            "MSH|^~\\&|MON|WARD|ADAPTER|CLINIC|20240101120000+0000||ORU^R01^ORU_R01|CTRL-1|P|2.6\r"
                    + "PID|||12345^^^^MR\r"
                    + "OBR|1||||||20240101115900+0000\r";

    private final Hl7VitalsReader reader = new Hl7VitalsReader(
            new Hl7PatientIdentifier(List.of("MR", "PI", "PT", "MRN"), Map.of()), Optional.empty(), Duration.ofDays(1));

    @Test
    void aMessageIsTheVitalsRecordOfItsPatientWithTheControlIdAsSourceId() {
        Hl7VitalsReader.Result read = reader.read(
                HEADER + "OBX|1|NM|150456^MDC_PULS_OXIM_SAT_O2^MDC||97|%\r"
                        + "OBX|2|NM|147842^MDC_ECG_CARD_BEAT_RATE^MDC||72|/min\r",
                CODES);

        assertThat(read.problem()).isNull();
        assertThat(read.record())
                .hasToString("{\"kind\":\"vitals\",\"sourceId\":\"hl7-CTRL-1\",\"patient\":{\"mrn\":\"12345\"},"
                        + "\"readings\":[{\"time\":\"2024-01-01T11:59:00Z\",\"spo2\":97,\"heartRate\":72}]}");
        assertThat(read.fieldOf("/readings/0/heartRate")).isEqualTo(new Hl7Field("OBX", 2, 5));
        assertThat(read.fieldOf("/readings/0/spo2")).isEqualTo(new Hl7Field("OBX", 1, 5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "CTRL 1", "CTRL/1", "ÄÖÜ"})
    void aMissingOrUnusableControlIdIsAnErrorNamingMsh10(String controlId) {
        Hl7VitalsReader.Result read =
                reader.read(HEADER.replace("|CTRL-1|", "|" + controlId + "|") + "OBX|1|NM|150456||97|%\r", CODES);

        assertThat(read.problem().ackCode()).isEqualTo("AE");
        assertThat(read.problem().segment() + "-" + read.problem().field()).isEqualTo("MSH-10");
        assertThat(read.problem().text())
                .isEqualTo("MSH-10 (message control id) is required: 1 to 60 of A-Z a-z 0-9 . _ : -");
    }

    @Test
    void textThatIsNoMessageOrHasNoPatientIsAnErrorNamingTheSegment() {
        Hl7VitalsReader.Result noMsh = reader.read("PID|||12345^^^^MR\r", CODES);
        Hl7VitalsReader.Result noPid =
                reader.read(HEADER.replace("PID|||12345^^^^MR\r", "") + "OBX|1|NM|150456||97|%\r", CODES);

        assertThat(noMsh.problem().segment() + "-" + noMsh.problem().field()).isEqualTo("MSH-1");
        assertThat(noMsh.problem().text()).isEqualTo("MSH: the message does not start with an MSH segment");
        assertThat(noPid.problem().segment() + "-" + noPid.problem().field()).isEqualTo("PID-3");
        assertThat(noPid.problem().text()).isEqualTo("no PID segment: the patient's MRN (PID-3) is required");
    }

    @Test
    void rowsPostedAsWrongFlaggedUnusableOrNotNumericAreNamedAndTheRestRead() {
        Hl7VitalsReader.Result read = reader.read(
                HEADER
                        + "OBX|1|NM|150456^MDC_PULS_OXIM_SAT_O2^MDC||91|%|||||W\r"
                        + "OBX|2|NM|150456^MDC_PULS_OXIM_SAT_O2^MDC||92|%||TEST~N\r"
                        + "OBX|3|ST|147842^MDC_ECG_CARD_BEAT_RATE^MDC||fast|/min\r"
                        + "OBX|4|NM|999999^MDC_UNKNOWN^MDC||5|/min\r"
                        + "OBX|5|NM|147842^MDC_ECG_CARD_BEAT_RATE^MDC||71|/min\r",
                CODES);

        assertThat(read.problem()).isNull();
        assertThat(read.record().at("/readings/0/heartRate").intValue()).isEqualTo(71);
        assertThat(read.record().at("/readings/0").has("spo2")).isFalse();
        assertThat(read.skippedList())
                .isEqualTo("OBX 1 (150456, OBX-11 W), OBX 2 (150456, flagged TEST~N), "
                        + "OBX 3 (147842, value type ST), OBX 4 (unknown code 999999)");
    }

    @Test
    void halfABloodPressureIsNoReadingAndIsNamed() {
        Hl7VitalsReader.Result read = reader.read(
                HEADER
                        + "OBX|1|NM|150021^MDC_PRESS_BLD_NONINV_SYS^MDC||120|mm[Hg]\r"
                        + "OBX|2|NM|150022^MDC_PRESS_BLD_NONINV_DIA^MDC||80|mm[Hg]||INV\r"
                        + "OBX|3|NM|147842^MDC_ECG_CARD_BEAT_RATE^MDC||71|/min\r",
                Map.of("147842", "heartRate"));

        assertThat(read.record().at("/readings/0").has("systolic")).isFalse();
        assertThat(read.skippedList())
                .isEqualTo("OBX 2 (150022, flagged INV), OBX 1 (systolic without its other half)");
    }

    @Test
    void aFileOfMessagesIsSplitAtEachMshWhateverItsLineEnds() {
        List<String> messages =
                Hl7VitalsReader.split("MSH|^~\\&|A\r\nPID|||1\r\n\r\nMSH|^~\\&|B\nPID|||2\n\nOBX|1\rMSH|^~\\&|C");

        assertThat(messages)
                .containsExactly("MSH|^~\\&|A\rPID|||1\r", "MSH|^~\\&|B\rPID|||2\rOBX|1\r", "MSH|^~\\&|C\r");
    }

    @Test
    void aMegabyteOfDigitsInOneValueIsRefusedAtOnceQuotingOnlyItsStart() {
        String digits = "9".repeat(1_000_000);

        // a BigDecimal of a million digits takes this JDK half a minute to parse, and as long again to print
        Hl7VitalsReader.Result read = assertTimeoutPreemptively(
                Duration.ofSeconds(5),
                () -> reader.read(HEADER + "OBX|1|NM|150456^MDC_PULS_OXIM_SAT_O2^MDC||" + digits + "|%\r", CODES));

        assertThat(read.problem().ackCode()).isEqualTo("AE");
        assertThat(read.problem().segment() + "-" + read.problem().field()).isEqualTo("OBX-5");
        assertThat(read.problem().text())
                .startsWith("OBX 1: OBX-5 '" + "9".repeat(40) + "…' is not a number")
                .contains("at most 16 characters")
                .hasSizeLessThan(300);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e2", ".5", "9 7", "0x61", "12345678901234567", "NaN", "+-1"})
    void aValueThatIsNoHl7NumberIsAnErrorNamingItsObx(String value) {
        Hl7VitalsReader.Result read =
                reader.read(HEADER + "OBX|1|NM|150456^MDC_PULS_OXIM_SAT_O2^MDC||" + value + "|%\r", CODES);

        assertThat(read.problem().text())
                .startsWith("OBX 1: OBX-5 '" + value + "' is not a number although OBX-2 says NM");
    }

    @ParameterizedTest
    @ValueSource(strings = {"97", "+97", "097.50", "97.", "-0.0"})
    void hl7NumbersAreRead(String value) {
        Hl7VitalsReader.Result read =
                reader.read(HEADER + "OBX|1|NM|147842^MDC_ECG_CARD_BEAT_RATE^MDC||" + value + "|/min\r", CODES);

        assertThat(read.problem()).isNull();
        assertThat(read.record().at("/readings/0/heartRate").decimalValue()).isEqualByComparingTo(value);
    }

    @Test
    void longCodesAndFlagsAreQuotedAsExcerptsAndManySkippedRowsAreCounted() {
        StringBuilder message = new StringBuilder(HEADER);
        for (int i = 1; i <= 25; i++) {
            message.append("OBX|")
                    .append(i)
                    .append("|NM|")
                    .append("X".repeat(5000))
                    .append(i)
                    .append("||80|%\r");
        }
        message.append("OBX|26|NM|150456||80|%||")
                .append("INV~")
                .append("Q".repeat(5000))
                .append("\r");

        Hl7VitalsReader.Result read = reader.read(message.toString(), CODES);

        assertThat(read.problem().text())
                .startsWith("no OBX carries a vital sign the adapter maps; skipped OBX 1 (unknown code "
                        + "X".repeat(40) + "…), OBX 2 (unknown code")
                .contains(" and 16 more")
                .hasSizeLessThan(1000);
    }

    @Test
    void anotherMessageTypeIsQuotedAsAnExcerpt() {
        Hl7VitalsReader.Result read =
                reader.read(HEADER.replace("ORU^R01^ORU_R01", "ADT^" + "A".repeat(100_000)), CODES);

        assertThat(read.problem().ackCode()).isEqualTo("AR");
        assertThat(read.problem().text()).hasSizeLessThan(200).contains("ADT^" + "A".repeat(36) + "…");
    }

    @Test
    void aCheckerErrorOnAReadingsTimeNamesTheFieldTheTimeCameFrom() {
        Hl7VitalsReader.Result read = reader.read(
                HEADER
                        + "OBX|1|NM|150456^MDC_PULS_OXIM_SAT_O2^MDC||97|%\r"
                        + "OBX|2|NM|147842^MDC_ECG_CARD_BEAT_RATE^MDC||80|/min|||||F|||20240101115800+0000\r",
                CODES);

        assertThat(read.fieldOf("/readings/0/time"))
                .as("the oximeter's time came from OBR-7")
                .isEqualTo(new Hl7Field("OBR", 1, 7));
        assertThat(read.fieldOf("/readings/1/time")).isEqualTo(new Hl7Field("OBX", 2, 14));
        assertThat(read.fieldOf("/readings/1/heartRate")).isEqualTo(new Hl7Field("OBX", 2, 5));
        assertThat(read.fieldOf("/readings/1/time").text()).isEqualTo("OBX 2-14");
    }

    @Test
    void aCorrectedAndAPreliminaryValueAreListedAsSuchAndTheRecordIsThePatients() {
        Hl7VitalsReader.Result read = reader.read(
                HEADER
                        + "OBX|1|NM|150456^MDC_PULS_OXIM_SAT_O2^MDC||97|%|||||P\r"
                        + "OBX|2|NM|147842^MDC_ECG_CARD_BEAT_RATE^MDC||80|/min|||||C\r"
                        + "OBX|3|NM|150021^MDC_PRESS_BLD_NONINV_SYS^MDC||120|mm[Hg]|||||R\r",
                CODES);

        assertThat(read.record().at("/readings/0/corrected").toString()).isEqualTo("[\"heartRate\"]");
        assertThat(read.record().at("/readings/0/preliminary").toString())
                .as("R is final: a device's unconfirmed value")
                .isEqualTo("[\"spo2\"]");
        assertThat(read.skippedList())
                .as("half a blood pressure is not listed as corrected")
                .contains("OBX 3");
        assertThat(read.record().get("sourceId").asText()).isEqualTo("hl7-CTRL-1");
    }
}
