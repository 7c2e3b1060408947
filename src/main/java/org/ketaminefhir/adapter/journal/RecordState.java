package org.ketaminefhir.adapter.journal;

/**
 * Delivery states (docs/interface.md, Delivery): received → pending → delivered | retrying | failed | dead, and
 * {@code withheld}: the EHR's write plan takes no part of the record (an athenahealth plan and a vitals
 * record), so there is nothing to send and nothing to retry; the record's delivery report says why for
 * each part.
 */
public enum RecordState {
    RECEIVED,
    PENDING,
    DELIVERED,
    WITHHELD,
    RETRYING,
    FAILED,
    DEAD;

    public String wireName() {
        return name().toLowerCase();
    }

    public static RecordState fromWireName(String name) {
        return valueOf(name.toUpperCase());
    }
}
