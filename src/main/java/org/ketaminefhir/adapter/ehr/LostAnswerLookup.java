package org.ketaminefhir.adapter.ehr;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How, before a create, the adapter looks for what an earlier attempt whose answer was lost may have
 * created: without conditional creates, this is what keeps a resend from making a second copy.
 */
public enum LostAnswerLookup {
    /** Search by the resource's business identifier: for EHRs that keep a client's identifier and search by it. */
    IDENTIFIER("identifier"),
    /** Search by what the EHR keeps of the resource: its patient, its code (or note type) and its time. */
    CONTENT("content");

    private final String wireName;

    LostAnswerLookup(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }
}
