package org.ketaminefhir.testserver;

import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Encounter.EncounterStatus;
import org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;

/**
 * Epic's write rules (docs/fhir.md, Vendor rules and their sources): vital signs ({@code Observation.Create (Vitals)}) only
 * {@code final}, with one {@code code.coding}, on an encounter Epic holds for the same patient that is open (not closed, not a future
 * appointment), and a repeated reading is answered 400 "Reading already exists" (error 59189); clinical
 * notes only on an encounter Epic holds, {@code current}, with exactly one text/plain attachment;
 * QuestionnaireResponses only for questionnaires Epic assigned, so none of a clinic's own forms.
 */
final class EpicRules implements VendorRules {

    /** Closed, cancelled, a future appointment, or a mistake: nothing files to these. */
    private static final Set<EncounterStatus> NOT_OPEN = Set.of(
            EncounterStatus.FINISHED,
            EncounterStatus.CANCELLED,
            EncounterStatus.PLANNED,
            EncounterStatus.ENTEREDINERROR);

    private final EhrHoldings holdings;

    EpicRules(EhrHoldings holdings) {
        this.holdings = holdings;
    }

    @Override
    public Optional<Refusal> create(IBaseResource resource) {
        if (resource instanceof Observation observation) {
            return reading(observation);
        }
        if (resource instanceof DocumentReference note) {
            return note(note);
        }
        if (resource instanceof QuestionnaireResponse) {
            return Optional.of(
                    Refusal.rule("QuestionnaireResponse: only questionnaires this EHR assigned can be answered"));
        }
        return Optional.empty();
    }

    private Optional<Refusal> reading(Observation observation) {
        if (observation.getCode().getCoding().size() != 1) {
            // Epic finds the flowsheet row by one code (LOINC, or a flowsheet id the customer mapped)
            return Optional.of(Refusal.rule("Observation.code: exactly one coding is accepted (was "
                    + observation.getCode().getCoding().size() + ")"));
        }
        if (observation.getStatus() != Observation.ObservationStatus.FINAL) {
            return Optional.of(Refusal.rule("Observation: only status 'final' can be filed (was "
                    + (observation.hasStatus() ? observation.getStatus().toCode() : "none") + ")"));
        }
        Optional<Refusal> encounter =
                encounterRefusal(observation.getEncounter(), observation.getSubject(), "Observation.encounter", true);
        if (encounter.isPresent()) {
            return encounter;
        }
        return holdings.holdsSameReading(observation)
                ? Optional.of(new Refusal(400, IssueType.DUPLICATE, "Reading already exists (59189)"))
                : Optional.empty();
    }

    private Optional<Refusal> note(DocumentReference note) {
        if (note.getStatus() != DocumentReferenceStatus.CURRENT) {
            return Optional.of(Refusal.rule("DocumentReference: only status 'current' can be filed"));
        }
        Optional<Refusal> encounter = encounterRefusal(
                note.getContext().getEncounterFirstRep(),
                note.getSubject(),
                "DocumentReference.context.encounter",
                false);
        if (encounter.isPresent()) {
            return encounter;
        }
        boolean onePlainText = note.getContent().size() == 1
                && contentType(note.getContentFirstRep().getAttachment()).startsWith("text/plain");
        return onePlainText
                ? Optional.empty()
                : Optional.of(Refusal.rule("DocumentReference: exactly one attachment, text/plain, is accepted"));
    }

    /** Why the encounter a resource names cannot take it: not held, another patient's, or (readings) not open. */
    private Optional<Refusal> encounterRefusal(Reference reference, Reference subject, String where, boolean open) {
        Optional<Encounter> held = holdings.encounter(reference);
        if (held.isEmpty()) {
            return Optional.of(Refusal.rule(where + " must name an Encounter this EHR holds ("
                    + (reference.hasReference()
                                    && reference.getReferenceElement().hasIdPart()
                            ? reference
                                            .getReferenceElement()
                                            .toUnqualifiedVersionless()
                                            .getValue() + " is not held"
                            : "none named")
                    + ")"));
        }
        Encounter encounter = held.get();
        String heldAt = encounter.getIdElement().toUnqualifiedVersionless().getValue();
        if (!encounter
                .getSubject()
                .getReferenceElement()
                .toUnqualifiedVersionless()
                .getValue()
                .equals(subject.getReferenceElement().toUnqualifiedVersionless().getValue())) {
            return Optional.of(Refusal.rule(where + ": " + heldAt + " is another patient's encounter"));
        }
        if (open && NOT_OPEN.contains(encounter.getStatus())) {
            return Optional.of(Refusal.rule(where + ": " + heldAt + " is "
                    + encounter.getStatus().toCode() + "; readings file only to an open encounter"));
        }
        return Optional.empty();
    }

    private static String contentType(Attachment attachment) {
        return attachment.hasContentType() ? attachment.getContentType() : "";
    }
}
