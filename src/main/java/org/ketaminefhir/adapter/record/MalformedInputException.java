package org.ketaminefhir.adapter.record;

/** Input that cannot be read as JSON at all (HTTP 400); the message says where and why. */
public class MalformedInputException extends RuntimeException {

    /** the line the problem is on, when it is known (a dropped file's errors report names it apart) */
    private final Integer line;

    public MalformedInputException(String message) {
        this(message, null);
    }

    public MalformedInputException(String message, Integer line) {
        super(message);
        this.line = line;
    }

    public Integer line() {
        return line;
    }
}
