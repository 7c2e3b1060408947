package org.ketaminefhir.adapter.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The corpus of bad input in {@code fixtures/rejections.json}: each case mutates one contract
 * example and names the field error it must produce. A new case is a new entry, not new test code.
 */
public final class Rejections {

    private static final ObjectMapper JSON = new ObjectMapper();

    public record Case(String name, ObjectNode record, String pointer, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    private Rejections() {}

    public static List<Case> all() {
        try (InputStream in = Rejections.class.getResourceAsStream("/fixtures/rejections.json")) {
            List<Case> cases = new ArrayList<>();
            for (JsonNode c : JSON.readTree(in)) {
                Map<String, JsonNode> set = new LinkedHashMap<>();
                c.path("set").fields().forEachRemaining(e -> set.put(e.getKey(), e.getValue()));
                List<String> remove = new ArrayList<>();
                c.path("remove").forEach(p -> remove.add(p.asText()));
                cases.add(new Case(
                        c.get("name").asText(),
                        Examples.mutated(c.get("example").asText(), set, remove),
                        c.get("pointer").asText(),
                        c.get("message").asText()));
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
