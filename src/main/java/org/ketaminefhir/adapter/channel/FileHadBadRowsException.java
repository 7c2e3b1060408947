package org.ketaminefhir.adapter.channel;

/**
 * A dropped file with rows that could not be taken: its good rows are stored, and this failure makes the
 * file route move it to {@code error/}, beside its {@code <name>.errors.json}.
 */
public class FileHadBadRowsException extends RuntimeException {

    public FileHadBadRowsException(String message) {
        super(message);
    }
}
