package org.ketaminefhir.adapter.mapping.note;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.ketaminefhir.adapter.mapping.CodeSystems;
import org.ketaminefhir.adapter.mapping.FhirTime;
import org.ketaminefhir.adapter.mapping.MappingScope;
import org.ketaminefhir.adapter.mapping.Profiles;

/**
 * A rendered note as the US Core DocumentReference both Epic and Oracle Health take (docs/fhir.md, Codes and their sources):
 * category clinical-note, a LOINC note type, status current, one attachment of {@code text/plain} that
 * names its charset, {@code context.period} with its end. Its identifier is the record's {@code note} part,
 * so a resend or a correction updates this note, and a retraction marks it entered-in-error, as every
 * other resource of the record.
 *
 * @param type      a LOINC code of US Core's clinical note types
 * @param period    what the note covers; Oracle Health requires its end
 * @param encounter the visit the note belongs to, if known
 */
record NoteDocument(
        Coding type, String title, String text, Period period, Optional<Reference> encounter, List<Reference> authors) {

    static final String PART = "note";
    /** US Core's Clinical Note Type value set (6.1.0): 28570-0 Procedure note, 11506-3 Progress note. */
    static final Coding PROCEDURE_NOTE = new Coding(CodeSystems.LOINC, "28570-0", "Procedure note");

    static final Coding PROGRESS_NOTE = new Coding(CodeSystems.LOINC, "11506-3", "Progress note");
    static final String CONTENT_TYPE = "text/plain; charset=utf-8";

    void addTo(MappingScope scope, DocumentReference.ReferredDocumentStatus docStatus) {
        DocumentReference note = new DocumentReference();
        note.getMeta().addProfile(Profiles.DOCUMENT_REFERENCE);
        note.setStatus(DocumentReferenceStatus.CURRENT);
        note.setDocStatus(docStatus);
        note.setType(new CodeableConcept(type.copy()).setText(type.getDisplay()));
        note.addCategory(new CodeableConcept(
                new Coding(CodeSystems.US_CORE_DOCUMENTREFERENCE_CATEGORY, "clinical-note", "Clinical Note")));
        note.setSubject(scope.patient());
        // when the adapter wrote this revision of the note: the journal's time, so a resend is the same note
        InstantType written = FhirTime.instant(scope.context().receivedAt());
        note.setDateElement(written);
        authors.forEach(note::addAuthor);
        note.addContent()
                .getAttachment()
                .setContentType(CONTENT_TYPE)
                .setData(text.getBytes(StandardCharsets.UTF_8))
                .setTitle(title)
                .setCreationElement(new DateTimeType(written.getValueAsString()));
        encounter.ifPresent(e -> note.getContext().addEncounter(e));
        note.getContext().setPeriod(period);
        scope.add(PART, note);
    }
}
