package org.ketaminefhir.adapter.delivery;

import org.hl7.fhir.r4.model.Bundle;
import org.ketaminefhir.adapter.journal.JournalEntry;
import org.ketaminefhir.adapter.record.ClinicRecord;

/** A claimed journal entry with its record and the bundle it maps to, ready to send. */
public record PreparedBundle(JournalEntry entry, ClinicRecord record, Bundle bundle) {

    /** Names the record, never its content (a route's message: messages can end up in logs). */
    @Override
    public String toString() {
        return "PreparedBundle[" + entry + "]";
    }
}
