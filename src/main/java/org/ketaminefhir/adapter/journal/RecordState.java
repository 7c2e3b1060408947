package org.ketaminefhir.adapter.journal;

/** Delivery states of contract §3.1: received → pending → delivered | retrying | failed | dead. */
public enum RecordState {
    RECEIVED, PENDING, DELIVERED, RETRYING, FAILED, DEAD;

    public String wireName() {
        return name().toLowerCase();
    }

    public static RecordState fromWireName(String name) {
        return valueOf(name.toUpperCase());
    }
}
