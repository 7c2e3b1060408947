package org.ketaminefhir.adapter.ehr;

import java.util.Map;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/**
 * The note types a plan may give the clinical note instead of the adapter's (28570-0 Procedure note for a
 * session, 11506-3 Progress note for a questionnaire): US Core 6.1.0's Clinical Note Type value set
 * ({@code us-core-clinical-note-type}), the LOINC codes every US Core server takes for a clinical note.
 */
final class NoteTypes {

    private static final String LOINC = "http://loinc.org";

    /** The value set's codes and their LOINC display names. */
    public static final Map<String, String> US_CORE_CLINICAL_NOTE_TYPES = Map.of(
            "18842-5", "Discharge summary",
            "11488-4", "Consult note",
            "34117-2", "History and physical note",
            "11506-3", "Progress note",
            "28570-0", "Procedure note");

    private NoteTypes() {}

    static boolean known(String code) {
        return US_CORE_CLINICAL_NOTE_TYPES.containsKey(code);
    }

    /** The note's {@code type}: the LOINC coding, its display also as text (as the adapter's notes have it). */
    static CodeableConcept type(String code) {
        String display = US_CORE_CLINICAL_NOTE_TYPES.get(code);
        return new CodeableConcept(new Coding(LOINC, code, display)).setText(display);
    }
}
