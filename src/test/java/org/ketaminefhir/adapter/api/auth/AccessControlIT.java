package org.ketaminefhir.adapter.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ketaminefhir.adapter.testsupport.AdapterClient;
import org.ketaminefhir.adapter.testsupport.AdapterClient.Answer;
import org.ketaminefhir.adapter.testsupport.Examples;
import org.ketaminefhir.adapter.testsupport.RunningAdapter;

/**
 * Contract §3.1: every call but the probes needs an API key, and each role may do only its part.
 * Refusals are problem+json and say which role would do; they never repeat what was sent.
 */
class AccessControlIT {

    private static RunningAdapter adapter;
    private static AdapterClient admin;

    @BeforeAll
    static void start() {
        adapter = new RunningAdapter(Map.of(
                "spring.datasource.url",
                "jdbc:h2:mem:access-control-it;DB_CLOSE_DELAY=-1",
                "adapter.outbox.dir",
                Path.of("target", "test-outbox", "access-control-" + System.nanoTime())
                        .toString()));
        admin = adapter.client();
    }

    @AfterAll
    static void stop() {
        adapter.close();
    }

    record Call(String method, String path) {
        Answer by(AdapterClient client) {
            return method.equals("GET") ? client.get(path) : client.post(path, "application/json", "{}".getBytes());
        }
    }

    static List<Call> protectedCalls() {
        return List.of(
                new Call("POST", "/api/v1/records"),
                new Call("POST", "/api/v1/convert"),
                new Call("GET", "/api/v1/records"),
                new Call("GET", "/api/v1/records/vitals/V-1"),
                new Call("POST", "/api/v1/records/vitals/V-1/reveal-mrn"),
                new Call("GET", "/api/v1/dead-letters"),
                new Call("POST", "/api/v1/dead-letters/1/replay"),
                new Call("GET", "/api/v1/overview"),
                new Call("GET", "/api/v1/audit"),
                new Call("GET", "/api/v1/whoami"),
                new Call("GET", "/actuator/prometheus"),
                new Call("GET", "/actuator/info"),
                new Call("GET", "/no/such/page"));
    }

    @ParameterizedTest
    @MethodSource("protectedCalls")
    void withoutAKeyEveryCallButTheProbesIsAnswered401(Call call) {
        Answer answer = call.by(admin.anonymous());

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.body().path("detail").asText()).isEqualTo("send an API key as Authorization: Bearer <key>");
    }

    @Test
    void anUnknownKeyIsToldSo() {
        Answer answer = admin.withKey("kfa_not-a-key-anyone-was-given").get("/api/v1/overview");

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.body().path("detail").asText()).contains("not one the adapter knows");
    }

    @Test
    void theProbesAreAnonymousAndShowDetailsOnlyToOperators() {
        // ready once every route's consumer has polled once (Camel's route health), a second after start at most
        await().atMost(Duration.ofMinutes(3))
                .until(() -> admin.anonymous().get("/actuator/health").status() == 200);
        Answer anonymous = admin.anonymous().get("/actuator/health");
        assertThat(anonymous.status()).isEqualTo(200);
        assertThat(anonymous.body().path("status").asText()).isEqualTo("UP");
        assertThat(anonymous.body().has("components"))
                .as("no details for anonymous callers")
                .isFalse();
        assertThat(admin.anonymous().get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(admin.anonymous().get("/actuator/health/readiness").status()).isEqualTo(200);

        Answer operator = admin.as(Role.OPERATOR).get("/actuator/health");
        assertThat(operator.body().path("components").path("db").path("status").asText())
                .isEqualTo("UP");
        assertThat(operator.body()
                        .path("components")
                        .path("ehr")
                        .path("details")
                        .path("dialect")
                        .asText())
                .isEqualTo("outbox");
    }

    @Test
    void aSubmitterPostsRecordsButReadsNothing() {
        AdapterClient submitter = admin.as(Role.SUBMITTER);
        ObjectNode record = Examples.json("vitals.json").put("sourceId", "V-access-submitter");

        assertThat(submitter.postJson("/api/v1/records", record).status()).isEqualTo(202);

        Answer read = submitter.get("/api/v1/records/vitals/V-access-submitter");
        assertThat(read.status()).isEqualTo(403);
        assertThat(read.contentType()).startsWith("application/problem+json");
        assertThat(read.body().path("detail").asText())
                .isEqualTo("a key with the submitter role may not GET "
                        + "/api/v1/records/vitals/V-access-submitter; it needs the operator or admin role");
        for (String path :
                List.of("/api/v1/dead-letters", "/api/v1/overview", "/api/v1/audit", "/actuator/prometheus")) {
            assertThat(submitter.get(path).status()).as(path).isEqualTo(403);
        }
        assertThat(submitter
                        .post("/api/v1/dead-letters/1/replay", "application/json", new byte[0])
                        .status())
                .isEqualTo(403);
        assertThat(submitter.get("/api/v1/whoami").body().path("role").asText()).isEqualTo("submitter");
    }

    @Test
    void anOperatorReadsAndReplaysButNeitherSubmitsNorSeesAWholeMrn() {
        AdapterClient operator = admin.as(Role.OPERATOR);
        ObjectNode record = Examples.json("vitals.json").put("sourceId", "V-access-operator");
        ((ObjectNode) record.get("patient")).put("mrn", "MRN-7766123");

        Answer refused = operator.postJson("/api/v1/records", record);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body().path("detail").asText()).endsWith("it needs the submitter or admin role");
        assertThat(refused.text()).as("a refusal does not repeat the body").doesNotContain("MRN-7766123");

        assertThat(admin.as(Role.SUBMITTER).postJson("/api/v1/records", record).status())
                .isEqualTo(202);
        Answer status = operator.get("/api/v1/records/vitals/V-access-operator");
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.body().path("mrn").asText()).isEqualTo("•••••••••23");
        assertThat(status.text()).doesNotContain("MRN-7766123");
        assertThat(status.body().path("submissions").get(0).path("submittedBy").asText())
                .isEqualTo("test-submitter");
        assertThat(operator.get("/api/v1/dead-letters").status()).isEqualTo(200);
        assertThat(operator.get("/actuator/prometheus").status()).isEqualTo(200);

        Answer reveal =
                operator.post("/api/v1/records/vitals/V-access-operator/reveal-mrn", "application/json", new byte[0]);
        assertThat(reveal.status()).isEqualTo(403);
        assertThat(reveal.body().path("detail").asText()).endsWith("it needs the admin role");
    }

    @Test
    void anAdminRevealsAnMrnAndTheRevealIsAudited() {
        ObjectNode record = Examples.json("vitals.json").put("sourceId", "V-access-admin");
        ((ObjectNode) record.get("patient")).put("mrn", "MRN-5550001");
        assertThat(admin.as(Role.SUBMITTER).postJson("/api/v1/records", record).status())
                .isEqualTo(202);

        Answer reveal = admin.post("/api/v1/records/vitals/V-access-admin/reveal-mrn", "application/json", new byte[0]);

        assertThat(reveal.status()).isEqualTo(200);
        assertThat(reveal.body().path("mrn").asText()).isEqualTo("MRN-5550001");
        await().atMost(Duration.ofMinutes(3))
                .untilAsserted(() -> assertThat(admin.as(Role.OPERATOR)
                                .get("/api/v1/audit")
                                .body()
                                .path("events")
                                .findValuesAsText("action"))
                        .contains("reveal-mrn"));
        var events = admin.as(Role.OPERATOR).get("/api/v1/audit").body().path("events");
        assertThat(events).anySatisfy(event -> {
            assertThat(event.path("action").asText()).isEqualTo("reveal-mrn");
            assertThat(event.path("actor").asText()).isEqualTo("test-admin");
            assertThat(event.path("sourceId").asText()).isEqualTo("V-access-admin");
        });
        assertThat(events).anySatisfy(event -> {
            assertThat(event.path("action").asText()).isEqualTo("submit");
            assertThat(event.path("actor").asText()).isEqualTo("test-submitter");
            assertThat(event.path("sourceId").asText()).isEqualTo("V-access-admin");
        });
        assertThat(events.toString())
                .as("the audit names callers and records, not patients")
                .doesNotContain("MRN-5550001");
    }
}
