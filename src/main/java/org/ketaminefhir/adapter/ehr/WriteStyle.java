package org.ketaminefhir.adapter.ehr;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a plan's resources travel to the EHR. */
public enum WriteStyle {
    /** One transaction Bundle per record, conditional updates and references by search (a full FHIR server). */
    TRANSACTION("transaction"),
    /** Batch Bundles in layers, references rewritten to the ids the EHR gave (no transaction, no conditional operations). */
    BATCH("batch"),
    /** One create or update request per resource, in the same layers (no transaction, no batch). */
    SINGLE("single");

    private final String wireName;

    WriteStyle(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }
}
