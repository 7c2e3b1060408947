package org.ketaminefhir.adapter.record;

/** Input that cannot be read as JSON at all (HTTP 400); the message says where and why. */
public class MalformedInputException extends RuntimeException {

    public MalformedInputException(String message) {
        super(message);
    }
}
