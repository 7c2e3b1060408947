package org.ketaminefhir.adapter.channel;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.ketaminefhir.adapter.record.Hl7Message;
import org.ketaminefhir.adapter.record.Hl7Message.Segment;

/**
 * The general acknowledgment (ACK) of one message, in the message's own delimiters and version (2.5 when
 * the message was unreadable). MSH-9 is {@code ACK^<the message's trigger event>^ACK}: HL7 v2 (2.13.1)
 * gives the general acknowledgment the trigger event of the message it answers and the structure ACK.
 * What it echoes from the message is bounded, so no input, however long, makes a long answer.
 */
final class Hl7Ack {

    /** ERR-3 codes (HL7 table 0357) the listener uses. */
    static final int DATA_TYPE_ERROR = 102;

    static final int VALUE_TOO_LONG = 104;
    static final int DUPLICATE_KEY = 205;

    private static final DateTimeFormatter ACK_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ");
    // MSH-10 is at most 199 characters from v2.7 on (20 before); longer header fields are cut, not echoed whole
    private static final int HEADER_FIELD_CHARS = 199;
    // a safety net above the excerpts of each quoted value: the whole text stays readable on a monitor's screen
    private static final int TEXT_CHARS = 1000;

    private Hl7Ack() {}

    /** @param segment the segment ERR-2 names, or null when the error has no place in the message (then only ERR-3) */
    static String of(Hl7Message message, String code, String text, String segment, int field, int errorCode) {
        return of(message, code, text, segment, 1, field, errorCode);
    }

    /** @param sequence which of the message's segments of that name ERR-2 names (1: the first), e.g. OBX^5^6 */
    static String of(
            Hl7Message message, String code, String text, String segment, int sequence, int field, int errorCode) {
        Segment msh = message == null ? null : message.first("MSH").orElse(null);
        String f = message == null ? "|" : message.fieldSeparator();
        String encoding = message == null ? "^~\\&" : message.encodingCharacters();
        char component = encoding.charAt(0);
        String controlId = header(msh, 10);
        String escaped = escape(Hl7Message.excerpt(text, TEXT_CHARS), f, encoding);
        StringBuilder ack = new StringBuilder("MSH")
                .append(f)
                .append(encoding)
                .append(f)
                .append(header(msh, 5))
                .append(f)
                .append(header(msh, 6))
                .append(f)
                .append(header(msh, 3))
                .append(f)
                .append(header(msh, 4))
                .append(f)
                .append(OffsetDateTime.now(ZoneOffset.UTC).format(ACK_TIME))
                .append(f)
                .append(f)
                .append(messageType(message, msh, component))
                .append(f)
                .append(Hl7Message.excerpt("ACK-" + controlId, HEADER_FIELD_CHARS))
                .append(f)
                .append("P")
                .append(f)
                .append(msh == null ? "2.5" : header(msh, 12))
                .append('\r')
                .append("MSA")
                .append(f)
                .append(code)
                .append(f)
                .append(controlId)
                .append(f)
                .append(escaped)
                .append('\r');
        if (errorCode != 0) {
            ack.append("ERR").append(f).append(f);
            if (segment != null) {
                ack.append(segment)
                        .append(component)
                        .append(sequence)
                        .append(component)
                        .append(field);
            }
            ack.append(f)
                    .append(errorCode)
                    .append(component)
                    .append(component)
                    .append("HL70357")
                    .append(f)
                    .append("E")
                    .append(f)
                    .append(f)
                    .append(f)
                    .append(f)
                    .append(escaped)
                    .append('\r');
        }
        return ack.toString();
    }

    /** An AA: no ERR segment. */
    static String accept(Hl7Message message, String text) {
        return of(message, "AA", text, null, 0, 0);
    }

    private static String header(Segment msh, int field) {
        return msh == null ? "" : Hl7Message.excerpt(msh.field(field), HEADER_FIELD_CHARS);
    }

    /** ACK^A01^ACK for an ADT^A01; plain ACK when the message names no trigger event one could echo. */
    private static String messageType(Hl7Message message, Segment msh, char component) {
        String trigger = msh == null ? "" : message.component(msh.field(9), 2).strip();
        return trigger.matches("[A-Za-z0-9]{1,3}") ? "ACK" + component + trigger + component + "ACK" : "ACK";
    }

    /** The delimiters inside a text become HL7 escape sequences (F, S, R, T and E between escape characters). */
    private static String escape(String text, String separator, String encoding) {
        String e = String.valueOf(encoding.charAt(2));
        return text.replace(e, e + "E" + e)
                .replace(separator, e + "F" + e)
                .replace(String.valueOf(encoding.charAt(0)), e + "S" + e)
                .replace(String.valueOf(encoding.charAt(1)), e + "R" + e)
                .replace(String.valueOf(encoding.charAt(3)), e + "T" + e)
                .replace("\r", " ")
                .replace("\n", " ");
    }
}
