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
        assertThat(reader.readJson(bytes("{\"a\":1}")))
                .extracting(JsonRecordReader.Located::pointer)
                .containsExactly("");
        assertThat(reader.readJson(bytes("[{\"a\":1},{\"a\":2}]")))
                .extracting(JsonRecordReader.Located::pointer)
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

    @Test
    void aSecondObjectAfterTheFirstIsMalformedNamingWhereItStarts() {
        assertThatThrownBy(() -> reader.readJson(bytes("{\"a\":1}{\"a\":2}")))
                .isInstanceOf(MalformedInputException.class)
                .hasMessageStartingWith("malformed JSON at line 1, column 8: content after the first JSON value");
    }

    @Test
    void ndjsonSentAsJsonIsMalformedAtTheSecondLine() {
        assertThatThrownBy(() -> reader.readJson(bytes("{\"a\":1}\n{\"a\":2}\n")))
                .isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("at line 2, column 1")
                .hasMessageContaining("application/x-ndjson");
    }

    @Test
    void trailingGarbageAndNulBytesAfterTheValueAreMalformed() {
        assertThatThrownBy(() -> reader.readJson(bytes("[{\"a\":1}] xyz")))
                .isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("at line 1, column 11")
                .hasMessageNotContaining("xyz");
        assertThatThrownBy(() -> reader.readJson(bytes("{\"a\":1}\u0000\u0000")))
                .isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("at line 1, column 8");
        assertThatThrownBy(() -> reader.readJson(bytes("{\"a\":1}]")))
                .isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("content after the first JSON value");
    }

    @Test
    void whitespaceAfterTheValueIsFine() {
        assertThat(reader.readJson(bytes("{\"a\":1}\r\n \t\n"))).hasSize(1);
    }

    @Test
    void twoObjectsOnOneNdjsonLineAreMalformedNamingTheLine() {
        assertThatThrownBy(() -> reader.readNdjson(bytes("{\"a\":1}\n{\"a\":2} {\"a\":3}\n")))
                .isInstanceOf(MalformedInputException.class)
                .hasMessageStartingWith("malformed JSON at line 2, column 9")
                .hasMessageContaining("one record per line");
    }

    @Test
    void aByteOrderMarkIsSkipped() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

        assertThat(reader.readJson(concat(bom, bytes("{\"a\":1}"))))
                .extracting(l -> l.node().get("a").asInt())
                .containsExactly(1);
        assertThat(reader.readNdjson(concat(bom, bytes("{\"a\":1}\n{\"a\":2}"))))
                .hasSize(2);
    }

    @Test
    void ndjsonWithCrlfLineEndsNamesTheLineOfAMalformedRecord() {
        assertThat(reader.readNdjson(bytes("{\"a\":1}\r\n\r\n{\"a\":2}\r\n"))).hasSize(2);
        assertThatThrownBy(() -> reader.readNdjson(bytes("{\"a\":1}\r\n\r\n{\"a\":}\r\n")))
                .isInstanceOf(MalformedInputException.class)
                .hasMessageStartingWith("malformed JSON at line 3, column")
                .satisfies(e -> assertThat(((MalformedInputException) e).line()).isEqualTo(3));
    }

    @Test
    void ndjsonOfBlankLinesOnlyHasNoRecords() {
        assertThatThrownBy(() -> reader.readNdjson(bytes("\n \r\n\t\n")))
                .isInstanceOf(MalformedInputException.class)
                .hasMessage("the body has no records; expected one JSON record per line");
    }

    @Test
    void aRawControlCharacterInsideAStringIsMalformedNamingWhereItStands() {
        assertThatThrownBy(() -> reader.readJson(bytes("{\"sourceId\":\n \"S-\u00011\"}")))
                .isInstanceOf(MalformedInputException.class)
                .hasMessageStartingWith("malformed JSON at line 2, column")
                .hasMessageContaining("CTRL-CHAR, code 1");
    }

    @Test
    void aNumberTooLargeForADoubleIsReadSoTheCheckerNamesItsField() {
        List<JsonRecordReader.Located> records = reader.readJson(bytes("{\"readings\":[{\"heartRate\":1e309}]}"));

        assertThat(records.get(0).node().at("/readings/0/heartRate").isNumber()).isTrue();
    }

    @Test
    void aNumberOfMoreDigitsThanJacksonReadsIsMalformed() {
        assertThatThrownBy(() -> reader.readJson(bytes("{\"heartRate\":" + "9".repeat(1001) + "}")))
                .isInstanceOf(MalformedInputException.class)
                .hasMessageStartingWith("malformed JSON")
                .hasMessageContaining("exceeds the maximum")
                .hasMessageNotContaining("9".repeat(50));
    }

    @Test
    void nestingDeeperThanJacksonReadsIsMalformedNotAStackOverflow() {
        assertThatThrownBy(() -> reader.readJson(bytes("[".repeat(5000))))
                .isInstanceOf(MalformedInputException.class)
                .hasMessageStartingWith("malformed JSON")
                .hasMessageContaining("nesting depth");
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
