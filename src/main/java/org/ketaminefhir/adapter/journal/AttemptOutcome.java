package org.ketaminefhir.adapter.journal;

import java.time.Instant;

/**
 * How one delivery attempt ended.
 *
 * @param nextAttemptAt for {@code retrying}, when to try again
 * @param detail        what the EHR answered (its OperationOutcome's diagnostics) or where the bundle went
 * @param fhirIds          for {@code delivered}, the ids and versions the EHR assigned, as JSON
 * @param operationOutcome for a failure, the OperationOutcome behind it (the validator's or the EHR's), as JSON
 */
public record AttemptOutcome(RecordState state, Integer httpStatus, String detail, String fhirIds, Instant nextAttemptAt,
                             String operationOutcome) {

    public static AttemptOutcome delivered(Integer httpStatus, String detail, String fhirIds) {
        return new AttemptOutcome(RecordState.DELIVERED, httpStatus, detail, fhirIds, null, null);
    }
}
