package org.ketaminefhir.adapter.journal;

import java.time.OffsetDateTime;
import java.util.Optional;
import org.ketaminefhir.adapter.mapping.SessionDirectory;
import org.ketaminefhir.adapter.record.PatientRef;

/** The sessions the journal has accepted, for linking vitals and questionnaires to their Encounter. */
final class JournalSessionDirectory implements SessionDirectory {

    private final Journal journal;

    public JournalSessionDirectory(Journal journal) {
        this.journal = journal;
    }

    @Override
    public boolean isKnown(String sessionSourceId) {
        return journal.isKnownSession(sessionSourceId);
    }

    @Override
    public Optional<String> sessionAt(PatientRef patient, OffsetDateTime time) {
        return journal.sessionAt(patient, time);
    }
}
