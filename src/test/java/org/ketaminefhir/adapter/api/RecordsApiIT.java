package org.ketaminefhir.adapter.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ketaminefhir.adapter.testsupport.AdapterClient;
import org.ketaminefhir.adapter.testsupport.AdapterClient.Answer;
import org.ketaminefhir.adapter.testsupport.Examples;
import org.ketaminefhir.adapter.testsupport.Rejections;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The REST contract (§3.1) on the embedded defaults: H2 journal, bundles to the outbox. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// Spring Boot turns metrics export off in tests unless asked: this test reads /actuator/prometheus
@AutoConfigureObservability(tracing = false)
class RecordsApiIT {

    /** Not a @TempDir: the adapter outlives the test class (Spring caches the context) and may still write. */
    static final Path outbox = Path.of("target", "test-outbox", "records-api-it-" + System.nanoTime());

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:records-api-it;DB_CLOSE_DELAY=-1");
        registry.add("adapter.outbox.dir", outbox::toString);
        registry.add("adapter.delivery.poll-interval", () -> "100ms");
    }

    @LocalServerPort
    int port;

    private final ObjectMapper json = new ObjectMapper();
    private AdapterClient adapter;

    @BeforeEach
    void client() {
        adapter = new AdapterClient(port);
    }

    static List<Path> examples() {
        return Examples.all();
    }

    static List<Rejections.Case> rejections() {
        return Rejections.all();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyExampleIsAcceptedAndItsBundleReachesTheOutbox(Path example) throws IOException {
        Answer answer = adapter.post("/api/v1/records", "application/json", Files.readAllBytes(example));

        assertThat(answer.status()).isEqualTo(202);
        JsonNode receipt = answer.body().get("receipts").get(0);
        String kind = receipt.get("kind").asText();
        String sourceId = receipt.get("sourceId").asText();
        assertThat(receipt.get("receiptId").asText()).startsWith("rcpt-");

        await().atMost(Duration.ofMinutes(2))
                .until(() -> adapter.state(kind, sourceId).equals("delivered"));
        Path bundle = outbox.resolve(kind + "-" + sourceId + "-r1.json");
        assertThat(bundle).exists();
        JsonNode written = json.readTree(bundle.toFile());
        assertThat(written.get("resourceType").asText()).isEqualTo("Bundle");
        assertThat(written.get("type").asText()).isEqualTo("transaction");
        JsonNode status =
                adapter.get("/api/v1/records/" + kind + "/" + sourceId).body();
        assertThat(status.get("attempts").asInt()).isEqualTo(1);
        assertThat(status.get("attemptLog").get(0).get("detail").asText())
                .contains(bundle.getFileName().toString());
    }

    @Test
    void anIdenticalResendIsADuplicateWithTheSameReceipt() {
        ObjectNode record =
                Examples.mutated("vitals.json", Map.of("/sourceId", TextNode.valueOf("V-resend-1")), List.of());

        Answer first = adapter.postJson("/api/v1/records", record);
        Answer second = adapter.postJson("/api/v1/records", record);

        assertThat(second.status()).isEqualTo(202);
        assertThat(second.body().at("/receipts/0/receiptId"))
                .isEqualTo(first.body().at("/receipts/0/receiptId"));
        assertThat(second.body().at("/receipts/0/duplicate").asBoolean()).isTrue();
        assertThat(first.body().at("/receipts/0/duplicate").asBoolean()).isFalse();
    }

    @Test
    void aHigherRevisionIsACorrectionAndOtherContentUnderAnOldRevisionIsAConflict() {
        ObjectNode original =
                Examples.mutated("vitals.json", Map.of("/sourceId", TextNode.valueOf("V-revision-1")), List.of());
        ObjectNode changed = Examples.mutated(
                "vitals.json",
                Map.of("/sourceId", TextNode.valueOf("V-revision-1"), "/readings/0/heartRate", IntNode.valueOf(90)),
                List.of());
        assertThat(adapter.postJson("/api/v1/records", original).status()).isEqualTo(202);

        Answer conflict = adapter.postJson("/api/v1/records", changed);
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.contentType()).startsWith("application/problem+json");
        assertThat(conflict.body().get("detail").asText())
                .contains("vitals V-revision-1 revision 1", "revision 2 or higher");

        changed.put("revision", 2);
        Answer correction = adapter.postJson("/api/v1/records", changed);
        assertThat(correction.status()).isEqualTo(202);
        assertThat(correction.body().at("/receipts/0/revision").asInt()).isEqualTo(2);
        await().atMost(Duration.ofMinutes(2)).until(() -> Files.exists(outbox.resolve("vitals-V-revision-1-r2.json")));

        // the first revision sent again late is harmless: the same receipt as before, nothing changes
        Answer lateResend = adapter.postJson("/api/v1/records", original);
        assertThat(lateResend.status()).isEqualTo(202);
        assertThat(lateResend.body().at("/receipts/0/duplicate").asBoolean()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("rejections")
    void badInputIsAnsweredWith422NamingTheFieldAndNothingIsStored(Rejections.Case bad) {
        String sourceId = "REJ-" + Math.abs(bad.name().hashCode());
        ObjectNode record = bad.record();
        if (!bad.pointer().equals("/sourceId")) {
            record.put("sourceId", sourceId);
        }

        Answer answer = adapter.postJson("/api/v1/records", record);

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.body().get("errors")).anySatisfy(error -> {
            assertThat(error.get("pointer").asText()).isEqualTo(bad.pointer());
            assertThat(error.get("message").asText()).contains(bad.message());
        });
        String kind = record.path("kind").asText("session");
        assertThat(adapter.get("/api/v1/records/" + (kind.equals("vital") ? "vitals" : kind) + "/" + sourceId)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void oneBadRecordInAnArrayRejectsTheWholeSubmissionAndNamesItsIndex() {
        ArrayNode array = json.createArrayNode();
        array.add(Examples.mutated("vitals.json", Map.of("/sourceId", TextNode.valueOf("V-array-ok")), List.of()));
        array.add(Examples.mutated(
                "vitals.json",
                Map.of("/sourceId", TextNode.valueOf("V-array-bad"), "/readings/0/spo2", IntNode.valueOf(140)),
                List.of()));

        Answer answer = adapter.postJson("/api/v1/records", array);

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.body().at("/errors/0/pointer").asText()).isEqualTo("/1/readings/0/spo2");
        assertThat(answer.body().at("/errors/0/record").asText()).isEqualTo("vitals V-array-bad");
        assertThat(adapter.get("/api/v1/records/vitals/V-array-ok").status()).isEqualTo(404);
    }

    @Test
    void ndjsonCarriesOneRecordPerLine() {
        String ndjson = Examples.mutated("vitals.json", Map.of("/sourceId", TextNode.valueOf("V-nd-1")), List.of())
                + "\n\n" + Examples.mutated("vitals.json", Map.of("/sourceId", TextNode.valueOf("V-nd-2")), List.of())
                + "\n";

        Answer answer = adapter.post("/api/v1/records", "application/x-ndjson", ndjson.getBytes());

        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.body().get("receipts"))
                .extracting(r -> r.get("sourceId").asText())
                .containsExactly("V-nd-1", "V-nd-2");
    }

    @Test
    void malformedJsonIs400() {
        Answer answer = adapter.post("/api/v1/records", "application/json", "{\"kind\": \"vitals\", ".getBytes());

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.body().get("detail").asText()).startsWith("malformed JSON at line 1");
    }

    @Test
    void moreThanAThousandRecordsIs413() {
        ArrayNode array = json.createArrayNode();
        for (int i = 0; i < 1001; i++) {
            array.add(Examples.mutated("vitals.json", Map.of("/sourceId", TextNode.valueOf("V-big-" + i)), List.of()));
        }

        Answer answer = adapter.postJson("/api/v1/records", array);

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.body().get("detail").asText()).contains("1001 records", "at most 1000");
    }

    @Test
    void anUnknownRecordIs404() {
        assertThat(adapter.get("/api/v1/records/session/NOPE-1").status()).isEqualTo(404);
        assertThat(adapter.get("/api/v1/records/visit/NOPE-1").status()).isEqualTo(404);
    }

    @Test
    void theDryRunAnswersTheBundleAndItsValidationAndStoresNothing() {
        ObjectNode record = Examples.mutated(
                "questionnaire-phq9.json", Map.of("/sourceId", TextNode.valueOf("Q-dry-1")), List.of());

        Answer answer = adapter.postJson("/api/v1/convert", record);

        assertThat(answer.status()).isEqualTo(200);
        JsonNode result = answer.body().at("/results/0");
        assertThat(result.get("record").asText()).isEqualTo("questionnaire Q-dry-1");
        assertThat(result.get("valid").asBoolean()).isTrue();
        assertThat(result.at("/bundle/type").asText()).isEqualTo("transaction");
        // the response, 9 item Observations, the score, the panel, the Provenance
        assertThat(result.at("/bundle/entry"))
                .extracting(e -> e.at("/resource/resourceType").asText())
                .hasSize(14)
                .startsWith("QuestionnaireResponse")
                .endsWith("Provenance")
                .contains("DocumentReference");
        assertThat(result.at("/operationOutcome/resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(result.at("/operationOutcome/issue"))
                .noneMatch(issue -> issue.get("severity").asText().equals("error"));
        assertThat(adapter.get("/api/v1/records/questionnaire/Q-dry-1").status())
                .isEqualTo(404);
    }

    @Test
    void theDryRunTracesWhereEveryFieldWent() {
        Answer answer = adapter.post("/api/v1/convert?trace=true", "application/json", Examples.bytes("vitals.json"));

        assertThat(answer.status()).isEqualTo(200);
        JsonNode trace = answer.body().at("/results/0/trace");
        assertThat(trace.get("unused")).isEmpty();
        assertThat(trace.get("mapped")).anySatisfy(landing -> {
            assertThat(landing.get("input").asText()).isEqualTo("/readings/1/temperatureC");
            assertThat(landing.get("resource").asText())
                    .isEqualTo("Observation vitals/20261120T173500Z/body-temperature");
            assertThat(landing.get("found").get(0).asText()).isEqualTo("36.9");
        });
    }

    @Test
    void theDryRunRejectsBadInputLikeTheRealThing() {
        ObjectNode record =
                Examples.mutated("questionnaire-phq9.json", Map.of("/total", IntNode.valueOf(20)), List.of());

        Answer answer = adapter.postJson("/api/v1/convert", record);

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.body().at("/errors/0/message").asText()).contains("20", "13");
    }

    @Test
    void prometheusCountsRecordsByKindAndNothingThatNamesAPatient() {
        ObjectNode record =
                Examples.mutated("vitals.json", Map.of("/sourceId", TextNode.valueOf("V-metrics-1")), List.of());
        adapter.postJson("/api/v1/records", record);
        await().atMost(Duration.ofMinutes(2))
                .until(() -> adapter.state("vitals", "V-metrics-1").equals("delivered"));

        String metrics = adapter.get("/actuator/prometheus").text();

        assertThat(metrics)
                .containsPattern("adapter_records_received_total\\{kind=\"vitals\"\\} [1-9]")
                .containsPattern("adapter_records_delivered_total\\{kind=\"vitals\"\\} [1-9]")
                .contains("adapter_delivery_latency_seconds_count{kind=\"vitals\"}")
                .containsPattern("adapter_delivery_preparation_seconds_count\\{kind=\"vitals\"\\} [1-9]")
                .contains("adapter_queue_depth")
                .contains("adapter_queue_oldest_age_seconds");
        assertThat(metrics).doesNotContain("V-metrics-1").doesNotContain("100234");
    }

    @Test
    void anEmptyBodyIsAProblemNamingIt() {
        Answer answer = adapter.post("/api/v1/records", "application/json", new byte[0]);

        assertProblem(answer, 400).contains("the body is empty");
    }

    @Test
    void aQueryParameterOfTheWrongTypeIsAProblemNamingIt() {
        assertProblem(adapter.get("/api/v1/records?limit=abc"), 400).contains("limit: 'abc' is not an integer");
        assertProblem(adapter.get("/api/v1/audit?limit=1e3"), 400).contains("limit: '1e3' is not an integer");
        assertProblem(adapter.get("/api/v1/dead-letters/abc"), 400).contains("id: 'abc' is not an integer");
        assertProblem(
                        adapter.post("/api/v1/convert?trace=maybe", "application/json", Examples.bytes("vitals.json")),
                        400)
                .contains("trace: 'maybe' is not true or false");
    }

    @Test
    void anUnknownPathAWrongMethodAndAWrongContentTypeAreProblems() {
        assertProblem(adapter.get("/api/v1/nothing-here"), 404).contains("there is nothing at '/api/v1/nothing-here'");
        assertProblem(adapter.send("DELETE", "/api/v1/records", BodyPublishers.noBody()), 405)
                .contains("'DELETE'", "allowed: GET, POST");
        // the security firewall refuses TRACE before any handler: a 400, in the same shape
        assertProblem(adapter.send("TRACE", "/api/v1/records", BodyPublishers.noBody()), 400)
                .doesNotContain("Bearer");
        assertProblem(adapter.post("/api/v1/records", "text/plain", Examples.bytes("vitals.json")), 415)
                .contains("Content-Type 'text/plain' is not accepted", "application/json or application/x-ndjson");
        // an error answer is problem+json even when the caller asked for something else
        assertProblem(
                adapter.send("GET", "/api/v1/records?limit=abc", BodyPublishers.noBody(), "Accept", "application/xml"),
                400);
    }

    @Test
    void headersTooLargeForTomcatAreAProblemToo() {
        Answer answer =
                adapter.send("GET", "/api/v1/records", BodyPublishers.noBody(), "X-Padding", "x".repeat(20_000));

        assertProblem(answer, 400).contains("headers are larger than the adapter reads");
    }

    @Test
    void aNumberTooLargeForADoubleIs422NamingTheField() {
        String record = Examples.mutated("vitals.json", Map.of("/sourceId", TextNode.valueOf("V-1e309")), List.of())
                .toString()
                .replaceFirst("\"systolic\":151", "\"systolic\":1e309");

        Answer answer = adapter.post("/api/v1/records", "application/json", record.getBytes());

        assertThat(answer.status()).as(answer.text()).isEqualTo(422);
        assertThat(answer.body().get("errors")).anySatisfy(error -> {
            assertThat(error.get("pointer").asText()).isEqualTo("/readings/0/systolic");
            assertThat(error.get("message").asText()).contains("too large");
        });
    }

    @Test
    void echoedInputIsCutToAnExcerpt() {
        String huge = "Z".repeat(200_000);
        ObjectNode record = Examples.mutated(
                "vitals.json",
                Map.of(
                        "/sourceId",
                        TextNode.valueOf("V-huge-echo"),
                        "/kind",
                        TextNode.valueOf(huge),
                        "/patient/sex",
                        TextNode.valueOf(huge)),
                List.of());

        Answer rejected = adapter.postJson("/api/v1/records", record);
        Answer query = adapter.get("/api/v1/records?state=" + "Q".repeat(5_000));

        assertProblem(rejected, 422).contains("ZZZZ…");
        assertThat(rejected.text().length()).as(rejected.text()).isLessThan(4_000);
        assertProblem(query, 400).contains("QQQQ…");
        assertThat(query.text().length()).isLessThan(2_000);
    }

    @Test
    void aBodyStreamedPastTheLimitIs413() {
        // chunked, with no Content-Length to refuse it by: the limit holds while reading
        InputStream endless = new SequenceInputStream(
                new ByteArrayInputStream("[".getBytes()),
                new ByteArrayInputStream(" ".repeat(11 * 1024 * 1024).getBytes()));

        Answer answer = adapter.send(
                "POST",
                "/api/v1/records",
                BodyPublishers.ofInputStream(() -> endless),
                "Content-Type",
                "application/json");

        assertProblem(answer, 413).contains("larger than 10485760 bytes");
    }

    @Test
    void aConflictAtTheHighestRevisionSaysWhatToDoWithoutOverflowing() {
        ObjectNode original = Examples.mutated(
                "vitals.json",
                Map.of(
                        "/sourceId",
                        TextNode.valueOf("V-max-revision"),
                        "/revision",
                        IntNode.valueOf(Integer.MAX_VALUE)),
                List.of());
        ObjectNode changed = original.deepCopy();
        ((ObjectNode) changed.at("/readings/0")).put("heartRate", 91);
        assertThat(adapter.postJson("/api/v1/records", original).status()).isEqualTo(202);

        Answer conflict = adapter.postJson("/api/v1/records", changed);

        assertProblem(conflict, 409)
                .contains("no revision is higher", "new sourceId")
                .doesNotContain("-2147483648");
    }

    private static org.assertj.core.api.AbstractStringAssert<?> assertProblem(Answer answer, int status) {
        assertThat(answer.status()).as(answer.text()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.body().path("type").asText()).startsWith("https://ketamine-fhir-adapter.example/problems/");
        assertThat(answer.body().path("status").asInt()).isEqualTo(status);
        return assertThat(answer.text());
    }

    @Test
    void readinessIsUpAnonymously() {
        Answer health = adapter.get("/actuator/health");

        assertThat(health.status()).as(health.text()).isEqualTo(200);
        assertThat(health.body().get("status").asText()).isEqualTo("UP");
    }
}
