package org.ketaminefhir.adapter.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.adapter.instrument.InstrumentCatalog;
import org.ketaminefhir.adapter.vitalsign.Measurement;
import org.ketaminefhir.adapter.vitalsign.VitalSignCatalog;
import org.ketaminefhir.adapter.vitalsign.VitalSignDefinition;

/** The checker's vital-sign rules, as the catalog defines them: ranges with their units, the panel whole and in order. */
class VitalSignsLimitsTest {

    private final ObjectMapper json = new ObjectMapper();
    private final RecordChecker checker = new RecordChecker(json, InstrumentCatalog.load(), Optional.empty());

    @Test
    void aMeasurementAKindDoesNotTakeIsRefusedRatherThanMapped() throws Exception {
        VitalSignCatalog catalog = VitalSignCatalog.load();
        Measurement heartRate = catalog.measurement("heartRate").orElseThrow();
        VitalSignDefinition definition = catalog.definition("heart-rate").orElseThrow();
        Measurement sessionsOnly = new Measurement(
                heartRate.field(),
                heartRate.column(),
                List.of("session"),
                heartRate.code(),
                heartRate.unit(),
                heartRate.range(),
                heartRate.hl7Codes(),
                heartRate.units(),
                heartRate.unitImplied());
        VitalSignsLimits limits = new VitalSignsLimits(new VitalSignCatalog(List.of(new VitalSignDefinition(
                definition.name(),
                definition.order(),
                definition.part(),
                definition.profile(),
                definition.code(),
                sessionsOnly,
                List.of(),
                false,
                List.of(),
                definition.sources()))));
        List<FieldError> errors = new ArrayList<>();
        FieldCursor reading = new FieldCursor(
                (ObjectNode) json.readTree("{\"time\": \"2026-11-20T09:15:00-08:00\", \"heartRate\": 72}"),
                "/readings/0",
                errors,
                Optional.empty());

        limits.check(reading, "vitals");

        assertThat(errors)
                .extracting(e -> e.pointer() + " " + e.message())
                .contains(
                        "/readings/0/heartRate is not taken in vitals records' readings; it is taken in session records");
    }

    private String errorsOf(String reading) throws Exception {
        CheckResult result = checker.check(json.readTree("""
                {"kind": "vitals", "sourceId": "V-1", "patient": {"mrn": "100234"}, "readings": [%s]}""".formatted(reading)), "", null);
        return result.errors().stream()
                .map(e -> e.pointer() + " " + e.message())
                .toList()
                .toString();
    }

    @Test
    void anEtco2OutOfRangeNamesTheUnitItIsExpectedIn() throws Exception {
        assertThat(errorsOf("{\"time\": \"2026-11-20T09:15:00-08:00\", \"etco2\": 980}"))
                .contains("/readings/0/etco2 980 is out of range; expected 0 to 150 (end-tidal CO2 in mmHg)");
    }

    @Test
    void aReadingWithoutMeasurementsListsTheCatalogsFields() throws Exception {
        assertThat(errorsOf("{\"time\": \"2026-11-20T09:15:00-08:00\"}"))
                .contains(
                        "expected at least one of systolic+diastolic, heartRate, spo2, respiratoryRate, temperatureC, etco2");
    }

    @Test
    void halfAPanelAndAPanelOutOfOrderAreNamed() throws Exception {
        assertThat(errorsOf("{\"time\": \"2026-11-20T09:15:00-08:00\", \"systolic\": 120}"))
                .contains("/readings/0/diastolic blood pressure needs both systolic and diastolic");
        assertThat(errorsOf("{\"time\": \"2026-11-20T09:15:00-08:00\", \"systolic\": 80, \"diastolic\": 90}"))
                .contains("/readings/0/systolic 80 is not above diastolic 90; expected systolic > diastolic");
    }
}
