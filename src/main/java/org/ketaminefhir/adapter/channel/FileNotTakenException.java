package org.ketaminefhir.adapter.channel;

import org.ketaminefhir.adapter.record.RecordKind;

/**
 * A dropped file that could not be taken this time (the journal refused its rows, the disk was full):
 * its route leaves it in place for the next poll. The message names the folder, never the file, whose
 * name may be a patient's.
 */
class FileNotTakenException extends RuntimeException {

    public FileNotTakenException(RecordKind kind, String submittedBy) {
        super(
                "a " + kind + " file from " + submittedBy + " was not taken; it stays in the inbox for the next poll",
                null,
                false,
                false);
    }
}
