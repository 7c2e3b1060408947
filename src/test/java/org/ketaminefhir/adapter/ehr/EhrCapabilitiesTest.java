package org.ketaminefhir.adapter.ehr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction.CREATE;
import static org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction.PATCH;
import static org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction.READ;
import static org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction.SEARCHTYPE;
import static org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction.UPDATE;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.RestfulCapabilityMode;
import org.hl7.fhir.r4.model.CapabilityStatement.SystemRestfulInteraction;
import org.junit.jupiter.api.Test;

/**
 * The model read from the statements the three vendors publish (src/test/resources/ehr-capabilities):
 * what each file declares for the resources the adapter writes, as the table in that folder's source says.
 */
class EhrCapabilitiesTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    static EhrCapabilities vendor(String file) {
        try (InputStream in = EhrCapabilitiesTest.class.getResourceAsStream("/ehr-capabilities/" + file)) {
            return EhrCapabilities.parse(FHIR, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(file, e);
        }
    }

    private static final List<String> WRITTEN_TYPES = List.of(
            "Patient",
            "Encounter",
            "Observation",
            "MedicationAdministration",
            "QuestionnaireResponse",
            "DocumentReference",
            "Provenance");

    @Test
    void epic_takes_single_creates_of_vitals_notes_answers_and_patients_but_no_bundle_and_no_encounter() {
        EhrCapabilities epic = vendor("epic-r4.json");

        assertThat(epic.offersTransaction()).isFalse();
        assertThat(epic.offersBatch()).isFalse();
        assertThat(epic.interactions("Observation")).containsExactlyInAnyOrder(READ, SEARCHTYPE, CREATE, UPDATE);
        assertThat(epic.interactions("DocumentReference")).containsExactlyInAnyOrder(READ, SEARCHTYPE, CREATE, UPDATE);
        assertThat(epic.interactions("QuestionnaireResponse")).containsExactlyInAnyOrder(READ, SEARCHTYPE, CREATE);
        assertThat(epic.interactions("Patient")).containsExactlyInAnyOrder(READ, SEARCHTYPE, CREATE);
        assertThat(epic.interactions("Encounter")).containsExactlyInAnyOrder(READ, SEARCHTYPE);
        assertThat(epic.offers("Encounter", CREATE)).isFalse();
        assertThat(epic.interactions("MedicationAdministration")).containsExactlyInAnyOrder(READ, SEARCHTYPE);
        assertThat(epic.interactions("Provenance")).containsExactly(READ);
        assertThat(epic.resourceTypes()).containsAll(WRITTEN_TYPES);
        assertThat(epic.searchParams("Observation")).contains("identifier", "patient", "code", "date", "encounter");
        WRITTEN_TYPES.forEach(
                type -> assertThat(epic.offersConditionalCreate(type) || epic.offersConditionalUpdate(type))
                        .as(type)
                        .isFalse());
    }

    @Test
    void oracle_health_takes_batch_and_encounter_create_but_no_administration_and_no_answer_create() {
        EhrCapabilities oracle = vendor("oracle-health-millennium-r4-secure.json");

        assertThat(oracle.offersTransaction()).isFalse();
        assertThat(oracle.offersBatch()).isTrue();
        assertThat(oracle.interactions("Encounter")).containsExactlyInAnyOrder(READ, SEARCHTYPE, CREATE, PATCH);
        assertThat(oracle.offers("Encounter", UPDATE)).isFalse();
        assertThat(oracle.interactions("Observation")).containsExactlyInAnyOrder(READ, SEARCHTYPE, CREATE, UPDATE);
        assertThat(oracle.interactions("MedicationAdministration")).containsExactlyInAnyOrder(READ, SEARCHTYPE);
        assertThat(oracle.interactions("QuestionnaireResponse")).containsExactlyInAnyOrder(READ, SEARCHTYPE, UPDATE);
        assertThat(oracle.interactions("DocumentReference"))
                .containsExactlyInAnyOrder(READ, SEARCHTYPE, CREATE, UPDATE);
        assertThat(oracle.interactions("Provenance")).containsExactlyInAnyOrder(READ, SEARCHTYPE, CREATE);
        assertThat(oracle.interactions("Patient")).containsExactlyInAnyOrder(READ, SEARCHTYPE, CREATE, PATCH);
        // no identifier search on Observation: a lost create is found by patient, code and date here
        assertThat(oracle.searchParams("Observation"))
                .doesNotContain("identifier")
                .contains("patient", "code", "date");
        WRITTEN_TYPES.forEach(
                type -> assertThat(oracle.offersConditionalCreate(type) || oracle.offersConditionalUpdate(type))
                        .as(type)
                        .isFalse());
    }

    @Test
    void athenahealth_creates_questionnaire_answers_only() {
        EhrCapabilities athena = vendor("athenahealth-r4.json");

        assertThat(athena.offersTransaction()).isFalse();
        assertThat(athena.offersBatch()).isFalse();
        assertThat(WRITTEN_TYPES.stream().filter(type -> athena.offers(type, CREATE)))
                .containsExactly("QuestionnaireResponse");
        assertThat(WRITTEN_TYPES.stream().filter(type -> athena.offers(type, UPDATE) || athena.offers(type, PATCH)))
                .isEmpty();
        assertThat(athena.resourceTypes()).doesNotContain("MedicationAdministration");
        assertThat(athena.interactions("MedicationAdministration")).isEmpty();
        assertThat(athena.interactions("Observation")).containsExactlyInAnyOrder(READ, SEARCHTYPE);
    }

    @Test
    void only_what_the_server_part_declares_counts_and_a_declared_flag_is_read() {
        CapabilityStatement statement = new CapabilityStatement();
        CapabilityStatement.CapabilityStatementRestComponent client =
                statement.addRest().setMode(RestfulCapabilityMode.CLIENT);
        client.addInteraction().setCode(SystemRestfulInteraction.TRANSACTION);
        client.addResource().setType("Encounter").addInteraction().setCode(CREATE);
        CapabilityStatement.CapabilityStatementRestComponent server =
                statement.addRest().setMode(RestfulCapabilityMode.SERVER);
        server.addInteraction().setCode(SystemRestfulInteraction.BATCH);
        server.addResource()
                .setType("Observation")
                .setConditionalCreate(true)
                .addInteraction()
                .setCode(CREATE);

        EhrCapabilities capabilities = EhrCapabilities.of(statement);

        assertThat(capabilities.offersTransaction()).isFalse();
        assertThat(capabilities.offersBatch()).isTrue();
        assertThat(capabilities.resourceTypes()).containsExactly("Observation");
        assertThat(capabilities.offersConditionalCreate("Observation")).isTrue();
        assertThat(capabilities.offersConditionalUpdate("Observation")).isFalse();
        assertThat(capabilities.interactions("Encounter")).isEmpty();
    }

    @Test
    void an_xml_statement_is_read_as_well() {
        CapabilityStatement statement = vendor("epic-r4.json").statement();

        EhrCapabilities fromXml =
                EhrCapabilities.parse(FHIR, FHIR.newXmlParser().encodeResourceToString(statement));

        assertThat(fromXml.interactions("Observation")).containsExactlyInAnyOrder(READ, SEARCHTYPE, CREATE, UPDATE);
        assertThat(fromXml.offersBatch()).isFalse();
    }
}
