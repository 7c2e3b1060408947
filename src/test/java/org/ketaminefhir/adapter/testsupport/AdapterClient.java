package org.ketaminefhir.adapter.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.ketaminefhir.adapter.api.auth.Role;

/**
 * Talks to a running adapter over HTTP, as a clinic system would: with the test admin key unless
 * {@link #as(Role)} or {@link #anonymous()} says otherwise.
 */
public final class AdapterClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String base;
    private final String key;

    public AdapterClient(int port) {
        this("http://127.0.0.1:" + port, TestKeys.of(Role.ADMIN));
    }

    private AdapterClient(String base, String key) {
        this.base = base;
        this.key = key;
    }

    public String baseUrl() {
        return base;
    }

    /** The same adapter, called with the test key of that role. */
    public AdapterClient as(Role role) {
        return new AdapterClient(base, TestKeys.of(role));
    }

    /** The same adapter, called with this key (an unknown one, say). */
    public AdapterClient withKey(String otherKey) {
        return new AdapterClient(base, otherKey);
    }

    /** The same adapter, called with no key. */
    public AdapterClient anonymous() {
        return new AdapterClient(base, null);
    }

    public record Answer(int status, String contentType, JsonNode body, String text) {}

    public Answer post(String path, String contentType, byte[] body) {
        return send(request(path)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build());
    }

    public Answer postJson(String path, JsonNode body) {
        return post(path, "application/json", body.toString().getBytes());
    }

    public Answer get(String path) {
        return send(request(path).GET().build());
    }

    /** Any method, extra headers (name, value, name, value, …) and body, as a careless or hostile client sends them. */
    public Answer send(String method, String path, HttpRequest.BodyPublisher body, String... headers) {
        HttpRequest.Builder builder = request(path).method(method, body);
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return send(builder.build());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path));
        return key == null ? builder : builder.header("Authorization", "Bearer " + key);
    }

    public String state(String kind, String sourceId) {
        Answer answer = get("/api/v1/records/" + kind + "/" + sourceId);
        return answer.status() == 200 ? answer.body().path("state").asText() : "HTTP " + answer.status();
    }

    private Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            JsonNode body = null;
            if (contentType.contains("json") && !response.body().isEmpty()) {
                body = JSON.readTree(response.body());
            }
            return new Answer(response.statusCode(), contentType, body, response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
