package org.ketaminefhir.adapter.record;

/**
 * One thing wrong with one field of the input: where (a JSON pointer into the submitted document,
 * or a CSV/HL7 position in later readers), what was wrong, and what would be accepted.
 */
public record FieldError(String pointer, String message) {

    @Override
    public String toString() {
        return pointer + ": " + message;
    }
}
