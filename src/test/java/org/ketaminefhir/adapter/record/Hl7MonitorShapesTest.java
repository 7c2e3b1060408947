package org.ketaminefhir.adapter.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 19: how the reader takes patients, times and rows as monitors and gateways in the field send
 * them (the world corpus under src/test/resources/hl7/world shows each shape in a real message).
 */
class Hl7MonitorShapesTest {

    private static final Map<String, String> CODES = Map.of(
            "150021",
            "systolic",
            "150022",
            "diastolic",
            "150023",
            "ignore",
            "147842",
            "heartRate",
            "149530",
            "heartRate",
            "150456",
            "spo2");
    private static final List<String> TYPES = List.of("MR", "PI", "PT", "MRN");
    private static final String NEW_YORK = "America/New_York";

    private static String message(String msh7, String pid3, String obr7, String... obx) {
        return "MSH|^~\\&|MON|WARD|ADAPTER|CLINIC|" + msh7 + "||ORU^R01^ORU_R01|CTRL-1|P|2.6\r"
                + "PID|||" + pid3 + "\r"
                + "OBR|1||||||" + obr7 + "\r"
                + String.join("\r", obx) + "\r";
    }

    private static String heartRate(String obx14) {
        return "OBX|1|NM|147842^MDC_ECG_HEART_RATE^MDC||72|/min|||||F|||" + obx14;
    }

    private static Hl7VitalsReader.Result read(String text) {
        return read(text, Optional.empty(), Map.of());
    }

    private static Hl7VitalsReader.Result read(String text, Optional<ZoneId> zone, Map<String, String> authorities) {
        return new Hl7VitalsReader(new Hl7PatientIdentifier(TYPES, authorities), zone, Duration.ofDays(1))
                .read(text, CODES);
    }

    private static String where(Hl7VitalsReader.Problem problem) {
        return problem.segment() + "^" + problem.sequence() + "^" + problem.field();
    }

    // --- patient identifiers (PID-3) ---

    @Test
    void aSocialSecurityNumberAloneIsNoMrnAndIsNotQuoted() {
        Hl7VitalsReader.Result read =
                read(message("20240101120000+0000", "078051120^^^SSA^SS", "20240101115900", heartRate("")));

        assertThat(read.problem().ackCode()).isEqualTo("AE");
        assertThat(where(read.problem())).isEqualTo("PID^1^3");
        assertThat(read.problem().text())
                .contains("no usable patient identifier")
                .contains("MR, PI, PT, MRN")
                .doesNotContain("078051120");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {
                "DL-77^^^DMV^DL~P-5^^^Clinic^PI~M-9^^^Clinic^MR; M-9", // MR first in the configured order, wherever it
                // stands
                "DL-77^^^DMV^DL~P-5^^^Clinic^PI; P-5", // then PI
                "P-5^^^Imaginary Hospital^PI ; P-5", // CX-5 with a trailing space (Continua WAN samples)
                "12345; 12345", // one untyped identifier: an older gateway's only one
                "12345^^^^MR~6789 ^^^^VN; 12345"
            })
    void theMrnIsTheIdentifierOfTheFirstConfiguredType(String pid3, String mrn) {
        Hl7VitalsReader.Result read = read(message("20240101120000+0000", pid3, "20240101115900", heartRate("")));

        assertThat(read.problem()).isNull();
        assertThat(read.record().at("/patient/mrn").asText()).isEqualTo(mrn);
        assertThat(read.record().at("/patient").has("mrnSystem")).isFalse();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {"111~222", "111^^^^SS~222", "^^^Clinic^MR", "PP-1^^^^PPN~MC-2^^^^MC"})
    void untypedIdentifiersBesideOthersAndEmptyOnesAreNotUsed(String pid3) {
        Hl7VitalsReader.Result read = read(message("20240101120000+0000", pid3, "20240101115900", heartRate("")));

        assertThat(where(read.problem())).isEqualTo("PID^1^3");
    }

    @Test
    void anAssigningAuthorityNamesTheEhrSystemOfItsMrns() {
        Map<String, String> authorities = Map.of("FAC-B", "urn:oid:1.2.3.4.5", "1.3.4.565", "urn:oid:1.3.4.565");

        Hl7VitalsReader.Result byNamespace = read(
                message("20240101120000+0000", "100^^^FAC-B^MR", "20240101115900", heartRate("")),
                Optional.empty(),
                authorities);
        Hl7VitalsReader.Result byUniversalId = read(
                message(
                        "20240101120000+0000",
                        "100^^^Imaginary Hospital&1.3.4.565&ISO^PI",
                        "20240101115900",
                        heartRate("")),
                Optional.empty(),
                authorities);
        Hl7VitalsReader.Result unmapped = read(
                message("20240101120000+0000", "100^^^FAC-C^MR", "20240101115900", heartRate("")),
                Optional.empty(),
                authorities);

        assertThat(byNamespace.record().at("/patient/mrnSystem").asText()).isEqualTo("urn:oid:1.2.3.4.5");
        assertThat(byUniversalId.record().at("/patient/mrnSystem").asText()).isEqualTo("urn:oid:1.3.4.565");
        assertThat(unmapped.record().at("/patient").has("mrnSystem"))
                .as("adapter.patients.mrn-system applies")
                .isFalse();
    }

    // --- times ---

    @Test
    void obx14ComesFirstThenObr7ThenMsh7() {
        String withObx14 =
                message("20240101120000+0100", "1^^^^MR", "20240101115900+0100", heartRate("20240101115800+0100"));
        String withObr7 = message("20240101120000+0100", "1^^^^MR", "20240101115900+0100", heartRate(""));
        String withMsh7Only = message("20240101120000+0100", "1^^^^MR", "", heartRate(""));

        assertThat(read(withObx14).record().at("/readings/0/time").asText()).isEqualTo("2024-01-01T11:58:00+01:00");
        assertThat(read(withObr7).record().at("/readings/0/time").asText()).isEqualTo("2024-01-01T11:59:00+01:00");
        assertThat(read(withMsh7Only).record().at("/readings/0/time").asText()).isEqualTo("2024-01-01T12:00:00+01:00");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {
                "20081211144500; 2008-12-11T14:45:00-05:00", // winter: EST
                "20080711144500; 2008-07-11T14:45:00-04:00", // summer: EDT
                "200807111445; 2008-07-11T14:45:00-04:00", // to the minute
                "20080711144500.4960; 2008-07-11T14:45:00.496-04:00"
            }) // fractions of a second
    void aTimeWithoutOffsetAnywhereIsReadInTheClinicZone(String local, String expected) {
        Hl7VitalsReader.Result read = read(
                message("20081211144500", "1^^^^MR", local, heartRate("")), Optional.of(ZoneId.of(NEW_YORK)), Map.of());

        assertThat(read.problem()).isNull();
        assertThat(read.record().at("/readings/0/time").asText()).isEqualTo(expected);
    }

    @Test
    void msh7sOffsetComesBeforeTheClinicZone() {
        Hl7VitalsReader.Result read = read(
                message("20110602045842+0000", "1^^^^MR", "", heartRate("20110602045842")),
                Optional.of(ZoneId.of(NEW_YORK)),
                Map.of());

        assertThat(read.record().at("/readings/0/time").asText()).isEqualTo("2011-06-02T04:58:42Z");
    }

    @Test
    void withoutAnyOffsetOrClinicZoneTheTimeIsAnErrorNamingItsField() {
        Hl7VitalsReader.Result read = read(message("20081211144500", "1^^^^MR", "20081211144500", heartRate("")));

        assertThat(read.problem().ackCode()).isEqualTo("AE");
        assertThat(where(read.problem())).isEqualTo("OBR^1^7");
        assertThat(read.problem().text()).contains("has no UTC offset").contains("adapter.clinic.time-zone");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {
                "20260308023000; does not exist in America/New_York", // spring forward: 02:00 to 03:00 is skipped
                "20261101013000; happens twice in America/New_York"
            }) // fall back: 01:00 to 02:00 comes twice
    void aLocalTimeTheClinicZoneSkipsOrRepeatsIsNamedAsSuch(String local, String problem) {
        Hl7VitalsReader.Result read = read(
                message("20260308090000", "1^^^^MR", "", heartRate(local)), Optional.of(ZoneId.of(NEW_YORK)), Map.of());

        assertThat(where(read.problem())).isEqualTo("OBX^1^14");
        assertThat(read.problem().text()).contains(problem).contains("'" + local + "'");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {
                "20240101; precise to the day only",
                "2024010112; precise to the hour only",
                "20241301120000+0000; is not an HL7 time", // month 13
                "20240101120000+2500; is not an HL7 time"
            }) // no such offset
    void aReadingTimeNeedsItsMinuteAndAValidDate(String time, String problem) {
        Hl7VitalsReader.Result read = read(message("20240101120000+0000", "1^^^^MR", "", heartRate(time)));

        assertThat(where(read.problem())).isEqualTo("OBX^1^14");
        assertThat(read.problem().text()).contains(problem);
    }

    @Test
    void aReadingFarFromTheMessageTimeIsTakenAndNamed() {
        Hl7VitalsReader.Result far =
                read(message("20090713090030+0500", "1^^^^MR", "20090813095715+0500", heartRate("")));
        Hl7VitalsReader.Result near =
                read(message("20090713090030+0500", "1^^^^MR", "20090713085715+0500", heartRate("")));

        assertThat(far.problem()).isNull();
        assertThat(far.warnings())
                .containsExactly("OBR 1-7 reading time 2009-08-13T09:57:15+05:00 is 31 days after the "
                        + "message time (MSH-7 2009-07-13T09:00:30+05:00)");
        assertThat(near.warnings()).isEmpty();
    }

    // --- shapes ---

    @Test
    void rowsWithoutSetIdsAreCountedByPosition() {
        Hl7VitalsReader.Result read = read(message(
                "20240101120000+0000",
                "1^^^^MR",
                "20240101115900",
                "OBX||NM|150456^MDC_PULS_OXIM_SAT_O2^MDC||97.5|%",
                "OBX||NM|147842^MDC_ECG_HEART_RATE^MDC||7x|/min"));

        assertThat(where(read.problem())).isEqualTo("OBX^2^5");
        assertThat(read.problem().text()).startsWith("OBX 2: OBX-5 '7x'");
    }

    @Test
    void twoChannelsReportingOneMeasurementAtOneTimeKeepTheFirstAndNameTheOther() {
        Hl7VitalsReader.Result read = read(message(
                "20240101120000+0000",
                "1^^^^MR",
                "20240101115900",
                "OBX|1|NM|147842^MDC_ECG_HEART_RATE^MDC||72|/min",
                "OBX|2|NM|149530^MDC_PULS_OXIM_PULS_RATE^MDC||75|/min"));

        assertThat(read.record().at("/readings/0/heartRate").intValue()).isEqualTo(72);
        assertThat(read.skippedList()).isEqualTo("OBX 2 (149530, heartRate at the same time as OBX 1, which is kept)");
    }

    @Test
    void containmentRowsAndTheMeanPressureAreNamedAfterTheRowsThatMatterAndXValuesAreNotCharted() {
        Hl7VitalsReader.Result read = read(message(
                "20240101120000+0000",
                "1^^^^MR",
                "20240101115900",
                "OBX|1||69965^MDC_DEV_MON_PHYSIO_MULTI_PARAM_MDS^MDC|1|||||||X",
                "OBX|2|NM|150021^MDC_PRESS_BLD_NONINV_SYS^MDC|1.1|120.5|mm[Hg]|||||F",
                "OBX|3|NM|150022^MDC_PRESS_BLD_NONINV_DIA^MDC|1.2|80|mm[Hg]|||||F",
                "OBX|4|NM|150023^MDC_PRESS_BLD_NONINV_MEAN^MDC|1.3|93|mm[Hg]|||||F",
                "OBX|5|NM|150456^MDC_PULS_OXIM_SAT_O2^MDC|2.1|99|%|||||X",
                "OBX|6|NM|147842^MDC_ECG_HEART_RATE^MDC|3.1|70|/min|||||D"));

        assertThat(read.record().at("/readings/0/systolic").decimalValue()).isEqualByComparingTo("120.5");
        assertThat(read.record().at("/readings/0/diastolic").intValue()).isEqualTo(80);
        assertThat(read.record().at("/readings/0").has("spo2")).isFalse();
        assertThat(read.skippedList())
                .isEqualTo("OBX 5 (150456, OBX-11 X: result cannot be obtained), OBX 6 (147842, OBX-11 D); "
                        + "device rows and rows known but not sent: OBX 1 (69965, no value), OBX 4 (150023)");
    }

    @Test
    void aCorrectedRowIsReadAsItsValue() {
        Hl7VitalsReader.Result read = read(message(
                "20240101120000+0000",
                "1^^^^MR",
                "20240101115900",
                "OBX|1|NM|147842^MDC_ECG_HEART_RATE^MDC||74|/min|||||C"));

        assertThat(read.record().at("/readings/0/heartRate").intValue()).isEqualTo(74);
    }
}
