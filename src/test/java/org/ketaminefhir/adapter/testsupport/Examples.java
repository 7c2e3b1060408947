package org.ketaminefhir.adapter.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The contract's examples as the repository ships them in {@code examples/}, and mutations of them. */
public final class Examples {

    public static final Path DIR = Path.of("examples");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Examples() {}

    public static List<Path> all() {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(DIR.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode json(String name) {
        try {
            return (ObjectNode) JSON.readTree(bytes(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The example with the values at the given JSON pointers replaced (or added) and others removed. */
    public static ObjectNode mutated(String name, Map<String, JsonNode> set, List<String> remove) {
        ObjectNode example = json(name);
        set.forEach((pointer, value) -> {
            JsonNode parent = example.at(parentOf(pointer));
            String last = lastOf(pointer);
            if (parent instanceof ArrayNode array) {
                array.set(Integer.parseInt(last), value);
            } else {
                ((ObjectNode) parent).set(last, value);
            }
        });
        for (String pointer : remove) {
            ((ObjectNode) example.at(parentOf(pointer))).remove(lastOf(pointer));
        }
        return example;
    }

    private static String parentOf(String pointer) {
        return pointer.substring(0, pointer.lastIndexOf('/'));
    }

    private static String lastOf(String pointer) {
        return pointer.substring(pointer.lastIndexOf('/') + 1);
    }
}
