package org.ketaminefhir.adapter.record;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a JSON document (one record, or an array of records) or NDJSON text into records, each
 * with the JSON pointer by which errors will name it. Malformed input is a {@link MalformedInputException}
 * naming the line and column; so is anything but whitespace after a document's (or an NDJSON line's)
 * one value, which a parser reading "the first value" would otherwise drop without a word.
 */
public final class JsonRecordReader {

    private final ObjectMapper json;

    JsonRecordReader(ObjectMapper json) {
        this.json = json.copy().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    public record Located(String pointer, JsonNode node) {}

    public List<Located> readJson(byte[] body) {
        JsonNode document = readValue(utf8(body), 0);
        if (document == null) {
            throw new MalformedInputException("the body is empty; expected a record, an array of records or NDJSON");
        }
        List<Located> records = new ArrayList<>();
        if (document.isArray()) {
            for (int i = 0; i < document.size(); i++) {
                records.add(new Located("/" + i, document.get(i)));
            }
        } else {
            records.add(new Located("", document));
        }
        return records;
    }

    /** One record per non-blank line; pointers name the line's index among the records ("/0", "/1", …). */
    public List<Located> readNdjson(byte[] body) {
        List<Located> records = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new StringReader(utf8(body)))) {
            String line;
            int lineNumber = 0;
            while ((line = lines.readLine()) != null) {
                lineNumber++;
                JsonNode record = readValue(line, lineNumber);
                if (record != null) {
                    records.add(new Located("/" + records.size(), record));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (records.isEmpty()) {
            throw new MalformedInputException("the body has no records; expected one JSON record per line");
        }
        return records;
    }

    /**
     * The one JSON value of a whole document ({@code ndjsonLine} 0) or of NDJSON line {@code ndjsonLine};
     * null when the text is only whitespace.
     *
     * @throws MalformedInputException when the text is not JSON, or holds more than whitespace after its value
     */
    public JsonNode readValue(String text, int ndjsonLine) {
        try (JsonParser parser = json.createParser(text)) {
            JsonNode value = json.readTree(parser);
            if (value != null) {
                requireNothingAfter(parser, text, ndjsonLine);
            }
            return value;
        } catch (JsonProcessingException e) {
            throw e.getLocation() == null
                    ? malformed(null, null, ndjsonLine, e.getOriginalMessage())
                    : malformed(
                            e.getLocation().getLineNr(),
                            e.getLocation().getColumnNr(),
                            ndjsonLine,
                            e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Fails when anything but JSON whitespace follows the value, naming where it starts (a parser's error
     * on it would name where the stray token ends, or where a NUL byte run stops).
     */
    private static void requireNothingAfter(JsonParser parser, String text, int ndjsonLine) {
        JsonLocation end = parser.currentLocation();
        int line = end.getLineNr();
        int column = end.getColumnNr();
        for (int i = (int) end.getCharOffset(); i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && !(i + 1 < text.length() && text.charAt(i + 1) == '\n'))) {
                line++;
                column = 1;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                column++;
            } else {
                // the content itself is not quoted: it may be a second patient's record
                throw malformed(
                        line,
                        column,
                        ndjsonLine,
                        ndjsonLine > 0
                                ? "a second value after the line's record; NDJSON holds exactly one record per line"
                                : "content after the first JSON value; send several records as one JSON array, or as NDJSON"
                                        + " (Content-Type application/x-ndjson, one record per line)");
            }
        }
    }

    private static String utf8(byte[] body) {
        try {
            return Utf8Input.decode(body);
        } catch (CharacterCodingException e) {
            throw new MalformedInputException("the body is not valid UTF-8; send JSON encoded as UTF-8");
        }
    }

    private static MalformedInputException malformed(Integer line, Integer column, int ndjsonLine, String reason) {
        Integer named = ndjsonLine > 0 ? Integer.valueOf(ndjsonLine) : line;
        String where = column == null ? "" : " at line " + named + ", column " + column;
        return new MalformedInputException("malformed JSON" + where + ": " + reason, named);
    }
}
