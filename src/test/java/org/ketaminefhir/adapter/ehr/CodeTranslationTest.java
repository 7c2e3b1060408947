package org.ketaminefhir.adapter.ehr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plan's ConceptMap at the shaper: Epic's vital signs go out under one customer's flowsheet rows
 * (src/test/resources/concept-maps/epic-flowsheet-vitals.json), what the map does not translate goes as
 * it is, and a map that cannot be used stops the plan from loading, naming the file.
 */
class CodeTranslationTest {

    private static final String FLOWSHEET_ROW = "urn:ketamine-fhir-adapter:example:flowsheet-row";
    private static final String LOINC = "http://loinc.org";
    private static final String EXAMPLE_MAP = "classpath:concept-maps/epic-flowsheet-vitals.json";
    private static final WritePlan EPIC = WritePlans.load().named("epic").orElseThrow();

    @TempDir
    Path dir;

    @Test
    void epicsVitalSignsGoOutUnderTheCustomersFlowsheetRows() {
        ShapedBundle shaped = BundleShaper.shape(
                BundleShaperTest.fixture("session/esketamine-rems-complete"), EPIC.withConceptMap(EXAMPLE_MAP));

        List<Observation> vitals = observations(shaped.bundle());
        assertThat(vitals)
                .extracting(o -> o.getCode().getCoding())
                .as("singleCoding: the EHR's code alone")
                .allSatisfy(codings -> assertThat(codings)
                        .singleElement()
                        .extracting(Coding::getSystem)
                        .isEqualTo(FLOWSHEET_ROW));
        assertThat(vitals)
                .extracting(o -> o.getCode().getCodingFirstRep().getCode())
                .containsOnly("5", "10");
        assertThat(vitals)
                .filteredOn(o -> o.getCode().getCodingFirstRep().getCode().equals("5"))
                .allSatisfy(bp -> assertThat(bp.getComponent())
                        .extracting(c -> c.getCode().getCodingFirstRep().getCode())
                        .as("unmapped in the example: sent as they are")
                        .containsExactly("8480-6", "8462-4"));
        assertThat(vitals)
                .filteredOn(o -> o.getCode().getCodingFirstRep().getCode().equals("10"))
                .allSatisfy(
                        spo2 -> assertThat(spo2.getCode().getCodingFirstRep().getDisplay())
                                .isEqualTo("SpO2"));
    }

    @Test
    void withoutAMapAndOnAPlanThatSendsEveryCodingTheLoincCodesStay() {
        Bundle mapped = BundleShaperTest.fixture("session/esketamine-rems-complete");

        assertThat(observations(BundleShaper.shape(mapped, EPIC).bundle()))
                .allSatisfy(o ->
                        assertThat(o.getCode().getCodingFirstRep().getSystem()).isEqualTo(LOINC));
        WritePlan full = WritePlans.load().named("full").orElseThrow().withConceptMap(EXAMPLE_MAP);
        assertThat(observations(BundleShaper.shape(mapped, full).bundle()))
                .filteredOn(o -> o.getCode().getCoding().stream()
                        .anyMatch(c -> c.getCode().equals("59408-5")))
                .allSatisfy(spo2 -> assertThat(spo2.getCode().getCoding())
                        .extracting(Coding::getCode)
                        .as("the row first, the LOINC codings after it")
                        .containsExactly("10", "59408-5", "2708-6"));
    }

    @Test
    void aTargetThatClaimsMoreThanTheReadingIsNotUsed() throws IOException {
        String map = map("""
                {"code": "85354-9", "target": [{"code": "5", "equivalence": "narrower"}]},
                {"code": "59408-5", "target": [{"code": "10", "equivalence": "equivalent"}]}""", "");

        List<Observation> vitals = observations(BundleShaper.shape(
                        BundleShaperTest.fixture("session/esketamine-rems-complete"), EPIC.withConceptMap(map))
                .bundle());

        assertThat(vitals)
                .extracting(o -> o.getCode().getCodingFirstRep().getCode())
                .containsOnly("85354-9", "10");
    }

    @Test
    void aMapThatCannotBeUsedStopsThePlanNamingTheFile() throws IOException {
        Path missing = dir.resolve("no-such-map.json");
        assertThatThrownBy(() -> loadEpicWith(missing.toString()))
                .hasMessageContaining("write plan epic: the ConceptMap " + missing)
                .hasMessageContaining("cannot be read");

        Path patient = Files.writeString(dir.resolve("patient.json"), "{\"resourceType\": \"Patient\"}");
        assertThatThrownBy(() -> loadEpicWith(patient.toString()))
                .hasMessageContaining(patient.toString())
                .hasMessageContaining("not a ConceptMap");

        assertThatThrownBy(() -> loadEpicWith(map("""
                {"code": "8867-4", "target": [{"code": "8", "equivalence": "equivalent"}, {"code": "80", "equivalence": "equal"}]}""", ""))).hasMessageContaining("maps 8867-4 to 2 codes");

        assertThatThrownBy(() -> loadEpicWith(map("""
                {"code": "8867-4", "target": [{"code": "8", "equivalence": "inexact"}]}""", "")))
                .hasMessageContaining("maps no code with an equivalence the adapter uses");

        assertThatThrownBy(() -> loadEpicWith(map("""
                {"code": "8867-4", "target": [{"code": "8", "equivalence": "equivalent"}]}""", ", \"unmapped\": {\"mode\": \"fixed\", \"code\": \"0\"}")))
                .hasMessageContaining("group[0].unmapped.mode is fixed; only provided");
    }

    @Test
    void theOperatorsMapReplacesThePlansAndAMissingOneNamesTheKeyAndTheFile() {
        assertThat(OperatorConceptMap.load(" " + EXAMPLE_MAP + " ")
                        .applyTo(EPIC)
                        .conceptMap())
                .isEqualTo(EXAMPLE_MAP);
        assertThat(OperatorConceptMap.load("").applyTo(EPIC)).isSameAs(EPIC);

        Path missing = dir.resolve("customer-rows.json");
        assertThatThrownBy(() -> OperatorConceptMap.load(missing.toString()))
                .hasMessageStartingWith("adapter.ehr.concept-map: the ConceptMap " + missing);
    }

    private static void loadEpicWith(String location) {
        new WritePlans(List.of(EPIC.withConceptMap(location)));
    }

    /** A ConceptMap file from LOINC to the example rows with these elements (a file of its own per call). */
    private String map(String elements, String groupTail) throws IOException {
        String text = """
                {"resourceType": "ConceptMap", "status": "draft", "group": [{"source": "http://loinc.org",
                 "target": "%s", "element": [%s]%s}]}""".formatted(FLOWSHEET_ROW, elements, groupTail);
        return Files.writeString(Files.createTempFile(dir, "map-", ".json"), text)
                .toString();
    }

    private static List<Observation> observations(Bundle bundle) {
        return bundle.getEntry().stream()
                .map(BundleEntryComponent::getResource)
                .filter(Observation.class::isInstance)
                .map(Observation.class::cast)
                .toList();
    }
}
