package org.ketaminefhir.adapter.mapping;

import java.time.Instant;
import java.util.Optional;
import org.hl7.fhir.r4.model.Reference;

/**
 * What the mapping needs beyond the record itself.
 *
 * @param receivedAt when the journal first accepted this revision: Provenance.recorded, so a resend
 *                   maps to the very same bundle
 * @param sessions   the sessions the adapter knows, to point vitals and questionnaires at their Encounter
 */
public record MappingContext(Instant receivedAt, SessionDirectory sessions) {

    /**
     * The session's Encounter: by a conditional reference when the session is known (it was received
     * first, so per-patient order delivers it first), else by identifier alone, which needs nothing on
     * the server and still names the visit.
     */
    Optional<Reference> encounterOf(String sessionSourceId, ResourceIdentities ids) {
        if (sessionSourceId == null) {
            return Optional.empty();
        }
        return Optional.of(
                sessions.isKnown(sessionSourceId)
                        ? ids.sessionEncounter(sessionSourceId)
                        : ids.sessionEncounterByIdentifier(sessionSourceId));
    }
}
