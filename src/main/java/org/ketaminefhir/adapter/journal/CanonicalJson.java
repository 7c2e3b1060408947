package org.ketaminefhir.adapter.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/** Compact JSON with keys sorted, so equal content always hashes equal whatever the key order sent. */
final class CanonicalJson {

    private final ObjectMapper json;

    CanonicalJson(ObjectMapper json) {
        this.json = json.copy().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    }

    String write(JsonNode node) {
        try {
            return json.writeValueAsString(json.convertValue(node, Map.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a checked record could not be written back as JSON", e);
        }
    }

    static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
