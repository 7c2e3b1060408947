package org.ketaminefhir.adapter.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.adapter.testsupport.AdapterClient;
import org.ketaminefhir.adapter.testsupport.Examples;
import org.ketaminefhir.adapter.testsupport.RunningAdapter;
import org.ketaminefhir.testserver.InProcessFhirServer;

/**
 * MRNs that mean something in a FHIR search ({@code , | $ \ &}, spaces, {@code +}, {@code %}) against the real
 * FHIR server, each beside decoy patients whose MRNs are what a careless search would find instead (the parts
 * of {@code A,B}, the {@code X} of {@code X&_lastUpdated=…}, the {@code L M} a form decoder makes of
 * {@code L+M}): every record reaches the patient whose MRN is exactly its own, and no decoy gets anything. In
 * the transaction and batch plans (the server resolves the transaction's conditional references; the batch plan searches
 * itself), and with create-missing (the conditional create's ifNoneExist must not find a decoy). The default
 * MRN pattern refuses such MRNs at intake; this is what happens where a clinic's EHR allows them.
 */
class HostileMrnIT {

    private static final String MRN_SYSTEM = "urn:oid:2.16.840.1.113883.3.999.17";
    private static final String NAMESPACE = "urn:ketamine-fhir-adapter:clinic:hostile-mrn-it";

    private InProcessFhirServer ehr;
    private String run;

    @BeforeEach
    void ehr() {
        ehr = InProcessFhirServer.shared();
        run = "Q" + (System.nanoTime() % 1_000_000_000L) + "-";
    }

    /** Each hostile MRN with the decoys a search that reads it as syntax would find. */
    private Map<String, List<String>> hostile() {
        String p = run;
        Map<String, List<String>> mrns = new LinkedHashMap<>();
        mrns.put(p + "A," + p + "B", List.of(p + "A", p + "B"));
        mrns.put(p + "C|" + p + "D", List.of(p + "C", p + "D", p + "C" + p + "D"));
        mrns.put(p + "X&_lastUpdated=gt2000-01-01", List.of(p + "X"));
        mrns.put(p + "F$" + p + "G", List.of(p + "F", p + "G"));
        mrns.put(p + "H\\" + p + "I", List.of(p + "H", p + "I", p + "H" + p + "I"));
        mrns.put(p + "J " + p + "K", List.of(p + "J", p + "K"));
        mrns.put(p + "L+M", List.of(p + "L M"));
        mrns.put(p + "N%4F", List.of(p + "NO"));
        mrns.put(p + "T\\,U", List.of(p + "T\\", p + "U", p + "T,U"));
        return mrns;
    }

    @Test
    void inATransactionEachRecordReachesThePatientWithExactlyItsMrn() {
        try (RunningAdapter adapter = adapter("transaction", false)) {
            deliveredToTheirOwnPatientsOnly(adapter.client(), "T", true);
        }
    }

    @Test
    void inABatchEachRecordReachesThePatientWithExactlyItsMrn() {
        inBatches(false, "B");
    }

    @Test
    void inATransactionAMissingPatientIsCreatedRatherThanADecoyUsed() {
        try (RunningAdapter adapter = adapter("transaction", true)) {
            deliveredToTheirOwnPatientsOnly(adapter.client(), "TC", false);
        }
    }

    @Test
    void inABatchAMissingPatientIsCreatedRatherThanADecoyUsed() {
        inBatches(true, "BC");
    }

    /** The batch plan against a server that refuses anything conditional: the adapter's own searches. */
    private void inBatches(boolean createMissing, String label) {
        BatchPlanIT.BatchOnly batchOnly = new BatchPlanIT.BatchOnly();
        ehr.restfulServer().registerInterceptor(batchOnly);
        try (RunningAdapter adapter = adapter("batch", createMissing)) {
            deliveredToTheirOwnPatientsOnly(adapter.client(), label, !createMissing);
            assertThat(batchOnly.batches.get()).isPositive();
        } finally {
            ehr.restfulServer().unregisterInterceptor(batchOnly);
        }
    }

    private void deliveredToTheirOwnPatientsOnly(AdapterClient client, String label, boolean patientsExist) {
        Map<String, List<String>> hostile = hostile();
        Map<String, String> decoyIds = new LinkedHashMap<>();
        hostile.values().stream().flatMap(List::stream).distinct().forEach(decoy -> decoyIds.put(decoy, create(decoy)));
        if (patientsExist) {
            hostile.keySet().forEach(this::create);
        }
        int i = 0;
        Map<String, String> sourceIds = new LinkedHashMap<>();
        for (String mrn : hostile.keySet()) {
            String sourceId = "V-hm-" + label + "-" + run + i++;
            sourceIds.put(sourceId, mrn);
            assertThat(client.postJson("/api/v1/records", vitals(sourceId, mrn)).status())
                    .as(mrn)
                    .isEqualTo(202);
        }

        for (Map.Entry<String, String> record : sourceIds.entrySet()) {
            String sourceId = record.getKey();
            await().atMost(Duration.ofMinutes(3))
                    .until(() -> !List.of("pending", "retrying").contains(client.state("vitals", sourceId)));
            JsonNode status = client.get("/api/v1/records/vitals/" + sourceId).body();
            assertThat(status.get("state").asText())
                    .as("%s: %s", record.getValue(), status.get("lastError"))
                    .isEqualTo("delivered");
            for (JsonNode id : status.get("fhirIds")) {
                if (id.get("type").asText().equals("Observation")) {
                    Observation observation = ehr.client()
                            .read()
                            .resource(Observation.class)
                            .withId(id.get("id").asText())
                            .execute();
                    Patient subject = ehr.client()
                            .read()
                            .resource(Patient.class)
                            .withId(observation
                                    .getSubject()
                                    .getReferenceElement()
                                    .getIdPart())
                            .execute();
                    assertThat(subject.getIdentifierFirstRep().getValue())
                            .as("the patient of %s", sourceId)
                            .isEqualTo(record.getValue());
                }
            }
        }
        for (Map.Entry<String, String> decoy : decoyIds.entrySet()) {
            Bundle observations = ehr.client()
                    .search()
                    .byUrl("Observation?subject=Patient/" + decoy.getValue())
                    .returnBundle(Bundle.class)
                    .execute();
            assertThat(observations.getEntry())
                    .as("observations of the decoy %s", decoy.getKey())
                    .isEmpty();
        }
    }

    /** A Patient with exactly this MRN, made by a plain create (no search involved); its server id. */
    private String create(String mrn) {
        Patient patient = new Patient();
        patient.addIdentifier().setSystem(MRN_SYSTEM).setValue(mrn);
        patient.addName().setFamily("Decoy").addGiven("Dana");
        return ehr.client().create().resource(patient).execute().getId().getIdPart();
    }

    private static ObjectNode vitals(String sourceId, String mrn) {
        ObjectNode vitals = Examples.json("vitals.json").put("sourceId", sourceId);
        vitals.remove("sessionSourceId");
        ((ObjectNode) vitals.get("patient"))
                .put("mrn", mrn)
                .put("firstName", "Avery")
                .put("lastName", "Lane")
                .put("birthDate", "1984-03-09")
                .put("sex", "female");
        return vitals;
    }

    private RunningAdapter adapter(String dialect, boolean createMissing) {
        return new RunningAdapter(Map.of(
                "spring.datasource.url",
                "jdbc:h2:mem:hostile-mrn-it-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1",
                "adapter.ehr.base-url",
                ehr.baseUrl(),
                "adapter.ehr.dialect",
                dialect,
                "adapter.clinic.identifier-system",
                NAMESPACE,
                "adapter.patients.mrn-system",
                MRN_SYSTEM,
                "adapter.patients.create-missing",
                Boolean.toString(createMissing),
                // an EHR whose MRNs may hold any printable character: the intake's default pattern refuses these
                "adapter.patients.mrn-pattern",
                "[\\x20-\\x7E]{1,64}",
                "adapter.delivery.initial-backoff",
                "200ms",
                "adapter.delivery.max-attempts",
                "2"));
    }
}
