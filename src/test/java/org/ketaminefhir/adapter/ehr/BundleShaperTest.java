package org.ketaminefhir.adapter.ehr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.FhirTerser;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/** A golden session bundle cut to each plan: what is sent, what the report says, and what is referenced. */
class BundleShaperTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final WritePlans PLANS = WritePlans.load();

    @Test
    void epic_gets_vital_signs_and_the_note_filed_against_the_session_visit_by_search() {
        Bundle mapped = fixture("session/esketamine-rems-complete");

        ShapedBundle shaped = BundleShaper.shape(mapped, PLANS.named("epic").orElseThrow());

        assertThat(types(shaped.bundle())).containsOnly("Observation", "DocumentReference");
        assertThat(resources(shaped.bundle(), Observation.class))
                .allSatisfy(o -> assertThat(
                                o.getCategoryFirstRep().getCodingFirstRep().getCode())
                        .isEqualTo("vital-signs"))
                .allSatisfy(o -> assertThat(o.getCode().getCoding()).hasSize(1))
                .allSatisfy(o -> assertThat(o.hasPartOf())
                        .as("the MedicationAdministration is not sent")
                        .isFalse())
                .allSatisfy(
                        o -> assertThat(o.getEncounter().getReference())
                                .isEqualTo(
                                        "Encounter?identifier=urn:ketamine-fhir-adapter:clinic:test|session/S-2026-000150/encounter"));
        assertThat(references(shaped.bundle()))
                .noneMatch(reference -> reference.startsWith("urn:uuid:")
                        && !fullUrls(shaped.bundle()).contains(reference));
        assertThat(shaped.report().sent()).containsEntry("Observation", 5).containsEntry("DocumentReference", 1);
        assertThat(shaped.report().summary())
                .contains(
                        "in the note only: 1 MedicationAdministration (Epic's FHIR API creates no MedicationAdministration")
                .contains("in the note only: 1 QuestionnaireResponse")
                .contains("not sent: 1 Provenance");
    }

    @Test
    void oracle_health_gets_the_encounter_and_a_provenance_of_only_what_is_sent() {
        Bundle mapped = fixture("session/esketamine-rems-complete");

        ShapedBundle shaped =
                BundleShaper.shape(mapped, PLANS.named("oracle-health").orElseThrow());

        assertThat(types(shaped.bundle())).containsOnly("Encounter", "Observation", "DocumentReference", "Provenance");
        Provenance provenance = resources(shaped.bundle(), Provenance.class).get(0);
        assertThat(provenance.getTarget())
                .extracting(Reference::getReference)
                .containsExactlyInAnyOrderElementsOf(fullUrls(shaped.bundle()).stream()
                        .filter(url -> !url.equals(
                                entryOf(shaped.bundle(), Provenance.class).getFullUrl()))
                        .toList());
    }

    @Test
    void athenahealth_takes_only_the_rems_form_of_a_session_and_the_report_says_why_for_the_rest() {
        ShapedBundle shaped = BundleShaper.shape(
                fixture("session/esketamine-rems-complete"),
                PLANS.named("athenahealth").orElseThrow());

        assertThat(types(shaped.bundle())).containsOnly("QuestionnaireResponse");
        assertThat(references(shaped.bundle()))
                .as("no visit to file against")
                .noneMatch(r -> r.startsWith("Encounter"));
        assertThat(shaped.report().notSent())
                .extracting(DeliveryReport.Part::type)
                .contains("Encounter", "MedicationAdministration", "Observation", "DocumentReference", "Provenance");
        assertThat(shaped.report().notSent())
                .allSatisfy(part -> assertThat(part.why()).isNotBlank());
    }

    @Test
    void a_patient_the_plan_does_not_create_is_referred_to_by_mrn_not_left_out() {
        Bundle mapped = fixture("session/esketamine-rems-complete");
        Patient patient = new Patient();
        patient.addIdentifier().setSystem("urn:oid:2.16.840.1.113883.3.999.1").setValue("100987");
        mapped.addEntry()
                .setFullUrl("urn:uuid:patient-1")
                .setResource(patient)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Patient")
                .setIfNoneExist("identifier=urn:oid:2.16.840.1.113883.3.999.1|100987");
        resources(mapped, QuestionnaireResponse.class)
                .forEach(answers -> answers.setSubject(new Reference("urn:uuid:patient-1")));

        ShapedBundle shaped =
                BundleShaper.shape(mapped, PLANS.named("athenahealth").orElseThrow());

        assertThat(resources(shaped.bundle(), QuestionnaireResponse.class))
                .singleElement()
                .satisfies(answers -> assertThat(answers.getSubject().getReference())
                        .isEqualTo("Patient?identifier=urn:oid:2.16.840.1.113883.3.999.1|100987"));
    }

    @Test
    void full_sends_the_bundle_unchanged() {
        Bundle mapped = fixture("session/esketamine-rems-complete");

        ShapedBundle shaped = BundleShaper.shape(mapped, PLANS.named("full").orElseThrow());

        assertThat(FHIR.newJsonParser().encodeResourceToString(shaped.bundle()))
                .isEqualTo(FHIR.newJsonParser().encodeResourceToString(mapped));
        assertThat(shaped.report().inNote()).isEmpty();
        assertThat(shaped.report().notSent()).isEmpty();
    }

    @Test
    void a_plans_note_rules_set_the_notes_doc_status_and_type_by_record_kind() {
        WritePlan epic = PLANS.named("epic").orElseThrow();
        WritePlan plan = new WritePlan(
                epic.name(),
                epic.title(),
                epic.recognizes(),
                epic.writes(),
                epic.encounter(),
                epic.resources(),
                new WritePlan.NoteRules("preliminary", Map.of("session", "11506-3")),
                epic.singleCoding(),
                epic.conceptMap(),
                epic.alreadyExists());

        DocumentReference session = resources(
                        BundleShaper.shape(fixture("session/esketamine-rems-complete"), plan)
                                .bundle(),
                        DocumentReference.class)
                .get(0);
        DocumentReference questionnaire = resources(
                        BundleShaper.shape(fixture("questionnaire/phq9-with-session"), plan)
                                .bundle(),
                        DocumentReference.class)
                .get(0);

        assertThat(session.getType().getCoding())
                .singleElement()
                .satisfies(type -> assertThat(type.getSystem() + "|" + type.getCode() + "|" + type.getDisplay())
                        .isEqualTo("http://loinc.org|11506-3|Progress note"));
        assertThat(session.getType().getText()).isEqualTo("Progress note");
        assertThat(session.getDocStatus()).isEqualTo(DocumentReference.ReferredDocumentStatus.PRELIMINARY);
        assertThat(questionnaire.getType().getCodingFirstRep().getCode())
                .as("a kind the plan does not name")
                .isEqualTo("11506-3");
    }

    @Test
    void a_note_type_outside_us_cores_clinical_note_types_stops_the_plan() {
        WritePlan epic = PLANS.named("epic").orElseThrow();
        WritePlan nurseNote = new WritePlan(
                epic.name(),
                epic.title(),
                epic.recognizes(),
                epic.writes(),
                epic.encounter(),
                epic.resources(),
                new WritePlan.NoteRules(null, Map.of("session", "34746-8")),
                epic.singleCoding(),
                epic.conceptMap(),
                epic.alreadyExists());

        assertThatThrownBy(() -> new WritePlans(List.of(nurseNote)))
                .hasMessageContaining(
                        "write plan epic: note.types.session: 34746-8 is not one of US Core's clinical note types")
                .hasMessageContaining("11506-3");
    }

    static Bundle fixture(String name) {
        try (InputStream in = BundleShaperTest.class.getResourceAsStream("/fixtures/" + name + ".expected.json")) {
            return FHIR.newJsonParser().parseResource(Bundle.class, in);
        } catch (IOException e) {
            throw new IllegalStateException(name, e);
        }
    }

    private static Set<String> types(Bundle bundle) {
        return bundle.getEntry().stream().map(e -> e.getResource().fhirType()).collect(Collectors.toSet());
    }

    private static <T extends Resource> List<T> resources(Bundle bundle, Class<T> type) {
        return bundle.getEntry().stream()
                .map(BundleEntryComponent::getResource)
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }

    private static BundleEntryComponent entryOf(Bundle bundle, Class<? extends Resource> type) {
        return bundle.getEntry().stream()
                .filter(e -> type.isInstance(e.getResource()))
                .findFirst()
                .orElseThrow();
    }

    private static List<String> fullUrls(Bundle bundle) {
        return bundle.getEntry().stream().map(BundleEntryComponent::getFullUrl).toList();
    }

    private static List<String> references(Bundle bundle) {
        FhirTerser terser = FHIR.newTerser();
        return bundle.getEntry().stream()
                .flatMap(e -> terser.getAllPopulatedChildElementsOfType(e.getResource(), Reference.class).stream())
                .map(Reference::getReference)
                .filter(r -> r != null)
                .toList();
    }
}
