package org.ketaminefhir.adapter.api;

/** A replay asked for a record that is not failed or dead (HTTP 409). */
class NotReplayableException extends RuntimeException {

    NotReplayableException(String message) {
        super(message);
    }
}
