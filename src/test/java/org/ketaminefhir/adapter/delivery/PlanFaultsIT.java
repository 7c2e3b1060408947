package org.ketaminefhir.adapter.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ketaminefhir.adapter.testsupport.Examples;
import org.ketaminefhir.adapter.testsupport.RunningAdapter;
import org.ketaminefhir.testserver.EhrShape;
import org.ketaminefhir.testserver.InProcessFhirServer;

/**
 * The delivery faults against every write plan and the EHR it is made for: WireMock stands between the
 * adapter and the shaped test EHR, passes everything through, and answers the first write (POST or PUT) of
 * one record with the fault instead; a lost answer is the shaped EHR's own (the write done, its answer a
 * 500). For each fault, what an operator reads in the record's status (state, attempts, each attempt's
 * outcome and detail), the spacing of the writes on the wire (backoff after a 500, Retry-After's seconds
 * after a 503 or 429), and what the EHR then holds: exactly what the status says was sent, one copy each,
 * as much as a delivery without a fault leaves. Every case has its own patient, so the content lookups of
 * one case never see another's resources. SMART Backend Services throughout: the token expires early once
 * (a 401) and is renewed once.
 */
class PlanFaultsIT {

    private static final String NAMESPACE = "urn:ketamine-fhir-adapter:clinic:plan-faults";
    private static final String MRN_SYSTEM = "urn:oid:2.16.840.1.113883.3.999.1";
    /** The clinical resource types the EHR is asked for by patient; Provenance is counted on the whole server. */
    private static final List<String> BY_PATIENT = List.of(
            "Encounter", "MedicationAdministration", "Observation", "QuestionnaireResponse", "DocumentReference");

    private static final Duration INITIAL_BACKOFF = Duration.ofMillis(400);
    /** Longer than a session's batch on a busy 2-core machine takes, shorter than the fault's delay. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(4);

    private static final AtomicInteger CASES = new AtomicInteger();

    private static WireMockServer wire;
    private static Path keyFile;

    /**
     * One fault on the first write of the record under test.
     *
     * @param answer   WireMock's answer to that write; null: none (no fault, or the EHR's lost answer)
     * @param outcomes the record's attempt log
     * @param status   the HTTP status of the first attempt, where it has one
     * @param detail   what the first attempt's detail says
     * @param gap      the least time between the faulted write and the next one (null: not asserted)
     */
    private record Case(
            String name,
            ResponseDefinitionBuilder answer,
            List<String> outcomes,
            Integer status,
            String detail,
            Duration gap) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static List<Case> cases(String ehrOrigin) {
        return List.of(
                new Case("no fault", null, List.of("delivered"), null, null, null),
                new Case(
                        "500",
                        aResponse().withStatus(500),
                        List.of("retrying", "delivered"),
                        500,
                        "HTTP 500",
                        INITIAL_BACKOFF.dividedBy(2)), // backoff with jitter: at least half the initial backoff
                new Case(
                        "503 with Retry-After",
                        aResponse().withStatus(503).withHeader("Retry-After", "1"),
                        List.of("retrying", "delivered"),
                        503,
                        "retry after 1 s",
                        Duration.ofSeconds(1)),
                new Case(
                        "429 with Retry-After",
                        aResponse().withStatus(429).withHeader("Retry-After", "1"),
                        List.of("retrying", "delivered"),
                        429,
                        "retry after 1 s",
                        Duration.ofSeconds(1)),
                // the EHR carries out the write, its answer comes after the adapter stopped waiting
                new Case(
                        "read timeout",
                        aResponse().proxiedFrom(ehrOrigin).withFixedDelay((int)
                                READ_TIMEOUT.plusSeconds(2).toMillis()),
                        List.of("retrying", "delivered"),
                        null,
                        "could not be reached",
                        INITIAL_BACKOFF.dividedBy(2)),
                new Case(
                        "connection reset",
                        aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
                        List.of("retrying", "delivered"),
                        null,
                        "could not be reached",
                        INITIAL_BACKOFF.dividedBy(2)),
                new Case("lost answer", null, List.of("retrying", "delivered"), 500, "HTTP 500", null),
                // last: the token expired early; the EHR's 401 gets one new token and the same write again
                new Case("401 expired token", aResponse().withStatus(401), List.of("delivered"), null, null, null));
    }

    static Stream<Arguments> plans() {
        return Stream.of(
                Arguments.of("full", EhrShape.FULL),
                Arguments.of("batch", EhrShape.FULL),
                Arguments.of("oracle-health", EhrShape.ORACLE_HEALTH),
                Arguments.of("epic", EhrShape.EPIC),
                Arguments.of("athenahealth", EhrShape.ATHENAHEALTH),
                // an EHR that files notes and nothing else of the adapter's: any that takes DocumentReference
                Arguments.of("notes-only", EhrShape.FULL));
    }

    @BeforeAll
    static void start() throws Exception {
        wire = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        wire.start();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keyFile = Files.createTempFile("plan-faults-", ".pem");
        Files.writeString(
                keyFile,
                "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder()
                                .encodeToString(
                                        generator.generateKeyPair().getPrivate().getEncoded())
                        + "\n-----END PRIVATE KEY-----\n");
    }

    @AfterAll
    static void stop() throws IOException {
        wire.stop();
        Files.deleteIfExists(keyFile);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plans")
    void everyFaultEndsInOneCopyOfWhatThePlanSends(String plan, EhrShape shape) throws Exception {
        InProcessFhirServer ehr = InProcessFhirServer.shaped(shape);
        ehr.attempts().clear();
        URI base = URI.create(ehr.baseUrl());
        String origin = base.getScheme() + "://" + base.getAuthority();
        wire.resetAll();
        wire.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(origin)));
        // HAPI's JPA server builds its CapabilityStatement anew each minute, on a busy machine slower than the
        // adapter's read timeout waits: the EHR's statement, read once, is answered from here
        wire.stubFor(get(urlPathEqualTo("/fhir/metadata"))
                .atPriority(5)
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/fhir+json")
                        .withBody(statement(ehr))));
        wire.stubFor(post(urlEqualTo("/token"))
                .atPriority(1)
                .inScenario("tokens")
                .whenScenarioStateIs(STARTED)
                .willReturn(token("tok-1"))
                .willSetStateTo("renewed"));
        wire.stubFor(post(urlEqualTo("/token"))
                .atPriority(1)
                .inScenario("tokens")
                .whenScenarioStateIs("renewed")
                .willReturn(token("tok-2")));

        try (RunningAdapter adapter = new RunningAdapter(properties(plan))) {
            Map<String, Integer> clean = null;
            for (Case fault : cases(origin)) {
                Map<String, Integer> held = deliverWith(fault, plan, ehr, adapter);
                if (clean == null) {
                    clean = held;
                    assertThat(clean.values().stream()
                                    .mapToInt(Integer::intValue)
                                    .sum())
                            .as("%s: what a delivery without a fault leaves on the EHR", plan)
                            .isPositive();
                } else {
                    assertThat(held)
                            .as("%s, %s: the EHR holds as much as after a delivery without a fault", plan, fault)
                            .isEqualTo(clean);
                }
            }
        }
        assertThat(wire.findAll(postRequestedFor(urlEqualTo("/token"))))
                .as("%s: one token, and one more after the 401", plan)
                .hasSize(2);
        assertThat(ehr.attempts().refused())
                .as("%s: nothing the EHR refuses was sent", plan)
                .isEmpty();
    }

    /**
     * A session and its questionnaire for a patient of their own, the fault on the first write of the one the
     * plan sends (the session; the questionnaire where the plan sends nothing of a session); the count by type
     * of what the EHR then holds for them.
     */
    private Map<String, Integer> deliverWith(Case fault, String plan, InProcessFhirServer ehr, RunningAdapter adapter) {
        int number = CASES.incrementAndGet();
        String mrn = "PF" + number;
        String session = "S-PF-" + number;
        String questionnaire = "Q-PF-" + number;
        IIdType patient = ehr.ensurePatient(MRN_SYSTEM, mrn);
        IIdType visit = plan.equals("epic") ? openVisit(ehr, patient, session) : null;
        boolean sessionSent = !plan.equals("athenahealth");
        int provenanceBefore = total(ehr, "Provenance");
        ObjectNode sessionRecord = Examples.json("session-ketamine-iv.json").put("sourceId", session);
        ((ObjectNode) sessionRecord.get("patient")).put("mrn", mrn);
        ObjectNode questionnaireRecord = Examples.json("questionnaire-phq9.json")
                .put("sourceId", questionnaire)
                .put("sessionSourceId", session);
        ((ObjectNode) questionnaireRecord.get("patient")).put("mrn", mrn);

        String scenario = fault.name() + " " + number;
        List<StubMapping> armed = sessionSent ? arm(fault, scenario, ehr) : List.of();
        JsonNode sessionStatus = delivered(adapter, "session", sessionRecord, plan, fault);
        disarm(armed);
        armed = sessionSent ? List.of() : arm(fault, scenario, ehr);
        JsonNode questionnaireStatus = delivered(adapter, "questionnaire", questionnaireRecord, plan, fault);
        disarm(armed);

        String what = plan + ", " + fault.name();
        assertAttempts(sessionSent ? sessionStatus : questionnaireStatus, fault, scenario, what);
        if (!sessionSent) {
            assertThat(sessionStatus.get("fhirIds"))
                    .as("%s: nothing of a session is sent", what)
                    .isEmpty();
            assertThat(sessionStatus.at("/attemptLog/0/detail").asText())
                    .as(what)
                    .contains(
                            "the EHR's write plan takes no part of this record: not sent: 1 Encounter (athenahealth's");
        }
        return oneCopyOfWhatWasSent(
                ehr, patient, mrn, visit, provenanceBefore, List.of(sessionStatus, questionnaireStatus), what);
    }

    /** What an operator reads in the status of the record that met the fault, and the wire's timing. */
    private static void assertAttempts(JsonNode underTest, Case fault, String scenario, String what) {
        assertThat(underTest.get("attemptLog").findValuesAsText("outcome"))
                .as("%s: the attempts", what)
                .isEqualTo(fault.outcomes());
        assertThat(underTest.get("attempts").asInt())
                .as("%s: the attempt count", what)
                .isEqualTo(fault.outcomes().size());
        assertThat(underTest
                        .at("/attemptLog/" + (fault.outcomes().size() - 1) + "/detail")
                        .asText())
                .as("%s: the last attempt's detail", what)
                .contains("accepted");
        if (fault.status() != null) {
            assertThat(underTest.at("/attemptLog/0/httpStatus").asInt())
                    .as("%s: the first attempt's status", what)
                    .isEqualTo(fault.status());
        }
        if (fault.detail() != null) {
            assertThat(underTest.at("/attemptLog/0/detail").asText())
                    .as("%s: the first attempt's detail", what)
                    .contains(fault.detail());
        }
        if (fault.gap() != null) {
            ServeEvent[] requests = faultedAndNext(scenario, what);
            assertThat(Duration.between(
                            requests[0].getRequest().getLoggedDate().toInstant(),
                            requests[1].getRequest().getLoggedDate().toInstant()))
                    .as("%s: from the faulted write to the next request", what)
                    .isGreaterThanOrEqualTo(fault.gap());
        }
        if (fault.name().startsWith("401")) {
            ServeEvent[] requests = faultedAndNext(scenario, what);
            assertThat(requests[0].getRequest().getHeader("Authorization"))
                    .as(what)
                    .isEqualTo("Bearer tok-1");
            assertThat(requests[1].getRequest().getHeader("Authorization"))
                    .as("%s: the new token", what)
                    .isEqualTo("Bearer tok-2");
        }
    }

    /**
     * The EHR holds what the records' statuses say was sent, each once, and one patient; on Epic the readings
     * on the visit it holds. The count by type of what it holds for the patient (the seeded visit not counted).
     */
    private static Map<String, Integer> oneCopyOfWhatWasSent(
            InProcessFhirServer ehr,
            IIdType patient,
            String mrn,
            IIdType visit,
            int provenanceBefore,
            List<JsonNode> statuses,
            String what) {
        Set<String> sent = new LinkedHashSet<>();
        for (JsonNode status : statuses) {
            status.get("fhirIds")
                    .forEach(id -> sent.add(
                            id.get("type").asText() + "/" + id.get("id").asText()));
        }
        Map<String, List<String>> held = held(ehr, patient);
        List<String> heldClinical = held.values().stream()
                .flatMap(List::stream)
                .filter(id -> visit == null || !id.equals(visit.getValue()))
                .toList();
        assertThat(heldClinical)
                .as("%s: the EHR holds each resource once, and what the status says was sent", what)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(sent.stream()
                        .filter(id -> BY_PATIENT.contains(id.substring(0, id.indexOf('/'))))
                        .toList());
        long provenanceSent =
                sent.stream().filter(id -> id.startsWith("Provenance/")).count();
        assertThat(total(ehr, "Provenance") - provenanceBefore)
                .as("%s: one Provenance for each the status names", what)
                .isEqualTo((int) provenanceSent);
        assertThat(ehr.unshapedClient()
                        .search()
                        .byUrl("Patient?identifier=" + MRN_SYSTEM + "|" + mrn)
                        .returnBundle(Bundle.class)
                        .execute()
                        .getEntry())
                .as("%s: one patient", what)
                .hasSize(1);
        if (visit != null) {
            assertThat(held.get("Observation")).as("%s: readings filed", what).isNotEmpty();
            assertThat(held.get("DocumentReference"))
                    .as("%s: the notes filed", what)
                    .isNotEmpty();
            assertThat(ehr.unshapedClient()
                            .search()
                            .byUrl("Observation?encounter=" + visit.getValue() + "&_count=500")
                            .returnBundle(Bundle.class)
                            .execute()
                            .getEntry())
                    .as("%s: the readings on the visit Epic holds", what)
                    .hasSameSizeAs(held.get("Observation"));
        }
        Map<String, Integer> counts = new TreeMap<>();
        held.forEach((type, ids) -> counts.put(
                type, (int) ids.stream().filter(heldClinical::contains).count()));
        counts.put("Provenance", (int) provenanceSent);
        return counts;
    }

    /**
     * The write that met the fault (its scenario's stub answered it) and the next request to the EHR: the next
     * attempt's first (a search, or the write again), or with a 401 the same write with the new token.
     */
    private static ServeEvent[] faultedAndNext(String scenario, String what) {
        // WireMock lists the newest first
        List<ServeEvent> requests = new ArrayList<>(wire.getAllServeEvents().stream()
                .filter(event -> event.getRequest().getUrl().startsWith("/fhir"))
                .toList());
        Collections.reverse(requests);
        for (int i = 0; i < requests.size() - 1; i++) {
            StubMapping stub = requests.get(i).getStubMapping();
            if (stub != null && scenario.equals(stub.getScenarioName())) {
                return new ServeEvent[] {requests.get(i), requests.get(i + 1)};
            }
        }
        throw new AssertionError(what + ": no write met the fault, or no request followed it");
    }

    /** The fault on the next write (POST or PUT) only, as a scenario: after it, writes pass to the EHR. */
    private static List<StubMapping> arm(Case fault, String scenario, InProcessFhirServer ehr) {
        if (fault.name().equals("lost answer")) {
            ehr.loseNextWriteAnswer();
            return List.of();
        }
        if (fault.answer() == null) {
            return List.of();
        }
        List<StubMapping> stubs = new ArrayList<>();
        for (var method : List.of(post(urlPathMatching("/fhir.*")), put(urlPathMatching("/fhir.*")))) {
            stubs.add(wire.stubFor(method.atPriority(1)
                    .inScenario(scenario)
                    .whenScenarioStateIs(STARTED)
                    .willReturn(fault.answer())
                    .willSetStateTo("passed")));
        }
        return stubs;
    }

    private static void disarm(List<StubMapping> stubs) {
        stubs.forEach(wire::removeStub);
    }

    /** Settled: delivered, or withheld where the plan sends nothing of the record (an athenahealth session). */
    private static JsonNode delivered(RunningAdapter adapter, String kind, ObjectNode record, String plan, Case fault) {
        String sourceId = record.get("sourceId").asText();
        assertThat(adapter.client().postJson("/api/v1/records", record).status())
                .isEqualTo(202);
        await().atMost(Duration.ofMinutes(3))
                .until(() -> Set.of("delivered", "withheld", "failed", "dead")
                        .contains(adapter.client().state(kind, sourceId)));
        JsonNode status =
                adapter.client().get("/api/v1/records/" + kind + "/" + sourceId).body();
        boolean nothingSent = plan.equals("athenahealth") && kind.equals("session");
        assertThat(status.get("state").asText())
                .as("%s, %s: the %s's state (last error: %s)", plan, fault, kind, status.get("lastError"))
                .isEqualTo(nothingSent ? "withheld" : "delivered");
        return status;
    }

    /** What the EHR holds for the patient, by type ({@code Type/id}). */
    private static Map<String, List<String>> held(InProcessFhirServer ehr, IIdType patient) {
        Map<String, List<String>> held = new TreeMap<>();
        for (String type : BY_PATIENT) {
            Bundle found = ehr.unshapedClient()
                    .search()
                    .byUrl(type + "?patient=" + patient.getValue() + "&_count=500")
                    .returnBundle(Bundle.class)
                    .execute();
            held.put(
                    type,
                    found.getEntry().stream()
                            .map(entry -> type + "/"
                                    + entry.getResource().getIdElement().getIdPart())
                            .toList());
        }
        return held;
    }

    private static String statement(InProcessFhirServer ehr) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(ehr.baseUrl() + "/metadata"))
                .header("Accept", "application/fhir+json")
                .timeout(Duration.ofMinutes(3))
                .build();
        HttpResponse<String> answer = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as("the EHR's /metadata").isEqualTo(200);
        return answer.body();
    }

    private static int total(InProcessFhirServer ehr, String type) {
        return ehr.unshapedClient()
                .search()
                .byUrl(type + "?_summary=count")
                .returnBundle(Bundle.class)
                .execute()
                .getTotal();
    }

    /**
     * The visit Epic holds for the session: open, begun before the administration, and carrying the session's
     * encounter identifier, by which the adapter finds it (the record's own field for the EHR's visit is not on
     * this branch yet).
     */
    private static IIdType openVisit(InProcessFhirServer ehr, IIdType patient, String session) {
        Encounter visit = new Encounter();
        visit.setStatus(Encounter.EncounterStatus.INPROGRESS);
        visit.setClass_(new org.hl7.fhir.r4.model.Coding(
                "http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", "ambulatory"));
        visit.setSubject(new Reference(patient));
        visit.getPeriod().setStartElement(new DateTimeType("2026-11-20T08:00:00-08:00"));
        visit.addIdentifier().setSystem(NAMESPACE).setValue("session/" + session + "/encounter");
        return ehr.seed(visit);
    }

    private static Map<String, Object> properties(String plan) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("spring.datasource.url", "jdbc:h2:mem:plan-faults-" + plan + ";DB_CLOSE_DELAY=-1");
        properties.put("adapter.ehr.base-url", wire.baseUrl() + "/fhir");
        properties.put("adapter.ehr.plan", plan);
        properties.put("adapter.ehr.auth.type", "smart-backend");
        properties.put("adapter.ehr.auth.token-url", wire.baseUrl() + "/token");
        properties.put("adapter.ehr.auth.client-id", "ketamine-clinic-adapter");
        properties.put("adapter.ehr.auth.key-id", "plan-faults");
        properties.put("adapter.ehr.auth.key-file", keyFile.toString());
        properties.put("adapter.clinic.identifier-system", NAMESPACE);
        properties.put("adapter.patients.mrn-system", MRN_SYSTEM);
        properties.put("adapter.delivery.initial-backoff", INITIAL_BACKOFF.toMillis() + "ms");
        properties.put("adapter.delivery.max-attempts", "4");
        properties.put("adapter.ehr.read-timeout", READ_TIMEOUT.toSeconds() + "s");
        return properties;
    }

    private static ResponseDefinitionBuilder token(String token) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"access_token\": \"" + token + "\", \"token_type\": \"bearer\", \"expires_in\": 3600}");
    }
}
