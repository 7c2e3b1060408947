package org.ketaminefhir.adapter.api;

/** A query parameter the API cannot use; the message names it and what is accepted. */
class BadQueryException extends RuntimeException {

    BadQueryException(String message) {
        super(message);
    }
}
