package org.ketaminefhir.adapter.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonRecordReaderTest {

    private final JsonRecordReader reader = new JsonRecordReader(new ObjectMapper());

    @Test
    void oneRecordHasTheEmptyPointerAndArrayElementsTheirIndex() {
        assertThat(reader.readJson(bytes("{\"a\":1}"))).extracting(JsonRecordReader.Located::pointer).containsExactly("");
        assertThat(reader.readJson(bytes("[{\"a\":1},{\"a\":2}]"))).extracting(JsonRecordReader.Located::pointer)
                .containsExactly("/0", "/1");
    }

    @Test
    void ndjsonSkipsBlankLines() {
        List<JsonRecordReader.Located> records = reader.readNdjson(bytes("{\"a\":1}\n\n{\"a\":2}\n"));

        assertThat(records).extracting(JsonRecordReader.Located::pointer).containsExactly("/0", "/1");
    }

    @Test
    void malformedJsonNamesLineAndColumn() {
        assertThatThrownBy(() -> reader.readJson(bytes("{\"kind\": \"session\",\n \"sourceId\": }")))
                .isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("line 2, column");
    }

    @Test
    void malformedNdjsonNamesTheLine() {
        assertThatThrownBy(() -> reader.readNdjson(bytes("{\"a\":1}\n{\"a\":\n")))
                .isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("line 2");
    }

    @Test
    void truncatedJsonIsMalformed() {
        assertThatThrownBy(() -> reader.readJson(bytes("[{\"kind\": \"vitals\"}, {\"kind\"")))
                .isInstanceOf(MalformedInputException.class)
                .hasMessageStartingWith("malformed JSON");
    }

    @Test
    void aDuplicatedKeyIsMalformedRatherThanSilentlyOverwritten() {
        assertThatThrownBy(() -> reader.readJson(bytes("{\"sourceId\":\"a\",\"sourceId\":\"b\"}")))
                .isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("sourceId");
    }

    @Test
    void latin1TextIsNotUtf8() {
        byte[] latin1 = "{\"text\":\"naus\u00e9e\"}".getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> reader.readJson(latin1))
                .isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("not valid UTF-8");
    }

    @Test
    void anEmptyBodyIsMalformed() {
        assertThatThrownBy(() -> reader.readJson(bytes("  ")))
                .isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("empty");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
