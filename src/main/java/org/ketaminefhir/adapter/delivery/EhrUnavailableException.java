package org.ketaminefhir.adapter.delivery;

/** The EHR could not take the bundle now (5xx, 408, 429, a network error): worth retrying. */
public class EhrUnavailableException extends RuntimeException {

    private final Integer httpStatus;

    public EhrUnavailableException(Integer httpStatus, String detail) {
        super(detail);
        this.httpStatus = httpStatus;
    }

    public Integer httpStatus() {
        return httpStatus;
    }
}
