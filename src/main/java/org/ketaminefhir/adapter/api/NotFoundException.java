package org.ketaminefhir.adapter.api;

/** A record or resource the caller asked for that the adapter does not hold (HTTP 404). */
class NotFoundException extends RuntimeException {

    NotFoundException(String message) {
        super(message);
    }
}
