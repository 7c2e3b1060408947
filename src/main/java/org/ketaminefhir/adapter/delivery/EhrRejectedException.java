package org.ketaminefhir.adapter.delivery;

/**
 * The EHR refused the bundle for a reason a resend will not fix (a 4xx other than 408 and 429):
 * the record becomes {@code failed} at once, with the EHR's answer kept.
 */
public class EhrRejectedException extends RuntimeException {

    private final int httpStatus;

    public EhrRejectedException(int httpStatus, String detail) {
        super(detail);
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
