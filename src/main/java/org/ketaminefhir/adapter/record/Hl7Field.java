package org.ketaminefhir.adapter.record;

/**
 * A field of a message: the segment, its occurrence in the message (1 = the first OBX, counted by position,
 * not OBX-1) and the field number. An ERR names it as OBR^1^7; a text as "OBR 1-7" (the form the ACK uses
 * for "OBX 2-5"), free of delimiters.
 */
public record Hl7Field(String segment, int sequence, int field) {

    public String text() {
        return segment.equals("MSH") ? "MSH-" + field : segment + " " + sequence + "-" + field;
    }
}
