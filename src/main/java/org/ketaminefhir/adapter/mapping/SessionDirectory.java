package org.ketaminefhir.adapter.mapping;

import java.time.OffsetDateTime;
import java.util.Optional;
import org.ketaminefhir.adapter.record.PatientRef;

/** What the adapter knows of sessions, so vitals and questionnaires can point at their Encounter. */
public interface SessionDirectory {

    /** A directory that knows no session: everything is referenced by identifier only. */
    SessionDirectory NONE = new SessionDirectory() {
        @Override
        public boolean isKnown(String sessionSourceId) {
            return false;
        }

        @Override
        public Optional<String> sessionAt(PatientRef patient, OffsetDateTime time) {
            return Optional.empty();
        }
    };

    boolean isKnown(String sessionSourceId);

    /** The patient's session whose administration start to monitoring end contains the time (docs/interface.md, Records). */
    Optional<String> sessionAt(PatientRef patient, OffsetDateTime time);
}
