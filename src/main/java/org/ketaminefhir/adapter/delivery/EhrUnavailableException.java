package org.ketaminefhir.adapter.delivery;

import java.time.Duration;
import java.util.Optional;

/** The EHR could not take the bundle now (5xx, 408, 409, 429, a network error): worth retrying. */
public class EhrUnavailableException extends RuntimeException {

    private final Integer httpStatus;
    private final Duration retryAfter;

    public EhrUnavailableException(Integer httpStatus, String detail) {
        this(httpStatus, detail, null);
    }

    /** @param retryAfter what the EHR's Retry-After asked for (429, 503), or null */
    public EhrUnavailableException(Integer httpStatus, String detail, Duration retryAfter) {
        super(detail);
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
    }

    public Integer httpStatus() {
        return httpStatus;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
