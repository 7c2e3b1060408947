package org.ketaminefhir.adapter.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.adapter.testsupport.Examples;
import org.ketaminefhir.adapter.testsupport.RunningAdapter;
import org.ketaminefhir.testserver.InProcessFhirServer;

/**
 * The write plan {@code batch} against an EHR that, like Oracle Health's R4 API, refuses
 * transactions and conditional requests: the real FHIR server with an interceptor in front. Includes a
 * resend after a lost answer (the server commits a batch, the client sees a 500).
 */
class BatchPlanIT {

    private static final String MRN_SYSTEM = "urn:oid:2.16.840.1.113883.3.999.5";
    private static final String NAMESPACE = "urn:ketamine-fhir-adapter:clinic:batch-it";

    private InProcessFhirServer ehr;
    private final BatchOnly batchOnly = new BatchOnly();

    /** Refuses transactions, conditional updates and creates, and references by search; can lose one answer. */
    public static final class BatchOnly {
        final AtomicInteger batches = new AtomicInteger();
        final AtomicBoolean loseNextAnswer = new AtomicBoolean();

        @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
        public boolean refuse(RequestDetails request) {
            String method = request.getRequestType().name();
            if ((method.equals("PUT") || method.equals("DELETE"))
                    && request.getCompleteUrl().contains("?")) {
                throw new InvalidRequestException("conditional operations are not supported");
            }
            if (method.equals("POST") && request.getHeader("If-None-Exist") != null) {
                throw new InvalidRequestException("conditional create is not supported");
            }
            if (method.equals("POST")
                    && (request.getRequestPath() == null
                            || request.getRequestPath().isEmpty())) {
                String body = new String(request.loadRequestContents(), StandardCharsets.UTF_8);
                if (body.contains("\"transaction\"")) {
                    throw new InvalidRequestException("transactions are not supported; use a batch");
                }
                if (body.contains("?identifier=") || body.contains("ifNoneExist")) {
                    throw new InvalidRequestException(
                            "conditional requests and references by search are not supported");
                }
                batches.incrementAndGet();
            }
            return true;
        }

        @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
        public boolean answer(RequestDetails request) {
            if (request.getRequestPath() != null
                    && request.getRequestPath().isEmpty()
                    && loseNextAnswer.compareAndSet(true, false)) {
                throw new InternalErrorException("the answer was lost on the way back");
            }
            return true;
        }
    }

    @BeforeEach
    void ehr() {
        ehr = InProcessFhirServer.shared();
        ehr.ensurePatient(MRN_SYSTEM, "100234");
        ehr.restfulServer().registerInterceptor(batchOnly);
    }

    @AfterEach
    void plainAgain() {
        ehr.restfulServer().unregisterInterceptor(batchOnly);
    }

    private Map<String, Object> batchAdapter() {
        return Map.of(
                "spring.datasource.url",
                "jdbc:h2:file:./" + Path.of("target", "batch-it", "journal-" + System.nanoTime()),
                "adapter.ehr.base-url",
                ehr.baseUrl(),
                "adapter.ehr.plan",
                "batch",
                "adapter.clinic.identifier-system",
                NAMESPACE,
                "adapter.patients.mrn-system",
                MRN_SYSTEM,
                "adapter.delivery.initial-backoff",
                "200ms");
    }

    @Test
    void aSessionGoesInLayersAndAResendAfterALostAnswerMakesNoSecondCopy() {
        try (RunningAdapter adapter = new RunningAdapter(batchAdapter())) {
            batchOnly.loseNextAnswer.set(true);
            adapter.client().post("/api/v1/records", "application/json", Examples.bytes("session-ketamine-iv.json"));

            await().atMost(Duration.ofMinutes(3))
                    .until(() ->
                            adapter.client().state("session", "S-2026-000123").equals("delivered"));
            JsonNode status = adapter.client()
                    .get("/api/v1/records/session/S-2026-000123")
                    .body();
            assertThat(status.get("attemptLog").findValuesAsText("outcome")).containsExactly("retrying", "delivered");
            assertThat(batchOnly.batches.get()).isGreaterThan(2);

            // corrected: the same resources are updated by their remembered ids, none created again
            adapter.client()
                    .postJson(
                            "/api/v1/records",
                            Examples.json("session-ketamine-iv.json")
                                    .put("revision", 2)
                                    .put("location", "salem-annex"));
            await().atMost(Duration.ofMinutes(3))
                    .until(() -> adapter.client()
                                            .get("/api/v1/records/session/S-2026-000123")
                                            .body()
                                            .path("revision")
                                            .asInt()
                                    == 2
                            && adapter.client()
                                    .state("session", "S-2026-000123")
                                    .equals("delivered"));
        }
        ehr.restfulServer().unregisterInterceptor(batchOnly);
        Bundle encounters = ehr.client()
                .search()
                .byUrl("Encounter?identifier=" + NAMESPACE + "|session/S-2026-000123/encounter")
                .returnBundle(Bundle.class)
                .execute();
        assertThat(encounters.getEntry()).hasSize(1);
        String encounterId =
                encounters.getEntryFirstRep().getResource().getIdElement().getIdPart();
        assertThat(((org.hl7.fhir.r4.model.Encounter)
                                encounters.getEntryFirstRep().getResource())
                        .getLocationFirstRep()
                        .getLocation()
                        .getDisplay())
                .isEqualTo("salem-annex");
        // 16 vital signs, 2 scores, weight, 1 adverse event, 2 discharge findings: each once, on the Encounter
        assertThat(ehr.client()
                        .search()
                        .byUrl("Observation?encounter=Encounter/" + encounterId + "&_summary=count")
                        .returnBundle(Bundle.class)
                        .execute()
                        .getTotal())
                .isEqualTo(22);
        Observation heartRate = (Observation) ehr.client()
                .search()
                .byUrl("Observation?identifier=" + NAMESPACE
                        + "|session/S-2026-000123/vitals/20261120T172500Z/heart-rate")
                .returnBundle(Bundle.class)
                .execute()
                .getEntryFirstRep()
                .getResource();
        assertThat(heartRate.getPartOfFirstRep().getReference()).startsWith("MedicationAdministration/");
        assertThat(heartRate.getSubject().getReference()).startsWith("Patient/");
    }

    /** Two resources already carry a record's identifier (made by hand, or by another tool): which to update? Neither, nor a third. */
    @Test
    void aResourceWhoseIdentifierSeveralAlreadyCarryFailsAndAddsNoCopy() {
        String identifier = NAMESPACE + "|session/S-dup-1/encounter";
        for (int copy = 0; copy < 2; copy++) {
            org.hl7.fhir.r4.model.Encounter encounter = new org.hl7.fhir.r4.model.Encounter();
            encounter.addIdentifier().setSystem(NAMESPACE).setValue("session/S-dup-1/encounter");
            encounter.setStatus(org.hl7.fhir.r4.model.Encounter.EncounterStatus.FINISHED);
            encounter
                    .getClass_()
                    .setSystem("http://terminology.hl7.org/CodeSystem/v3-ActCode")
                    .setCode("AMB");
            ehr.client().create().resource(encounter).execute();
        }
        try (RunningAdapter adapter = new RunningAdapter(batchAdapter())) {
            adapter.client()
                    .postJson(
                            "/api/v1/records",
                            Examples.json("session-ketamine-iv.json").put("sourceId", "S-dup-1"));

            await().atMost(Duration.ofMinutes(3))
                    .until(() -> adapter.client().state("session", "S-dup-1").equals("failed"));
            assertThat(adapter.client()
                            .get("/api/v1/records/session/S-dup-1")
                            .body()
                            .path("lastError")
                            .asText())
                    .contains("several resources match Encounter?identifier=" + identifier);
        }
        assertThat(ehr.client()
                        .search()
                        .byUrl("Encounter?identifier=" + identifier)
                        .returnBundle(Bundle.class)
                        .execute()
                        .getEntry())
                .hasSize(2);
    }
}
