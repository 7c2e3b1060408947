package org.ketaminefhir.adapter.record;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a JSON document (one record, or an array of records) or NDJSON text into records, each
 * with the JSON pointer by which errors will name it. Malformed input is a {@link MalformedInputException}.
 */
public final class JsonRecordReader {

    private final ObjectMapper json;

    public JsonRecordReader(ObjectMapper json) {
        this.json = json.copy().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    public record Located(String pointer, JsonNode node) {
    }

    public List<Located> readJson(byte[] body) {
        String text = utf8(body);
        JsonNode document;
        try {
            document = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw malformed(e, 0);
        }
        if (document == null || document.isMissingNode()) {
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
                if (line.isBlank()) {
                    continue;
                }
                try {
                    records.add(new Located("/" + records.size(), json.readTree(line)));
                } catch (JsonProcessingException e) {
                    throw malformed(e, lineNumber);
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

    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedInputException("the body is not valid UTF-8; send JSON encoded as UTF-8");
        }
    }

    private static MalformedInputException malformed(JsonProcessingException e, int ndjsonLine) {
        String where = e.getLocation() == null ? ""
                : " at line " + (ndjsonLine > 0 ? ndjsonLine : e.getLocation().getLineNr())
                + ", column " + e.getLocation().getColumnNr();
        String reason = e instanceof JsonParseException ? e.getOriginalMessage() : e.getOriginalMessage();
        return new MalformedInputException("malformed JSON" + where + ": " + reason);
    }
}
