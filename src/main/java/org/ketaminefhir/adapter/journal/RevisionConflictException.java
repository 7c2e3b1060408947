package org.ketaminefhir.adapter.journal;

/** A record sent again with the same or a lower revision but different content (HTTP 409). */
public class RevisionConflictException extends RuntimeException {

    private final String pointer;

    RevisionConflictException(String pointer, String message) {
        super(message);
        this.pointer = pointer;
    }

    public String pointer() {
        return pointer;
    }
}
