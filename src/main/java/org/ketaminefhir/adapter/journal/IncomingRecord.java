package org.ketaminefhir.adapter.journal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import org.ketaminefhir.adapter.record.ClinicRecord;

/**
 * A checked record on its way into the journal.
 *
 * @param pointer       where it sat in the submitted document, to name it in a conflict
 * @param sessionWindow for a session, from its administration start to its monitoring end (may be null)
 */
public record IncomingRecord(String pointer, ClinicRecord record, ObjectNode normalized, SessionWindow sessionWindow) {

    public record SessionWindow(OffsetDateTime start, OffsetDateTime end) {}

    /** Names the record, never its content. */
    @Override
    public String toString() {
        return "IncomingRecord[" + record.label() + "]";
    }
}
