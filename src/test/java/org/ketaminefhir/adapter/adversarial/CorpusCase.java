package org.ketaminefhir.adapter.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import org.ketaminefhir.adapter.api.auth.Role;
import org.ketaminefhir.adapter.testsupport.AdapterClient;
import org.ketaminefhir.adapter.testsupport.AdapterClient.Answer;
import org.ketaminefhir.adapter.testsupport.TestKeys;

/** One case of the adversarial corpus: what is sent, and what the answer must show (see the corpus README). */
final class CorpusCase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofMinutes(1)).build();

    private CorpusCase() {}

    /** A REST case: the request as the file gives it, sent with the test admin key unless it sends its own. */
    record Rest(
            String method, String path, String contentType, Map<String, String> headers, byte[] body, JsonNode expect) {

        static Rest read(JsonNode spec) {
            JsonNode request = spec.path("request");
            Map<String, String> headers = new java.util.LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it =
                            request.path("headers").fields();
                    it.hasNext(); ) {
                Map.Entry<String, JsonNode> header = it.next();
                headers.put(header.getKey(), header.getValue().asText());
            }
            return new Rest(
                    request.path("method").asText("POST"),
                    request.path("path").asText("/api/v1/records"),
                    request.path("contentType").isMissingNode()
                            ? null
                            : request.path("contentType").asText(),
                    headers,
                    body(request),
                    spec.path("expect"));
        }

        private static byte[] body(JsonNode request) {
            if (request.has("bodyBase64")) {
                return Base64.getDecoder().decode(request.get("bodyBase64").asText());
            }
            if (request.has("bodyRepeat")) {
                JsonNode repeat = request.get("bodyRepeat");
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.writeBytes(repeat.path("prefix").asText().getBytes(StandardCharsets.UTF_8));
                byte[] unit = repeat.path("repeat").asText().getBytes(StandardCharsets.UTF_8);
                for (int i = 0; i < repeat.path("times").asInt(); i++) {
                    out.writeBytes(unit);
                }
                out.writeBytes(repeat.path("suffix").asText().getBytes(StandardCharsets.UTF_8));
                return out.toByteArray();
            }
            return request.path("body").asText("").getBytes(StandardCharsets.UTF_8);
        }

        Answer send(AdapterClient adapter) {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(adapter.baseUrl() + path))
                    .timeout(Duration.ofMinutes(2))
                    .method(
                            method,
                            body.length == 0 && !"POST".equals(method) && !"PUT".equals(method)
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofByteArray(body));
            if (!headers.containsKey("Authorization")) {
                builder.header("Authorization", "Bearer " + TestKeys.of(Role.ADMIN));
            }
            if (contentType != null) {
                builder.header("Content-Type", contentType);
            }
            headers.forEach(builder::header);
            try {
                HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
                String type = response.headers().firstValue("Content-Type").orElse("");
                JsonNode parsed =
                        type.contains("json") && !response.body().isBlank() ? JSON.readTree(response.body()) : null;
                return new Answer(response.statusCode(), type, parsed, response.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        void check(Answer answer) {
            String shown = "HTTP " + answer.status() + " " + excerpt(answer.text());
            if (expect.has("status")) {
                assertThat(answer.status())
                        .as(shown)
                        .isEqualTo(expect.get("status").asInt());
            }
            if (expect.path("problem").asBoolean(false)) {
                assertThat(answer.contentType()).as(shown).startsWith("application/problem+json");
                assertThat(answer.body()).as("a problem+json body: " + shown).isNotNull();
                assertThat(answer.body().path("status").asInt()).as(shown).isEqualTo(answer.status());
            }
            checkText(answer.text(), expect, "body");
            if (expect.has("journaled")) {
                int journaled =
                        answer.status() == 202 ? answer.body().path("receipts").size() : 0;
                assertThat(journaled)
                        .as("records journaled: " + shown)
                        .isEqualTo(expect.get("journaled").asInt());
            }
        }
    }

    static void checkAck(String ack, JsonNode expect) {
        // the field separator is the ACK's own (MSH-1): an ACK answers in the delimiters of its message
        String separator = ack.length() > 3 ? ack.substring(3, 4) : "|";
        String msa = ack.lines().filter(l -> l.startsWith("MSA")).findFirst().orElse("");
        assertThat(msa)
                .as("the ACK's MSA: " + ack)
                .startsWith("MSA" + separator + expect.path("ack").asText() + separator);
        checkText(ack, expect, "ack");
    }

    static void checkFileReport(JsonNode expect, Path moved, JsonNode report) {
        if (expect.path("movesTo").asText().equals("done")) {
            // done/ means every row was journaled: there is no report to count them in
            assertThat(report).as("no errors report beside a file in done/").isNull();
            return;
        }
        if (expect.has("errors") || expect.has("journaled")) {
            assertThat(report)
                    .as("the errors report beside " + moved.getFileName())
                    .isNotNull();
        }
        if (report == null) {
            return;
        }
        if (expect.has("journaled")) {
            assertThat(report.path("accepted").asInt())
                    .as("rows accepted: " + report)
                    .isEqualTo(expect.get("journaled").asInt());
        }
        JsonNode expected = expect.path("errors");
        assertThat(report.path("errors").size())
                .as("errors reported: " + report)
                .isEqualTo(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            JsonNode want = expected.get(i);
            JsonNode got = report.path("errors").get(i);
            String shown = "error " + i + ": " + got;
            for (String field : new String[] {"line", "record", "sourceId", "column", "field"}) {
                if (want.has(field)) {
                    assertThat(got.path(field).asText())
                            .as(shown)
                            .isEqualTo(want.get(field).asText());
                }
            }
            if (want.has("messageContains")) {
                assertThat(got.path("message").asText())
                        .as(shown)
                        .contains(want.get("messageContains").asText());
            }
        }
    }

    static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code <what>Contains}, {@code <what>NotContains} and {@code max<What>Chars} of a case's expectation. */
    private static void checkText(String text, JsonNode expect, String what) {
        String shown = what + ": " + excerpt(text);
        expect.path(what + "Contains").forEach(s -> assertThat(text).as(shown).contains(s.asText()));
        expect.path(what + "NotContains")
                .forEach(s -> assertThat(text).as(shown).doesNotContain(s.asText()));
        String max = "max" + Character.toUpperCase(what.charAt(0)) + what.substring(1) + "Chars";
        if (expect.has(max)) {
            assertThat(text.length())
                    .as(shown)
                    .isLessThanOrEqualTo(expect.get(max).asInt());
        }
    }

    private static String excerpt(String text) {
        return text.length() <= 600 ? text : text.substring(0, 600) + "…";
    }
}
