package org.ketaminefhir.adapter.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How an OBX's code (OBX-3) and unit (OBX-6) become a measurement and its value, by the vital-sign catalog. */
class Hl7MeasurementTest {

    private static final String HEADER =
            "MSH|^~\\&|MON|WARD|ADAPTER|CLINIC|20240101120000+0000||ORU^R01^ORU_R01|CTRL-1|P|2.6\r"
                    + "PID|||12345^^^^MR\r"
                    + "OBR|1||||||20240101115900+0000\r";
    private static final Map<String, String> NO_OPERATOR_CODES = Map.of();

    private final Hl7VitalsReader reader = new Hl7VitalsReader(
            new Hl7PatientIdentifier(List.of("MR"), Map.of()), Optional.empty(), Duration.ofDays(1));

    private Hl7VitalsReader.Result read(String... obx) {
        return reader.read(HEADER + String.join("\r", obx) + "\r", NO_OPERATOR_CODES);
    }

    @ParameterizedTest(name = "{0} is {2}")
    @CsvSource({
        "149514^MDC_PULS_RATE^MDC, 264864^MDC_DIM_BEAT_PER_MIN^MDC, heartRate",
        "149546^MDC_PULS_RATE_NON_INV^MDC, bpm, heartRate",
        "149530^MDC_PULS_OXIM_PULS_RATE^MDC, {beat}/min^{beat}/min^UCUM, heartRate",
        "151578^MDC_TTHOR_RESP_RATE^MDC, 264928^MDC_DIM_RESP_PER_MIN^MDC, respiratoryRate",
        "151594^MDC_CO2_RESP_RATE^MDC, /min^/min^UCUM, respiratoryRate",
        "151586^MDC_VENT_RESP_RATE^MDC, /min, respiratoryRate",
        "188424^MDC_TEMP_ORAL^MDC, 268192^MDC_DIM_DEGC^MDC, temperatureC",
        "150392^MDC_TEMP_TYMP^MDC, Cel^Cel^UCUM, temperatureC",
        "150324^MDC_SAT_O2_ART^MDC, 262688^MDC_DIM_PERCENT^MDC, spo2",
    })
    void theCodesMonitorsSendAreTheCatalogsMeasurements(String code, String unit, String measurement) {
        assertReads("OBX|1|NM|" + code + "||37|" + unit, measurement, "37");
    }

    @ParameterizedTest(name = "{0} {1} is {2} Cel")
    @CsvSource({
        "98.6, 266560^MDC_DIM_FAHR^MDC, 37.0",
        "100.4, [degF]^[degF]^UCUM, 38.0",
        "97.7, °F, 36.5",
        "37.2, degC, 37.2",
        "37.2, °C, 37.2",
    })
    void temperaturesAreTakenInCelsiusAndFahrenheit(String value, String unit, String celsius) {
        assertReads("OBX|1|NM|150364^MDC_TEMP_BODY^MDC||" + value + "|" + unit, "temperatureC", celsius);
    }

    private void assertReads(String obx, String measurement, String value) {
        Hl7VitalsReader.Result read = read(obx);

        assertThat(read.problem()).isNull();
        assertThat(read.record().at("/readings/0/" + measurement).decimalValue())
                .isEqualByComparingTo(value);
    }

    @Test
    void aUnitNotKnownForTheMeasurementIsAnErrorNamingTheObxAndObx6() {
        Hl7VitalsReader.Result read = read(
                "OBX|1|NM|147842^MDC_ECG_HEART_RATE^MDC||72|/min",
                "OBX|2|NM|150456^MDC_PULS_OXIM_SAT_O2^MDC||97|%",
                "OBX|3|NM|150364^MDC_TEMP_BODY^MDC||310|K^kelvin^UCUM");

        assertThat(read.problem().ackCode()).isEqualTo("AE");
        assertThat(read.problem().segment() + "^" + read.problem().sequence() + "^"
                        + read.problem().field())
                .isEqualTo("OBX^3^6");
        assertThat(read.problem().text())
                .startsWith("OBX 3: OBX-6 'K^kelvin^UCUM' is not taken for temperatureC")
                .contains("Cel")
                .contains("degF");
    }

    @Test
    void aUnitOfAnotherMeasurementIsNotGuessedAt() {
        Hl7VitalsReader.Result read = read("OBX|1|NM|150456^MDC_PULS_OXIM_SAT_O2^MDC||97|266016^MDC_DIM_MMHG^MDC");

        assertThat(read.problem().text()).startsWith("OBX 1: OBX-6 '266016^MDC_DIM_MMHG^MDC' is not taken for spo2");
    }

    @Test
    void anEmptyUnitIsTheMeasurementsOwnWhereNoOtherIsInUse() {
        Hl7VitalsReader.Result read =
                read("OBX|1|NM|147842^MDC_ECG_HEART_RATE^MDC||72|", "OBX|2|NM|150456^MDC_PULS_OXIM_SAT_O2^MDC||97");

        assertThat(read.problem()).isNull();
        assertThat(read.record().at("/readings/0/heartRate").intValue()).isEqualTo(72);
        assertThat(read.record().at("/readings/0/spo2").intValue()).isEqualTo(97);
    }

    @Test
    void anEmptyUnitOfATemperatureIsAnErrorForItMayBeFahrenheit() {
        Hl7VitalsReader.Result read = read("OBX|1|NM|150364^MDC_TEMP_BODY^MDC||98.6|");

        assertThat(read.problem().ackCode()).isEqualTo("AE");
        assertThat(read.problem().text()).startsWith("OBX 1: OBX-6 is empty is not taken for temperatureC");
    }

    @Test
    void anOperatorsCodeMapOverridesTheCatalog() {
        Hl7VitalsReader.Result read = reader.read(
                HEADER + "OBX|1|NM|151586^MDC_VENT_RESP_RATE^MDC||12|/min\r" + "OBX|2|NM|VND-HR||61|bpm\r",
                Map.of("151586", "ignore", "VND-HR", "heartRate"));

        assertThat(read.problem()).isNull();
        assertThat(read.record().at("/readings/0").has("respiratoryRate")).isFalse();
        assertThat(read.record().at("/readings/0/heartRate").intValue()).isEqualTo(61);
    }

    @Test
    void theMeanPressureIsKnownButNotSent() {
        Hl7VitalsReader.Result read = read(
                "OBX|1|NM|150021^MDC_PRESS_BLD_NONINV_SYS^MDC||120|266016^MDC_DIM_MMHG^MDC",
                "OBX|2|NM|150022^MDC_PRESS_BLD_NONINV_DIA^MDC||80|mmHg",
                "OBX|3|NM|150023^MDC_PRESS_BLD_NONINV_MEAN^MDC||93|mm[Hg]");

        assertThat(read.problem()).isNull();
        assertThat(read.skipped()).isEmpty();
        assertThat(read.record().at("/readings/0").toString())
                .contains("\"systolic\":120", "\"diastolic\":80")
                .doesNotContain("93");
    }
}
