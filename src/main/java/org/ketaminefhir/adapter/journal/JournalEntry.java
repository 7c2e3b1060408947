package org.ketaminefhir.adapter.journal;

import java.time.Instant;

/**
 * A record as the journal holds it.
 *
 * @param deliveredPayload the record as last delivered (what the EHR holds), or null before the first delivery
 */
public record JournalEntry(
        long id,
        String kind,
        String sourceId,
        int revision,
        String receiptId,
        String payload,
        RecordState state,
        int attempts,
        String lastError,
        String fhirIds,
        Instant receivedAt,
        Instant updatedAt,
        Instant nextAttemptAt,
        String lastOutcome,
        String deliveredPayload) {
}
