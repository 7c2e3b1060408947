package org.ketaminefhir.testserver;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus;
import org.hl7.fhir.r4.model.Observation;

/**
 * Oracle Health Millennium's rules (docs/fhir.md, Vendor rules and their sources: read in its Observation and DocumentReference create
 * documentation): an Observation has exactly one category, vital-signs or laboratory; a note has status {@code current}, {@code context.period.end} present, exactly one attachment
 * whose contentType names its charset. A correction or retraction may set {@code entered-in-error}.
 */
final class OracleHealthRules implements VendorRules {

    private static final Set<DocumentReferenceStatus> UPDATABLE_TO =
            Set.of(DocumentReferenceStatus.CURRENT, DocumentReferenceStatus.ENTEREDINERROR);

    private static final Set<String> OBSERVATION_CATEGORIES = Set.of("vital-signs", "laboratory");

    @Override
    public Optional<Refusal> create(IBaseResource resource) {
        if (resource instanceof Observation observation) {
            return observation(observation);
        }
        if (!(resource instanceof DocumentReference note)) {
            return Optional.empty();
        }
        if (note.getStatus() != DocumentReferenceStatus.CURRENT) {
            return Optional.of(Refusal.rule("DocumentReference: status must be current"));
        }
        if (!note.getContext().getPeriod().hasEnd()) {
            return Optional.of(Refusal.rule("DocumentReference: context.period.end is required"));
        }
        if (note.getContent().size() != 1) {
            return Optional.of(Refusal.rule("DocumentReference: exactly one content is accepted"));
        }
        String contentType = note.getContentFirstRep().getAttachment().getContentType();
        return contentType != null && contentType.replace(" ", "").toLowerCase().contains(";charset=")
                ? Optional.empty()
                : Optional.of(Refusal.rule("DocumentReference: the attachment's contentType must name its charset"));
    }

    /** Exactly one category, vital-signs or laboratory (Millennium's Observation create). */
    private static Optional<Refusal> observation(Observation observation) {
        List<String> categories = observation.getCategory().stream()
                .flatMap(c -> c.getCoding().stream())
                .map(Coding::getCode)
                .toList();
        return categories.size() == 1 && OBSERVATION_CATEGORIES.contains(categories.get(0))
                ? Optional.empty()
                : Optional.of(
                        Refusal.rule("Observation.category: exactly one, vital-signs or laboratory, is accepted (was "
                                + categories + ")"));
    }

    /** Millennium's Observation update: a PUT may set only these (its Observation create documentation). */
    private static final Set<Observation.ObservationStatus> AMENDED =
            Set.of(Observation.ObservationStatus.AMENDED, Observation.ObservationStatus.CORRECTED);

    @Override
    public Optional<Refusal> update(IBaseResource resource) {
        if (resource instanceof Observation observation && !AMENDED.contains(observation.getStatus())) {
            return Optional.of(Refusal.rule("Observation: an update may set status amended or corrected only (was "
                    + (observation.hasStatus() ? observation.getStatus().toCode() : "none") + ")"));
        }
        return resource instanceof DocumentReference note && !UPDATABLE_TO.contains(note.getStatus())
                ? Optional.of(
                        Refusal.rule("DocumentReference: an update may set status current or entered-in-error only"))
                : Optional.empty();
    }
}
