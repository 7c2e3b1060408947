package org.ketaminefhir.adapter.record;

import java.util.Arrays;
import java.util.Optional;

/** The three kinds of record (docs/interface.md, Records); the lower-case name is the wire form. */
public enum RecordKind {
    SESSION("session"),
    VITALS("vitals"),
    QUESTIONNAIRE("questionnaire");

    private final String wireName;

    RecordKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<RecordKind> fromWireName(String name) {
        return Arrays.stream(values()).filter(k -> k.wireName.equals(name)).findFirst();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
