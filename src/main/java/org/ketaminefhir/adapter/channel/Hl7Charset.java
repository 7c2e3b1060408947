package org.ketaminefhir.adapter.channel;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ketaminefhir.adapter.record.Hl7Message;
import org.ketaminefhir.adapter.record.MalformedInputException;

/**
 * A frame's bytes as text, in the character set its MSH-18 declares (HL7 table 0211), else in
 * {@code adapter.mllp.charset}; bytes that are not valid in it are refused, never replaced: a name or a value
 * silently altered (U+FFFD) would reach the EHR as if sent so. Only sets that write the delimiters and MSH as
 * ASCII are read (the frame and its header are found byte by byte); UTF-16 and UTF-32 are refused by name.
 *
 * <p>Why its own table: camel-hl7's {@code HL7Charset} names ISO 8859-6 to 8859-9 "8859/1" (so "8859/7" is not
 * found), and HAPI's {@code HL7Charsets} is not public.
 */
final class Hl7Charset {

    /** MSH-18 values (HL7 table 0211) and the Java character sets they name. */
    private static final Map<String, Charset> TABLE_0211 = table();

    /** The text, or why the bytes are not text (with the MSH to answer from, when the header could be read). */
    record Decoded(String text, String problem, Hl7Message header, boolean namedInMsh18) {}

    private Hl7Charset() {}

    /**
     * @param header   the frame's first segment, read as ISO 8859-1 (every byte a character) to find MSH-18
     * @param fallback adapter.mllp.charset, for a message without MSH-18
     */
    static Decoded decode(byte[] frame, String header, Charset fallback) {
        Hl7Message msh = headerOf(header);
        String declared = msh == null
                ? ""
                : msh.first("MSH")
                        .map(s -> msh.component(s.field(18), 1).strip())
                        .orElse("");
        // MSH-18 may repeat (alternate sets with ISO 2022 escapes): the first is the set the message starts in
        declared = msh == null ? declared : msh.repetitions(declared).get(0).strip();
        Charset charset = declared.isEmpty() ? fallback : TABLE_0211.get(declared);
        if (charset == null) {
            return new Decoded(
                    null,
                    "MSH-18 '" + Hl7Message.excerpt(declared) + "' is not a character set this listener reads; "
                            + "expected one of " + String.join(", ", TABLE_0211.keySet())
                            + " (HL7 table 0211), or no MSH-18 for "
                            + fallback.name() + " (adapter.mllp.charset)",
                    msh,
                    true);
        }
        try {
            String text = charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(frame))
                    .toString();
            return new Decoded(text, null, msh, false);
        } catch (CharacterCodingException e) {
            String source = declared.isEmpty()
                    ? "adapter.mllp.charset, as the message has no MSH-18"
                    : "MSH-18 '" + declared + "'";
            return new Decoded(
                    null,
                    "the message holds bytes that are not valid " + charset.name() + " (" + source + "); "
                            + "it was not read. Send it in the character set "
                            + (declared.isEmpty() ? "configured" : "MSH-18 declares")
                            + ", or declare the one it is in, in MSH-18",
                    msh,
                    !declared.isEmpty());
        }
    }

    private static Hl7Message headerOf(String header) {
        try {
            return Hl7Message.parse(header);
        } catch (MalformedInputException e) {
            return null;
        }
    }

    private static Map<String, Charset> table() {
        Map<String, Charset> table = new LinkedHashMap<>();
        table.put("ASCII", StandardCharsets.US_ASCII);
        for (int part : new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 15}) {
            table.put("8859/" + part, Charset.forName("ISO-8859-" + part));
        }
        table.put("UNICODE UTF-8", StandardCharsets.UTF_8);
        return java.util.Collections.unmodifiableMap(table);
    }
}
