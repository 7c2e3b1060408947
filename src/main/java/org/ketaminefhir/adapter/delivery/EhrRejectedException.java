package org.ketaminefhir.adapter.delivery;

import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * The EHR refused the bundle for a reason a resend will not fix (a 4xx other than 408 and 429):
 * the record becomes {@code failed} at once, with the EHR's answer kept.
 */
class EhrRejectedException extends RuntimeException {

    private final int httpStatus;
    private final OperationOutcome operationOutcome;

    public EhrRejectedException(int httpStatus, String detail, OperationOutcome operationOutcome) {
        super(detail);
        this.httpStatus = httpStatus;
        this.operationOutcome = operationOutcome;
    }

    /** The EHR's OperationOutcome, or null when it sent none. */
    public OperationOutcome operationOutcome() {
        return operationOutcome;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
