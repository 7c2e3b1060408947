package org.ketaminefhir.adapter.delivery;

/**
 * The EHR holds no visit (or several) a record can be filed against yet. A registration may come late, so
 * the record waits and is tried again within {@code adapter.ehr.encounter-wait}; after that it fails with
 * this message, which says what was searched (never patient data beyond the EHR's ids).
 */
class EncounterNotYetHeldException extends RuntimeException {

    public EncounterNotYetHeldException(String whatWasSearched) {
        super(whatWasSearched);
    }
}
