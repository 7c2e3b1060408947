package org.ketaminefhir.adapter.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.adapter.testsupport.Examples;

/**
 * docs/interface.md is the contract users and tests rely on, so every record it shows is a file of
 * {@code examples/}, which RecordsApiIT posts one by one and expects taken. This holds the document to
 * those files: an example it names exists, a record it shows inline is one of them, and every example
 * file is described there.
 */
class DocsExamplesTest {

    private static final Path INTERFACE = RepositoryDocs.DOCS.resolve("interface.md");
    private static final Pattern EXAMPLE_NAME = Pattern.compile("examples/([A-Za-z0-9._-]+\\.json)");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyExampleTheInterfaceNamesIsAFileOfExamples() {
        TreeSet<String> named = namedExamples();

        assertThat(named).as("docs/interface.md names its examples by path").isNotEmpty();
        assertThat(named)
                .allSatisfy(name -> assertThat(Examples.DIR.resolve(name))
                        .as("examples/%s, named in docs/interface.md", name)
                        .isRegularFile());
    }

    @Test
    void everyExampleFileIsNamedInTheInterface() {
        assertThat(namedExamples())
                .containsAll(Examples.all().stream()
                        .map(f -> f.getFileName().toString())
                        .toList());
    }

    @Test
    void everyRecordShownInTheInterfaceIsOneOfTheExampleFiles() throws IOException {
        Map<String, JsonNode> examples = new TreeMap<>();
        for (Path file : Examples.all()) {
            examples.put(file.getFileName().toString(), JSON.readTree(file.toFile()));
        }
        List<String> strays = new ArrayList<>();
        for (String block : RepositoryDocs.codeBlocks(RepositoryDocs.read(INTERFACE), "json")) {
            JsonNode shown = JSON.readTree(block);
            if (isRecord(shown) && !examples.containsValue(shown)) {
                strays.add(block);
            }
        }
        assertThat(strays)
                .as("records shown in docs/interface.md that are not a file of examples/ "
                        + "(put the record in examples/ and name it by path instead)")
                .isEmpty();
    }

    @Test
    void aRecordWrittenInlineIsFoundAndOneFromExamplesIsNot() throws IOException {
        String changed = "```json\n{\"kind\": \"vitals\", \"sourceId\": \"V-not-an-example\"}\n```\n";
        String copied = "```json\n" + Files.readString(Examples.DIR.resolve("vitals.json")) + "```\n";

        assertThat(isRecord(
                        JSON.readTree(RepositoryDocs.codeBlocks(changed, "json").get(0))))
                .isTrue();
        assertThat(JSON.readTree(RepositoryDocs.codeBlocks(copied, "json").get(0)))
                .isEqualTo(JSON.readTree(Examples.bytes("vitals.json")));
    }

    /** A record, or an array of records, as the records API takes them; a problem answer is not one. */
    private static boolean isRecord(JsonNode node) {
        if (node.isArray()) {
            for (JsonNode element : node) {
                if (isRecord(element)) {
                    return true;
                }
            }
            return false;
        }
        return node.isObject() && node.has("kind");
    }

    private static TreeSet<String> namedExamples() {
        TreeSet<String> named = new TreeSet<>();
        Matcher matcher = EXAMPLE_NAME.matcher(RepositoryDocs.read(INTERFACE));
        while (matcher.find()) {
            named.add(matcher.group(1));
        }
        return named;
    }
}
