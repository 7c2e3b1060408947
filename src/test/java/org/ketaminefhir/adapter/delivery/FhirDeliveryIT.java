package org.ketaminefhir.adapter.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.adapter.mapping.MappedResource;
import org.ketaminefhir.adapter.mapping.MappingContext;
import org.ketaminefhir.adapter.mapping.RecordMapping;
import org.ketaminefhir.adapter.mapping.SessionDirectory;
import org.ketaminefhir.adapter.record.CheckResult;
import org.ketaminefhir.adapter.record.RecordChecker;
import org.ketaminefhir.adapter.testsupport.AdapterClient;
import org.ketaminefhir.adapter.testsupport.AdapterClient.Answer;
import org.ketaminefhir.adapter.testsupport.Examples;
import org.ketaminefhir.adapter.testsupport.RunningAdapter;
import org.ketaminefhir.testserver.InProcessFhirServer;

/**
 * The adapter delivering to a real FHIR server (HAPI's JPA server, in process): the records arrive
 * as searchable resources, and resends, restarts and a lost journal never make a second copy.
 */
class FhirDeliveryIT {

    private static final String MRN_SYSTEM = "urn:oid:2.16.840.1.113883.3.999.1";
    private static final String NAMESPACE = "urn:ketamine-fhir-adapter:clinic:delivery-it";
    /** Session first: the vitals and the questionnaire point at its Encounter. */
    private static final List<String> EXAMPLES = List.of(
            "session-ketamine-iv.json", "session-esketamine-spravato.json", "vitals.json", "questionnaire-phq9.json");

    private static InProcessFhirServer ehr;

    @BeforeAll
    static void ehrWithPatients() {
        ehr = InProcessFhirServer.shared();
        ehr.expungeEverything();
        ehr.ensurePatient(MRN_SYSTEM, "100234");
        ehr.ensurePatient(MRN_SYSTEM, "100987");
    }

    @Test
    void recordsArriveOnceThroughResendsRestartsAndALostJournal() {
        Path journal = Path.of("target", "fhir-delivery-it", "journal-" + System.nanoTime());
        try (RunningAdapter adapter = adapterOn(journal)) {
            postAllAndAwaitDelivery(adapter.client());
            assertSearchable();
            assertExactlyOneCopyOfEachResource(adapter);
            postAllExpectingDuplicates(adapter.client());
        }
        try (RunningAdapter restarted = adapterOn(journal)) {
            postAllExpectingDuplicates(restarted.client());
            assertExactlyOneCopyOfEachResource(restarted);
        }
        // a fresh journal re-sends everything, as after an answer lost in a crash: conditional updates match
        try (RunningAdapter fresh = adapterOn(journal.resolveSibling("journal-lost-" + System.nanoTime()))) {
            postAllAndAwaitDelivery(fresh.client());
            assertExactlyOneCopyOfEachResource(fresh);
            Encounter encounter = encounterOf("S-2026-000123");
            assertThat(encounter.getMeta().getVersionId())
                    .as("an identical update adds no version")
                    .isEqualTo("1");
        }
    }

    @Test
    void aCorrectionUpdatesTheSameResourcesInPlace() {
        try (RunningAdapter adapter =
                adapterOn(Path.of("target", "fhir-delivery-it", "correction-" + System.nanoTime()))) {
            JsonNode original =
                    Examples.json("session-esketamine-spravato.json").put("sourceId", "S-correct-1");
            assertThat(adapter.client().postJson("/api/v1/records", original).status())
                    .isEqualTo(202);
            await().atMost(Duration.ofMinutes(3))
                    .until(() ->
                            adapter.client().state("session", "S-correct-1").equals("delivered"));

            JsonNode corrected = original.deepCopy();
            ((com.fasterxml.jackson.databind.node.ObjectNode) corrected).put("revision", 2);
            ((com.fasterxml.jackson.databind.node.ObjectNode) corrected.get("medication"))
                    .put("doseMg", 56)
                    .put("devices", 2);
            // the correction drops the last reading (15:00, 20:00 UTC): the EHR's copy must become entered-in-error
            ((com.fasterxml.jackson.databind.node.ArrayNode) corrected.get("vitals")).remove(2);
            assertThat(adapter.client().postJson("/api/v1/records", corrected).status())
                    .isEqualTo(202);
            await().atMost(Duration.ofMinutes(3))
                    .until(() -> adapter.client()
                                            .get("/api/v1/records/session/S-correct-1")
                                            .body()
                                            .path("revision")
                                            .asInt()
                                    == 2
                            && adapter.client().state("session", "S-correct-1").equals("delivered"));

            Bundle administrations = ehr.client()
                    .search()
                    .byUrl("MedicationAdministration?identifier=" + NAMESPACE
                            + "|session/S-correct-1/medication-administration")
                    .returnBundle(Bundle.class)
                    .execute();
            assertThat(administrations.getEntry()).hasSize(1);
            org.hl7.fhir.r4.model.MedicationAdministration administration =
                    (org.hl7.fhir.r4.model.MedicationAdministration)
                            administrations.getEntry().get(0).getResource();
            assertThat(administration.getDosage().getDose().getValue()).isEqualByComparingTo("56");
            assertThat(administration.getMeta().getVersionId()).isEqualTo("2");
            Observation dropped = (Observation) ehr.client()
                    .search()
                    .byUrl("Observation?identifier=" + NAMESPACE
                            + "|session/S-correct-1/vitals/20261121T200000Z/blood-pressure")
                    .returnBundle(Bundle.class)
                    .execute()
                    .getEntryFirstRep()
                    .getResource();
            assertThat(dropped.getStatus()).isEqualTo(Observation.ObservationStatus.ENTEREDINERROR);
            Observation kept = (Observation) ehr.client()
                    .search()
                    .byUrl("Observation?identifier=" + NAMESPACE
                            + "|session/S-correct-1/vitals/20261121T184000Z/blood-pressure")
                    .returnBundle(Bundle.class)
                    .execute()
                    .getEntryFirstRep()
                    .getResource();
            assertThat(kept.getStatus()).isEqualTo(Observation.ObservationStatus.FINAL);
            org.hl7.fhir.r4.model.DocumentReference note = (org.hl7.fhir.r4.model.DocumentReference) ehr.client()
                    .search()
                    .byUrl("DocumentReference?identifier=" + NAMESPACE + "|session/S-correct-1/note")
                    .returnBundle(Bundle.class)
                    .execute()
                    .getEntryFirstRep()
                    .getResource();
            assertThat(note.getMeta().getVersionId())
                    .as("the correction replaces the note")
                    .isEqualTo("2");
            assertThat(new String(
                            note.getContentFirstRep().getAttachment().getData(),
                            java.nio.charset.StandardCharsets.UTF_8))
                    .contains("Dose:   56 mg");
        }
    }

    @Test
    void aRecordForAPatientTheEhrDoesNotKnowFailsSayingSo() {
        try (RunningAdapter adapter =
                adapterOn(Path.of("target", "fhir-delivery-it", "unknown-" + System.nanoTime()))) {
            JsonNode record = Examples.json("vitals.json").put("sourceId", "V-unknown-patient");
            ((com.fasterxml.jackson.databind.node.ObjectNode) record.get("patient")).put("mrn", "999999");
            ((com.fasterxml.jackson.databind.node.ObjectNode) record).remove("sessionSourceId");

            assertThat(adapter.client().postJson("/api/v1/records", record).status())
                    .isEqualTo(202);

            await().atMost(Duration.ofMinutes(3))
                    .until(() -> adapter.client()
                            .state("vitals", "V-unknown-patient")
                            .equals("failed"));
            JsonNode status = adapter.client()
                    .get("/api/v1/records/vitals/V-unknown-patient")
                    .body();
            assertThat(status.get("lastError").asText()).startsWith("the patient is unknown to the EHR");
            assertThat(status.get("attempts").asInt()).isEqualTo(1);
        }
    }

    private RunningAdapter adapterOn(Path journal) {
        return new RunningAdapter(Map.of(
                "spring.datasource.url",
                "jdbc:h2:file:./" + journal + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0",
                "adapter.ehr.base-url",
                ehr.baseUrl(),
                "adapter.ehr.dialect",
                "transaction",
                "adapter.clinic.identifier-system",
                NAMESPACE,
                "adapter.patients.mrn-system",
                MRN_SYSTEM));
    }

    private static void postAllAndAwaitDelivery(AdapterClient client) {
        for (String example : EXAMPLES) {
            Answer answer = client.post("/api/v1/records", "application/json", Examples.bytes(example));
            assertThat(answer.status()).as(answer.text()).isEqualTo(202);
        }
        for (String example : EXAMPLES) {
            JsonNode record = Examples.json(example);
            await().atMost(Duration.ofMinutes(3))
                    .untilAsserted(() -> assertThat(client.state(
                                    record.get("kind").asText(),
                                    record.get("sourceId").asText()))
                            .isEqualTo("delivered"));
        }
    }

    private static void postAllExpectingDuplicates(AdapterClient client) {
        for (String example : EXAMPLES) {
            Answer answer = client.post("/api/v1/records", "application/json", Examples.bytes(example));
            assertThat(answer.status()).isEqualTo(202);
            assertThat(answer.body().at("/receipts/0/duplicate").asBoolean()).isTrue();
        }
    }

    private void assertSearchable() {
        IGenericClient fhir = ehr.client();
        String patientId = fhir.search()
                .byUrl("Patient?identifier=" + MRN_SYSTEM + "|100234")
                .returnBundle(Bundle.class)
                .execute()
                .getEntryFirstRep()
                .getResource()
                .getIdElement()
                .getIdPart();
        Encounter encounter = encounterOf("S-2026-000123");

        assertThat(encounter.getSubject().getReference()).isEqualTo("Patient/" + patientId);
        // on the session's Encounter: its 16 vital signs (4 time points), 2 in-session scores, the weight the dose
        // was based on, 1 adverse event and 2 discharge findings; the 6 vital signs of the vitals record
        // (2 readings); the PHQ-9's 9 item Observations, its score and its panel
        assertThat(count("Observation?encounter=Encounter/" + encounter.getIdPart()))
                .isEqualTo(16 + 2 + 1 + 1 + 2 + 6 + 11);
        assertThat(count("Observation?patient=Patient/" + patientId + "&code=http://loinc.org|85354-9"))
                .isEqualTo(5);
        assertThat(count("QuestionnaireResponse?patient=Patient/" + patientId)).isEqualTo(1);
        QuestionnaireResponse response = (QuestionnaireResponse) fhir.search()
                .byUrl("QuestionnaireResponse?identifier=" + NAMESPACE + "|questionnaire/Q-5521/questionnaire-response")
                .returnBundle(Bundle.class)
                .execute()
                .getEntryFirstRep()
                .getResource();
        assertThat(response.getEncounter().getReference()).isEqualTo("Encounter/" + encounter.getIdPart());
        Observation score = (Observation) fhir.search()
                .byUrl("Observation?identifier=" + NAMESPACE + "|questionnaire/Q-5521/score")
                .returnBundle(Bundle.class)
                .execute()
                .getEntryFirstRep()
                .getResource();
        assertThat(score.getValueQuantity().getValue()).isEqualByComparingTo("13");
        assertThat(score.getDerivedFromFirstRep().getReference())
                .isEqualTo("QuestionnaireResponse/" + response.getIdPart());
        assertThat(count("Provenance?target=Encounter/" + encounter.getIdPart()))
                .isEqualTo(1);
        // the session's procedure note and the PHQ-9's progress note, both on the session's Encounter
        assertThat(count("DocumentReference?encounter=Encounter/" + encounter.getIdPart() + "&category=clinical-note"))
                .isEqualTo(2);
    }

    /** Every resource each example maps to is on the server exactly once, found by its identifier or id. */
    private void assertExactlyOneCopyOfEachResource(RunningAdapter adapter) {
        RecordChecker checker = adapter.bean(RecordChecker.class);
        RecordMapping mapping = adapter.bean(RecordMapping.class);
        List<String> urls = new ArrayList<>();
        for (String example : EXAMPLES) {
            CheckResult checked = checker.check(Examples.json(example), "", null);
            for (MappedResource resource :
                    mapping.resources(checked.record(), new MappingContext(Instant.EPOCH, SessionDirectory.NONE))) {
                urls.add(resource.requestUrl());
            }
        }
        assertThat(urls).hasSizeGreaterThan(40);
        for (String url : urls) {
            int copies = url.contains("?") ? count(url) : count(url.replace("/", "?_id="));
            assertThat(copies).as(url).isEqualTo(1);
        }
        assertThat(count("Patient?identifier=" + MRN_SYSTEM + "|100234")).isEqualTo(1);
    }

    private static Encounter encounterOf(String sessionSourceId) {
        Bundle found = ehr.client()
                .search()
                .byUrl("Encounter?identifier=" + NAMESPACE + "|session/" + sessionSourceId + "/encounter")
                .returnBundle(Bundle.class)
                .execute();
        assertThat(found.getEntry()).hasSize(1);
        return (Encounter) found.getEntry().get(0).getResource();
    }

    private static int count(String search) {
        return ehr.client()
                .search()
                .byUrl(search + (search.contains("?") ? "&" : "?") + "_summary=count")
                .returnBundle(Bundle.class)
                .execute()
                .getTotal();
    }
}
