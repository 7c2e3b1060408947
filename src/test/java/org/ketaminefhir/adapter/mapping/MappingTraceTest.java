package org.ketaminefhir.adapter.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.adapter.instrument.InstrumentCatalog;
import org.ketaminefhir.adapter.record.CheckResult;
import org.ketaminefhir.adapter.record.RecordChecker;
import org.ketaminefhir.adapter.testsupport.Examples;

class MappingTraceTest {

    private static final InstrumentCatalog INSTRUMENTS = InstrumentCatalog.load();
    private final ObjectMapper json = new ObjectMapper();
    private final RecordChecker checker = new RecordChecker(json, INSTRUMENTS, Optional.empty());
    private final RecordMapping mapping = RecordMapping.standard(
            new ResourceIdentities("urn:test", "urn:mrn"), INSTRUMENTS, "Test clinic", RemsSetting.unconfigured());
    private final MappingTrace trace = MappingTrace.load(FhirContext.forR4Cached(), INSTRUMENTS);

    @Test
    void everyFieldOfTheEsketamineExampleLandsSomewhereButThePhaseOfReadingsOutsideTheDose() {
        MappingTrace.Result result = traceOf("session-esketamine-spravato.json");

        // pre and post readings are not linked to the administration: their phase reaches no element
        assertThat(result.unused())
                .extracting(MappingTrace.Unused::input, MappingTrace.Unused::value)
                .containsExactly(
                        tuple("/vitals/0/phase", "pre"),
                        tuple("/vitals/1/phase", "post"),
                        tuple("/vitals/2/phase", "post"));
        assertThat(result.mapped()).anySatisfy(landing -> {
            assertThat(landing.input()).isEqualTo("/medication/lotNumber");
            assertThat(landing.resource()).isEqualTo("MedicationAdministration medication-administration");
            assertThat(landing.found()).containsExactly("ES24K19");
        });
        assertThat(result.mapped()).anySatisfy(landing -> {
            assertThat(landing.input()).isEqualTo("/concomitantMedications/psychostimulants");
            assertThat(landing.resource()).isEqualTo("QuestionnaireResponse rems-patient-monitoring-form");
            assertThat(landing.found()).containsExactly("true");
        });
    }

    @Test
    void aKetamineSessionReportsTheDemographicsOnlyTheRemsFormWouldUse() {
        MappingTrace.Result result = traceOf("session-ketamine-iv.json");

        assertThat(result.unused())
                .filteredOn(u -> !u.input().endsWith("/phase"))
                .extracting(MappingTrace.Unused::input)
                .containsExactlyInAnyOrder(
                        "/patient/firstName",
                        "/patient/lastName",
                        "/patient/birthDate",
                        "/patient/sex",
                        "/monitoring/readyToLeaveMinutes");
        assertThat(result.unused())
                .filteredOn(u -> u.input().startsWith("/patient/"))
                .allSatisfy(u -> assertThat(u.reason())
                        .isEqualTo("this record produces no rems-patient-monitoring-form; "
                                + "this record produces no patient"));
        assertThat(result.mapped()).anySatisfy(landing -> {
            assertThat(landing.input()).isEqualTo("/vitals/1/phase");
            assertThat(landing.value()).isEqualTo("intra");
        });
        assertThat(result.mapped()).anySatisfy(landing -> {
            assertThat(landing.input()).isEqualTo("/vitals/1/systolic");
            assertThat(landing.resource()).isEqualTo("Observation vitals/20261120T172500Z/blood-pressure");
            assertThat(landing.found()).containsExactly("146");
        });
    }

    @Test
    void theEhrsVisitTheSessionNamesLandsAsThePartOfItsEncounter() {
        var byId = Examples.json("session-ketamine-iv.json");
        byId.putObject("ehrEncounter").put("id", "eVfX3");

        assertThat(traceOf("session-ketamine-im-ehr-visit.json").mapped())
                .filteredOn(l -> l.input().startsWith("/ehrEncounter/"))
                .extracting(MappingTrace.Landing::input, MappingTrace.Landing::resource, MappingTrace.Landing::found)
                .containsExactly(
                        tuple(
                                "/ehrEncounter/identifier/system",
                                "Encounter encounter",
                                List.of("urn:oid:2.16.840.1.113883.3.999.7")),
                        tuple("/ehrEncounter/identifier/value", "Encounter encounter", List.of("7001234")));
        assertThat(traceOf(byId).mapped())
                .filteredOn(l -> l.input().startsWith("/ehrEncounter/"))
                .extracting(MappingTrace.Landing::input, MappingTrace.Landing::found)
                .containsExactly(tuple("/ehrEncounter/id", List.of("Encounter/eVfX3")));
        assertThat(traceOf(byId).unused()).noneMatch(u -> u.input().startsWith("/ehrEncounter"));
    }

    @Test
    void everyAnswerOfAQuestionnaireLandsInItsItem() {
        MappingTrace.Result result = traceOf("questionnaire-phq9.json");

        assertThat(result.unused()).isEmpty();
        assertThat(result.mapped())
                .filteredOn(l -> l.input().startsWith("/answers/"))
                .hasSize(9);
    }

    @Test
    void anUnknownExtraFieldIsReportedUnused() {
        var record = Examples.json("vitals.json");
        ((com.fasterxml.jackson.databind.node.ObjectNode) record.at("/readings/0")).put("cardiacOutput", 5.1);

        MappingTrace.Result result = traceOf(record);

        assertThat(result.unused())
                .extracting(MappingTrace.Unused::input, MappingTrace.Unused::reason)
                .containsExactly(tuple("/readings/0/cardiacOutput", "no mapping for this field"));
    }

    @Test
    void aMeasurementOfTheVitalSignCatalogLandsWithNoTraceRuleWritten() {
        var record = Examples.json("vitals.json");
        ((com.fasterxml.jackson.databind.node.ObjectNode) record.at("/readings/0")).put("etco2", 38);

        MappingTrace.Result result = traceOf(record);

        assertThat(result.unused()).isEmpty();
        assertThat(result.mapped())
                .filteredOn(l -> l.input().equals("/readings/0/etco2"))
                .singleElement()
                .satisfies(landing -> {
                    assertThat(landing.resource()).endsWith("/etco2");
                    assertThat(landing.element()).isEqualTo("value.value");
                    assertThat(landing.found()).containsExactly("38");
                });
    }

    @Test
    void whenMissingPatientsAreCreatedTheDemographicsLandOnThePatient() {
        MappingTrace.Result result =
                traceOf(Examples.json("session-ketamine-iv.json"), mapping.creatingMissingPatients());

        assertThat(result.unused())
                .filteredOn(u -> !u.input().endsWith("/phase"))
                .extracting(MappingTrace.Unused::input)
                .containsExactly("/monitoring/readyToLeaveMinutes");
        assertThat(result.mapped())
                .filteredOn(landing -> landing.resource().equals("Patient patient"))
                .extracting(MappingTrace.Landing::input, MappingTrace.Landing::found)
                .contains(
                        tuple("/patient/mrn", List.of("100234")),
                        tuple("/patient/firstName", List.of("Avery")),
                        tuple("/patient/lastName", List.of("Lane")),
                        tuple("/patient/birthDate", List.of("1984-03-09")),
                        tuple("/patient/sex", List.of("female")));
    }

    private MappingTrace.Result traceOf(String example) {
        return traceOf(Examples.json(example));
    }

    private MappingTrace.Result traceOf(com.fasterxml.jackson.databind.JsonNode node) {
        return traceOf(node, mapping);
    }

    private MappingTrace.Result traceOf(com.fasterxml.jackson.databind.JsonNode node, RecordMapping mapping) {
        CheckResult checked = checker.check(node, "", null);
        List<MappedResource> resources = mapping.resources(
                checked.record(), Optional.empty(), new MappingContext(Instant.EPOCH, SessionDirectory.NONE));
        return trace.trace(checked.record().kind(), checked.normalized(), resources);
    }
}
