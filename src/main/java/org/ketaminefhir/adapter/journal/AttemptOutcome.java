package org.ketaminefhir.adapter.journal;

import java.time.Instant;
import org.ketaminefhir.adapter.ehr.DeliveryReport;

/**
 * How one delivery attempt ended.
 *
 * @param nextAttemptAt    for {@code retrying}, when to try again
 * @param detail           what the EHR answered (its OperationOutcome's diagnostics) or where the bundle went
 * @param fhirIds          for {@code delivered}, the ids and versions the EHR assigned, as JSON
 * @param operationOutcome for a failure, the OperationOutcome behind it (the validator's or the EHR's), as JSON
 * @param report           for a record sent under a write plan, what was sent, what only the note carries and
 *                         what the EHR could not take; null where the whole bundle went (outbox, failures)
 */
public record AttemptOutcome(
        RecordState state,
        Integer httpStatus,
        String detail,
        String fhirIds,
        Instant nextAttemptAt,
        String operationOutcome,
        DeliveryReport report) {

    public AttemptOutcome(
            RecordState state,
            Integer httpStatus,
            String detail,
            String fhirIds,
            Instant nextAttemptAt,
            String operationOutcome) {
        this(state, httpStatus, detail, fhirIds, nextAttemptAt, operationOutcome, null);
    }

    public static AttemptOutcome delivered(Integer httpStatus, String detail, String fhirIds) {
        return new AttemptOutcome(RecordState.DELIVERED, httpStatus, detail, fhirIds, null, null);
    }

    /** Delivered under a plan: what was sent, and what was not and why. */
    public static AttemptOutcome delivered(Integer httpStatus, String detail, String fhirIds, DeliveryReport report) {
        return new AttemptOutcome(RecordState.DELIVERED, httpStatus, detail, fhirIds, null, null, report);
    }
}
