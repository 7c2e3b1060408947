package org.ketaminefhir.adapter.journal;

/**
 * What the caller gets back for each accepted record. The receipt id follows from the record's
 * identity, revision and content, so a harmless resend gets the very same receipt (docs/interface.md, Records).
 */
public record Receipt(String receiptId, String kind, String sourceId, int revision, String state, boolean duplicate) {}
