package org.ketaminefhir.adapter.mapping;

/**
 * The profile each produced resource names in {@code meta.profile} (US Core 6.1.0, or the adapter's own);
 * a vital sign's is in its definition (vital-signs/*.json).
 */
public final class Profiles {

    private static final String US_CORE = "http://hl7.org/fhir/us/core/StructureDefinition/";
    private static final String LOCAL = CodeSystems.CANONICAL_BASE + "/StructureDefinition/";

    /** The adapter's profiles derive from US Core where US Core has one (fhir-profiles/). */
    public static final String ENCOUNTER = LOCAL + "ketamine-encounter";

    static final String SESSION_ASSESSMENT = LOCAL + "ketamine-session-assessment";
    public static final String REMS_FORM_RESPONSE = LOCAL + "spravato-rems-form-response";
    static final String BODY_WEIGHT = US_CORE + "us-core-body-weight";
    static final String SCREENING_ASSESSMENT = US_CORE + "us-core-observation-screening-assessment";
    static final String QUESTIONNAIRE_RESPONSE = US_CORE + "us-core-questionnaireresponse";
    static final String PROVENANCE = US_CORE + "us-core-provenance";
    public static final String PATIENT = US_CORE + "us-core-patient";
    static final String SIMPLE_OBSERVATION = US_CORE + "us-core-simple-observation";
    /** The clinical note of every session and questionnaire record (mapping.note). */
    public static final String DOCUMENT_REFERENCE = US_CORE + "us-core-documentreference";

    static final String TREATMENT_COURSE = LOCAL + "treatment-course";
    static final String TREATMENT_RESISTANT = LOCAL + "treatment-resistant";
    /** US Core has no MedicationAdministration profile (docs/fhir.md, Codes and their sources): the adapter publishes its own. */
    static final String MEDICATION_ADMINISTRATION = LOCAL + "ketamine-medication-administration";

    private Profiles() {}
}
