package org.ketaminefhir.testserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/** The vendor rule sets on their own, against what a fake EHR holds: the cases the shaped-server IT leaves out. */
class VendorRulesTest {

    /** Holds Encounter/open (Patient/1, in progress) and Encounter/planned (Patient/1, a future appointment). */
    private static final EhrHoldings HOLDINGS = new EhrHoldings() {
        private final Map<String, Encounter> encounters = Map.of(
                "Encounter/open", held("open", Encounter.EncounterStatus.INPROGRESS),
                "Encounter/planned", held("planned", Encounter.EncounterStatus.PLANNED));

        @Override
        public Optional<Encounter> encounter(Reference reference) {
            return Optional.ofNullable(encounters.get(reference.getReference()));
        }

        @Override
        public boolean holdsSameReading(Observation observation) {
            return false;
        }
    };

    private final VendorRules epic = VendorRuleSets.named("epic", HOLDINGS);
    private final VendorRules oracle = VendorRuleSets.named("oracle", HOLDINGS);

    @Test
    void epic_files_no_reading_to_another_patients_visit_nor_to_a_future_appointment() {
        assertThat(epic.create(reading("Patient/1", "Encounter/open"))).isEmpty();

        assertThat(epic.create(reading("Patient/2", "Encounter/open"))).hasValueSatisfying(refusal -> {
            assertThat(refusal.status()).isEqualTo(422);
            assertThat(refusal.reason()).contains("Encounter/open is another patient's encounter");
        });
        assertThat(epic.create(reading("Patient/1", "Encounter/planned")))
                .hasValueSatisfying(refusal -> assertThat(refusal.reason()).contains("is planned"));
        assertThat(epic.create(reading("Patient/1", "Encounter/gone")))
                .hasValueSatisfying(refusal -> assertThat(refusal.reason()).contains("Encounter/gone is not held"));
    }

    @Test
    void epic_checks_what_a_create_files_not_a_correction() {
        Observation retracted =
                reading("Patient/2", "Encounter/gone").setStatus(Observation.ObservationStatus.ENTEREDINERROR);

        assertThat(epic.update(retracted)).isEmpty();
        assertThat(epic.create(new Patient())).isEmpty();
    }

    @Test
    void epic_files_a_reading_with_one_code_coding_only() {
        Observation twoCodings = reading("Patient/1", "Encounter/open");
        twoCodings.getCode().addCoding().setSystem("http://loinc.org").setCode("59408-5");

        assertThat(epic.create(twoCodings))
                .hasValueSatisfying(refusal -> assertThat(refusal.reason())
                        .contains("Observation.code: exactly one coding is accepted (was 2)"));
    }

    @Test
    void oracle_takes_an_observation_with_exactly_one_category_vital_signs_or_laboratory() {
        Observation survey = reading("Patient/1", null);
        survey.getCategoryFirstRep().getCodingFirstRep().setCode("survey");
        Observation two = reading("Patient/1", null);
        two.addCategory()
                .addCoding()
                .setSystem("http://terminology.hl7.org/CodeSystem/observation-category")
                .setCode("laboratory");

        assertThat(oracle.create(survey))
                .hasValueSatisfying(refusal -> assertThat(refusal.reason())
                        .contains("exactly one, vital-signs or laboratory")
                        .contains("survey"));
        assertThat(oracle.create(two)).isPresent();
    }

    @Test
    void oracle_lets_a_note_be_retracted_but_not_set_to_anything_else() {
        DocumentReference note = new DocumentReference().setStatus(DocumentReferenceStatus.ENTEREDINERROR);

        assertThat(oracle.update(note)).isEmpty();
        assertThat(oracle.update(note.setStatus(DocumentReferenceStatus.SUPERSEDED)))
                .isPresent();
        assertThat(oracle.create(reading("Patient/1", null))).isEmpty();
    }

    @Test
    void an_unknown_rule_set_is_named_with_the_known_ones() {
        assertThatThrownBy(() -> VendorRuleSets.named("cerner", HOLDINGS))
                .hasMessageContaining("'cerner'")
                .hasMessageContaining("epic")
                .hasMessageContaining("oracle");
    }

    private static Encounter held(String id, Encounter.EncounterStatus status) {
        Encounter encounter = new Encounter().setStatus(status);
        encounter.setId("Encounter/" + id);
        encounter.setSubject(new Reference("Patient/1"));
        return encounter;
    }

    private static Observation reading(String patient, String encounter) {
        Observation observation = new Observation()
                .setStatus(Observation.ObservationStatus.FINAL)
                .setEffective(new DateTimeType("2026-03-02T10:00:00Z"));
        observation.getCode().addCoding().setSystem("http://loinc.org").setCode("8867-4");
        observation
                .addCategory()
                .addCoding()
                .setSystem("http://terminology.hl7.org/CodeSystem/observation-category")
                .setCode("vital-signs");
        observation.setSubject(new Reference(patient));
        if (encounter != null) {
            observation.setEncounter(new Reference(encounter));
        }
        return observation;
    }
}
