package org.ketaminefhir.adapter.journal;

import java.time.Instant;

/** A record as the journal holds it. */
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
        String lastOutcome) {
}
