package org.ketaminefhir.adapter.journal;

import java.time.Instant;

/**
 * A record as the journal holds it.
 *
 * @param payload          the record's body, null once purged after the retention period
 * @param deliveredPayload the record as last delivered (what the EHR holds), or null before the first delivery
 *                         (and once purged)
 * @param purgedAt         when the bodies were purged, or null
 * @param deliveryReport   what the last delivery under a write plan sent, put only in the note, or could not send
 *                         (a {@code DeliveryReport} as JSON), or null: never sent under a plan
 * @param reportRevision   the revision the report describes, or null
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
        String deliveredPayload,
        Instant purgedAt,
        String deliveryReport,
        Integer reportRevision) {

    /** Names the record, never its body: an entry is a route's message, and messages can end up in logs. */
    @Override
    public String toString() {
        return "JournalEntry[" + kind + " " + sourceId + " revision " + revision + ", " + state + "]";
    }
}
