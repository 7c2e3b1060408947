package org.ketaminefhir.adapter.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.adapter.api.auth.Role;
import org.ketaminefhir.adapter.testsupport.AdapterClient;
import org.ketaminefhir.adapter.testsupport.Examples;
import org.ketaminefhir.adapter.testsupport.RunningAdapter;

/** What exactly the EHR receives, and how the adapter takes the EHR's answers (WireMock as the EHR). */
class EhrRequestIT {

    private static final String NAMESPACE = "urn:ketamine-fhir-adapter:clinic:wiremock";
    private static final String MRN_SYSTEM = "urn:oid:2.16.840.1.113883.3.999.1";
    private static final String TRANSACTION_RESPONSE = """
            {"resourceType": "Bundle", "type": "transaction-response", "entry": [
              {"response": {"status": "201 Created", "location": "QuestionnaireResponse/41/_history/1"}},
              {"response": {"status": "201 Created", "location": "Observation/42/_history/1"}},
              {"response": {"status": "201 Created", "location": "Provenance/kfa-1/_history/1"}}]}
            """;

    private static WireMockServer ehr;
    private final ObjectMapper json = new ObjectMapper();
    private RunningAdapter adapter;

    @BeforeAll
    static void startEhr() {
        ehr = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        ehr.start();
    }

    @AfterAll
    static void stopEhr() {
        ehr.stop();
    }

    @BeforeEach
    void startAdapter() {
        ehr.resetAll();
        adapter = adapter(Map.of());
    }

    /** The adapter against the WireMock EHR; {@code overrides} change the retry settings of one test. */
    private static RunningAdapter adapter(Map<String, Object> overrides) {
        Map<String, Object> properties = new java.util.HashMap<>(Map.of(
                "spring.datasource.url",
                        "jdbc:h2:file:./" + Path.of("target", "ehr-request-it", "journal-" + System.nanoTime()),
                "adapter.ehr.base-url", ehr.baseUrl() + "/fhir",
                "adapter.ehr.dialect", "transaction",
                "adapter.ehr.auth.type", "bearer",
                "adapter.ehr.auth.token", "test-token-123",
                "adapter.clinic.identifier-system", NAMESPACE,
                "adapter.patients.mrn-system", MRN_SYSTEM,
                "adapter.delivery.initial-backoff", "200ms",
                "adapter.delivery.max-attempts", "3",
                "adapter.ehr.read-timeout", "1s"));
        properties.putAll(overrides);
        return new RunningAdapter(properties);
    }

    @AfterEach
    void stopAdapter() {
        adapter.close();
    }

    @Test
    void theEhrReceivesOneTransactionOfConditionalUpdatesOnTheRecordsIdentifiers() throws Exception {
        ehr.stubFor(post(urlEqualTo("/fhir"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/fhir+json")
                        .withBody(TRANSACTION_RESPONSE)));

        adapter.client().post("/api/v1/records", "application/json", Examples.bytes("questionnaire-phq9.json"));

        await().atMost(Duration.ofMinutes(3))
                .until(() -> adapter.client().state("questionnaire", "Q-5521").equals("delivered"));
        ehr.verify(
                1,
                postRequestedFor(urlEqualTo("/fhir"))
                        .withHeader("Content-Type", equalTo("application/fhir+json; charset=UTF-8"))
                        .withHeader("Authorization", equalTo("Bearer test-token-123")));
        LoggedRequest request =
                ehr.findAll(postRequestedFor(urlEqualTo("/fhir"))).get(0);
        JsonNode bundle = json.readTree(request.getBodyAsString());
        assertThat(bundle.get("resourceType").asText()).isEqualTo("Bundle");
        assertThat(bundle.get("type").asText()).isEqualTo("transaction");
        List<String> requests = new java.util.ArrayList<>();
        bundle.get("entry")
                .forEach(e -> requests.add(e.at("/request/method").asText() + " "
                        + e.at("/request/url").asText()));
        // the response, its nine items, the score, the panel, the note and the Provenance
        assertThat(requests)
                .hasSize(1 + 9 + 1 + 1 + 1 + 1)
                .startsWith(
                        "PUT QuestionnaireResponse?identifier=" + NAMESPACE
                                + "|questionnaire/Q-5521/questionnaire-response",
                        "PUT Observation?identifier=" + NAMESPACE + "|questionnaire/Q-5521/item/1");
        assertThat(requests)
                .contains(
                        "PUT Observation?identifier=" + NAMESPACE + "|questionnaire/Q-5521/score",
                        "PUT Observation?identifier=" + NAMESPACE + "|questionnaire/Q-5521/panel",
                        "PUT DocumentReference?identifier=" + NAMESPACE + "|questionnaire/Q-5521/note");
        String provenanceId =
                bundle.at("/entry/" + (requests.size() - 1) + "/resource/id").asText();
        assertThat(requests.get(requests.size() - 1)).isEqualTo("PUT Provenance/" + provenanceId);
        assertThat(provenanceId).startsWith("kfa-");
        for (JsonNode entry : bundle.get("entry")) {
            assertThat(entry.get("fullUrl").asText()).startsWith("urn:uuid:");
            assertThat(entry.at("/resource/subject/reference").asText(null) == null
                            || entry.at("/resource/subject/reference")
                                    .asText()
                                    .equals("Patient?identifier=" + MRN_SYSTEM + "|100234"))
                    .isTrue();
        }
        JsonNode status =
                adapter.client().get("/api/v1/records/questionnaire/Q-5521").body();
        assertThat(status.get("fhirIds"))
                .extracting(id -> id.get("type").asText() + "/" + id.get("id").asText() + "/"
                        + id.get("version").asText())
                .containsExactly("QuestionnaireResponse/41/1", "Observation/42/1", "Provenance/kfa-1/1");
    }

    @Test
    void anUnprocessableEntityFailsAtOnceWithTheEhrsOperationOutcome() {
        ehr.stubFor(post(urlEqualTo("/fhir"))
                .willReturn(aResponse()
                        .withStatus(422)
                        .withHeader("Content-Type", "application/fhir+json")
                        .withBody("""
                        {"resourceType": "OperationOutcome", "issue": [{"severity": "error", "code": "business-rule",
                         "diagnostics": "Observation.status: only final is accepted"}]}
                        """)));

        adapter.client().post("/api/v1/records", "application/json", Examples.bytes("questionnaire-phq9.json"));

        await().atMost(Duration.ofMinutes(3))
                .until(() -> adapter.client().state("questionnaire", "Q-5521").equals("failed"));
        JsonNode status =
                adapter.client().get("/api/v1/records/questionnaire/Q-5521").body();
        assertThat(status.get("lastError").asText())
                .isEqualTo("HTTP 422: error business-rule: Observation.status: only final is accepted");
        assertThat(status.get("attempts").asInt()).isEqualTo(1);
        assertThat(status.at("/attemptLog/0/httpStatus").asInt()).isEqualTo(422);
        ehr.verify(1, postRequestedFor(urlEqualTo("/fhir")));
    }

    @Test
    void aFailedRecordIsADeadLetterThatAnOperatorReplaysOnceTheEhrIsFixed() {
        ehr.stubFor(post(urlEqualTo("/fhir"))
                .willReturn(aResponse()
                        .withStatus(422)
                        .withHeader("Content-Type", "application/fhir+json")
                        .withBody("""
                        {"resourceType": "OperationOutcome", "issue": [{"severity": "error", "code": "business-rule",
                         "diagnostics": "encounter is closed"}]}
                        """)));
        adapter.client().post("/api/v1/records", "application/json", Examples.bytes("questionnaire-phq9.json"));
        await().atMost(Duration.ofMinutes(3))
                .until(() -> adapter.client().state("questionnaire", "Q-5521").equals("failed"));

        JsonNode letters = adapter.client().get("/api/v1/dead-letters").body().get("deadLetters");
        assertThat(letters).hasSize(1);
        long id = letters.get(0).get("id").asLong();
        assertThat(letters.get(0).get("sourceId").asText()).isEqualTo("Q-5521");
        JsonNode detail = adapter.client().get("/api/v1/dead-letters/" + id).body();
        assertThat(detail.at("/attemptLog/0/httpStatus").asInt()).isEqualTo(422);
        assertThat(detail.at("/operationOutcome/issue/0/diagnostics").asText()).isEqualTo("encounter is closed");

        ehr.resetAll();
        ehr.stubFor(post(urlEqualTo("/fhir"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/fhir+json")
                        .withBody(TRANSACTION_RESPONSE)));
        AdapterClient.Answer replay = adapter.client()
                .as(Role.OPERATOR)
                .post("/api/v1/dead-letters/" + id + "/replay", "application/json", new byte[0]);

        assertThat(replay.status()).isEqualTo(202);
        await().atMost(Duration.ofMinutes(3))
                .until(() -> adapter.client().state("questionnaire", "Q-5521").equals("delivered"));
        JsonNode after = adapter.client().get("/api/v1/dead-letters/" + id).body();
        assertThat(after.at("/replays/0/previousState").asText()).isEqualTo("failed");
        assertThat(after.at("/replays/0/replayedBy").asText())
                .as("the operator key's name")
                .isEqualTo("test-operator");
        assertThat(after.get("attemptLog").findValuesAsText("outcome")).containsExactly("failed", "delivered");
        assertThat(adapter.client().get("/api/v1/dead-letters").body().get("deadLetters"))
                .isEmpty();
        assertThat(adapter.client()
                        .post("/api/v1/dead-letters/" + id + "/replay", "application/json", new byte[0])
                        .status())
                .isEqualTo(409);
    }

    @Test
    void aServerErrorIsRetriedWithBackoffUntilTheAttemptsRunOut() {
        ehr.stubFor(post(urlEqualTo("/fhir")).willReturn(aResponse().withStatus(500)));

        adapter.client().post("/api/v1/records", "application/json", Examples.bytes("questionnaire-phq9.json"));

        await().atMost(Duration.ofMinutes(3))
                .until(() -> adapter.client().state("questionnaire", "Q-5521").equals("dead"));
        JsonNode status =
                adapter.client().get("/api/v1/records/questionnaire/Q-5521").body();
        List<String> outcomes = json.convertValue(status.get("attemptLog").findValuesAsText("outcome"), List.class);
        assertThat(outcomes).containsExactly("retrying", "retrying", "dead");
        ehr.verify(3, postRequestedFor(urlEqualTo("/fhir")));
        List<LoggedRequest> requests = ehr.findAll(postRequestedFor(urlEqualTo("/fhir")));
        long firstGap = requests.get(1).getLoggedDate().getTime()
                - requests.get(0).getLoggedDate().getTime();
        long secondGap = requests.get(2).getLoggedDate().getTime()
                - requests.get(1).getLoggedDate().getTime();
        // backoff with jitter: between half and all of 200 ms, then of 400 ms
        assertThat(firstGap).as("first backoff").isGreaterThanOrEqualTo(100);
        assertThat(secondGap).as("second backoff, doubled").isGreaterThanOrEqualTo(200);
    }

    @Test
    void retryAfterOnA503IsHonored() {
        ehr.stubFor(post(urlEqualTo("/fhir"))
                .inScenario("outage")
                .whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "2"))
                .willSetStateTo("back"));
        ehr.stubFor(post(urlEqualTo("/fhir"))
                .inScenario("outage")
                .whenScenarioStateIs("back")
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/fhir+json")
                        .withBody(TRANSACTION_RESPONSE)));

        adapter.client().post("/api/v1/records", "application/json", Examples.bytes("questionnaire-phq9.json"));

        await().atMost(Duration.ofMinutes(3))
                .until(() -> adapter.client().state("questionnaire", "Q-5521").equals("delivered"));
        List<LoggedRequest> requests = ehr.findAll(postRequestedFor(urlEqualTo("/fhir")));
        assertThat(requests).hasSize(2);
        long gap = requests.get(1).getLoggedDate().getTime()
                - requests.get(0).getLoggedDate().getTime();
        assertThat(gap).as("the wait Retry-After asked for").isGreaterThanOrEqualTo(1900);
        JsonNode status =
                adapter.client().get("/api/v1/records/questionnaire/Q-5521").body();
        assertThat(status.at("/attemptLog/0/outcome").asText()).isEqualTo("retrying");
        assertThat(status.at("/attemptLog/0/httpStatus").asInt()).isEqualTo(503);
    }

    @Test
    void throttlingAConflictATimeoutAndAResetAreAllRetried() {
        ehr.stubFor(post(urlEqualTo("/fhir"))
                .inScenario("faults")
                .whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "0"))
                .willSetStateTo("conflict"));
        ehr.stubFor(post(urlEqualTo("/fhir"))
                .inScenario("faults")
                .whenScenarioStateIs("conflict")
                .willReturn(aResponse().withStatus(409))
                .willSetStateTo("slow"));
        ehr.stubFor(post(urlEqualTo("/fhir"))
                .inScenario("faults")
                .whenScenarioStateIs("slow")
                .willReturn(aResponse().withStatus(200).withFixedDelay(3000))
                .willSetStateTo("reset"));
        ehr.stubFor(post(urlEqualTo("/fhir"))
                .inScenario("faults")
                .whenScenarioStateIs("reset")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
                .willSetStateTo("well"));
        ehr.stubFor(post(urlEqualTo("/fhir"))
                .inScenario("faults")
                .whenScenarioStateIs("well")
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/fhir+json")
                        .withBody(TRANSACTION_RESPONSE)));
        adapter.close();
        adapter = adapter(Map.of("adapter.delivery.initial-backoff", "100ms", "adapter.delivery.max-attempts", "6"));

        adapter.client().post("/api/v1/records", "application/json", Examples.bytes("questionnaire-phq9.json"));

        await().atMost(Duration.ofMinutes(3))
                .until(() -> adapter.client().state("questionnaire", "Q-5521").equals("delivered"));
        JsonNode status =
                adapter.client().get("/api/v1/records/questionnaire/Q-5521").body();
        assertThat(status.get("attemptLog").findValuesAsText("outcome"))
                .containsExactly("retrying", "retrying", "retrying", "retrying", "delivered");
        assertThat(status.at("/attemptLog/0/httpStatus").asInt()).isEqualTo(429);
        assertThat(status.at("/attemptLog/1/httpStatus").asInt()).isEqualTo(409);
        assertThat(status.at("/attemptLog/2/detail").asText())
                .contains("could not be reached")
                .contains("Timeout");
        assertThat(status.at("/attemptLog/3/detail").asText()).contains("could not be reached");
    }
}
