package org.ketaminefhir.adapter.ehr;

import com.fasterxml.jackson.annotation.JsonValue;

/** What becomes of one resource of a record under a write plan. */
public enum Disposition {
    /** Sent to the EHR as a resource of its own. */
    SENT("sent"),
    /** Not sent as a resource: its content reaches the chart in the record's clinical note. */
    NOTE("note"),
    /** Not sent at all: this EHR has no way to take it over FHIR (the plan says why). */
    NOT_SENT("not-sent");

    private final String wireName;

    Disposition(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }
}
