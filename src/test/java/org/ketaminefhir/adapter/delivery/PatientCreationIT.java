package org.ketaminefhir.adapter.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.adapter.testsupport.AdapterClient;
import org.ketaminefhir.adapter.testsupport.Examples;
import org.ketaminefhir.adapter.testsupport.RunningAdapter;
import org.ketaminefhir.testserver.InProcessFhirServer;

/**
 * {@code adapter.patients.create-missing} (docs/interface.md, Configuration) against the real FHIR server: a patient the EHR
 * does not have is created once from a record naming them in full, then found by its MRN, never updated
 * by later records; a record that does not name the patient in full still fails as unknown. Under the
 * full and batch plans: a transaction's conditional create, and the batch plan's search before a create (for EHRs
 * that do neither transactions nor conditional creates).
 */
class PatientCreationIT {

    private static final String MRN_SYSTEM = "urn:oid:2.16.840.1.113883.3.999.7";
    private static final String NAMESPACE = "urn:ketamine-fhir-adapter:clinic:patient-creation-it";

    private InProcessFhirServer ehr;
    private String run;

    @BeforeEach
    void ehr() {
        ehr = InProcessFhirServer.shared();
        run = Long.toString(System.nanoTime() % 1_000_000_000L);
    }

    @Test
    void inATransactionAMissingPatientIsCreatedOnceAndNeverUpdated() {
        try (RunningAdapter adapter = adapter("transaction")) {
            createdOnceAndNeverUpdated(adapter.client(), "T" + run);
        }
    }

    @Test
    void inABatchAMissingPatientIsCreatedOnceAndNeverUpdated() {
        BatchPlanIT.BatchOnly batchOnly = new BatchPlanIT.BatchOnly();
        ehr.restfulServer().registerInterceptor(batchOnly);
        try (RunningAdapter adapter = adapter("batch")) {
            createdOnceAndNeverUpdated(adapter.client(), "B" + run);
            assertThat(batchOnly.batches.get())
                    .as("went by batches, which refuse conditional creates")
                    .isPositive();
        } finally {
            ehr.restfulServer().unregisterInterceptor(batchOnly);
        }
    }

    @Test
    void aRecordThatDoesNotNameAnUnknownPatientInFullFailsSayingWhatCreationNeeds() {
        try (RunningAdapter adapter = adapter("transaction")) {
            ObjectNode vitals = vitals("V-pc-partial-" + run, "P" + run);
            ((ObjectNode) vitals.get("patient"))
                    .put("firstName", "Jordan")
                    .put("lastName", "Reyes"); // no birth date, no sex

            assertThat(adapter.client().postJson("/api/v1/records", vitals).status())
                    .isEqualTo(202);

            await().atMost(Duration.ofMinutes(3))
                    .until(() -> adapter.client()
                            .state("vitals", "V-pc-partial-" + run)
                            .equals("failed"));
            String error = adapter.client()
                    .get("/api/v1/records/vitals/V-pc-partial-" + run)
                    .body()
                    .get("lastError")
                    .asText();
            assertThat(error)
                    .startsWith("the patient is unknown to the EHR")
                    .contains("create-missing")
                    .contains("birthDate");
            assertThat(patients("P" + run)).isEmpty();
        }
    }

    private void createdOnceAndNeverUpdated(AdapterClient client, String mrn) {
        ObjectNode session = Examples.json("session-ketamine-iv.json").put("sourceId", "S-pc-" + mrn);
        ((ObjectNode) session.get("patient")).put("mrn", mrn); // Avery Lane, 1984-03-09, female
        assertThat(client.postJson("/api/v1/records", session).status()).isEqualTo(202);
        await().atMost(Duration.ofMinutes(3))
                .until(() -> client.state("session", "S-pc-" + mrn).equals("delivered"));

        List<Patient> created = patients(mrn);
        assertThat(created).hasSize(1);
        Patient patient = created.get(0);
        assertThat(patient.getNameFirstRep().getFamily()).isEqualTo("Lane");
        assertThat(patient.getNameFirstRep().getGivenAsSingleString()).isEqualTo("Avery");
        assertThat(patient.getBirthDateElement().getValueAsString()).isEqualTo("1984-03-09");
        assertThat(patient.getGender()).isEqualTo(AdministrativeGender.FEMALE);
        Encounter encounter = (Encounter) ehr.client()
                .search()
                .byUrl("Encounter?identifier=" + NAMESPACE + "|session/S-pc-" + mrn + "/encounter")
                .returnBundle(Bundle.class)
                .execute()
                .getEntryFirstRep()
                .getResource();
        assertThat(encounter.getSubject().getReference())
                .isEqualTo("Patient/" + patient.getIdElement().getIdPart());

        // a later record naming the patient otherwise: the EHR's Patient is found, not copied, not changed
        ObjectNode vitals = vitals("V-pc-" + mrn, mrn);
        ((ObjectNode) vitals.get("patient"))
                .put("firstName", "Avery")
                .put("lastName", "Lane-Moreno")
                .put("birthDate", "1984-03-09")
                .put("sex", "female");
        assertThat(client.postJson("/api/v1/records", vitals).status()).isEqualTo(202);
        await().atMost(Duration.ofMinutes(3))
                .until(() -> client.state("vitals", "V-pc-" + mrn).equals("delivered"));

        List<Patient> after = patients(mrn);
        assertThat(after).hasSize(1);
        assertThat(after.get(0).getIdElement().getIdPart())
                .isEqualTo(patient.getIdElement().getIdPart());
        assertThat(after.get(0).getNameFirstRep().getFamily()).isEqualTo("Lane");
        assertThat(after.get(0).getMeta().getVersionId()).isEqualTo("1");
    }

    private static ObjectNode vitals(String sourceId, String mrn) {
        ObjectNode vitals = Examples.json("vitals.json").put("sourceId", sourceId);
        vitals.remove("sessionSourceId");
        ((ObjectNode) vitals.get("patient")).put("mrn", mrn);
        return vitals;
    }

    private List<Patient> patients(String mrn) {
        return ehr
                .client()
                .search()
                .byUrl("Patient?identifier=" + MRN_SYSTEM + "|" + mrn)
                .returnBundle(Bundle.class)
                .execute()
                .getEntry()
                .stream()
                .map(entry -> (Patient) entry.getResource())
                .toList();
    }

    private RunningAdapter adapter(String dialect) {
        return new RunningAdapter(Map.of(
                "spring.datasource.url",
                "jdbc:h2:mem:patient-creation-it-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1",
                "adapter.ehr.base-url",
                ehr.baseUrl(),
                "adapter.ehr.dialect",
                dialect,
                "adapter.clinic.identifier-system",
                NAMESPACE,
                "adapter.patients.mrn-system",
                MRN_SYSTEM,
                "adapter.patients.create-missing",
                "true",
                "adapter.delivery.initial-backoff",
                "200ms"));
    }
}
