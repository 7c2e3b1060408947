package org.ketaminefhir.adapter.api;

/** A submission over the configured size or record count (HTTP 413). */
class PayloadTooLargeException extends RuntimeException {

    PayloadTooLargeException(String message) {
        super(message);
    }
}
