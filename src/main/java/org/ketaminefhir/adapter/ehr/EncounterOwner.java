package org.ketaminefhir.adapter.ehr;

import com.fasterxml.jackson.annotation.JsonValue;

/** Whose Encounter a session's resources are filed against. */
public enum EncounterOwner {
    /** The adapter sends the session's own Encounter and files against it. */
    ADAPTER("adapter"),
    /**
     * The EHR owns encounters (Epic creates none over FHIR): the session is filed against the visit the EHR
     * holds, the one the record names or the one its search finds around the session's time.
     */
    EHR("ehr"),
    /** Nothing is filed against an encounter: links to the session's visit are left out of what is sent. */
    NONE("none");

    private final String wireName;

    EncounterOwner(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }
}
