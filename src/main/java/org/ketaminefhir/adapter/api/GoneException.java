package org.ketaminefhir.adapter.api;

/** What was asked for existed but is no longer kept (a purged record body). */
class GoneException extends RuntimeException {

    GoneException(String message) {
        super(message);
    }
}
