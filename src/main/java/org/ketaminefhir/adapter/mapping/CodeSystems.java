package org.ketaminefhir.adapter.mapping;

/** Every code system URL the mapping uses, in one place (sources: docs/fhir.md, Codes and their sources, US Core 6.1.0). */
public final class CodeSystems {

    public static final String LOINC = "http://loinc.org";
    static final String SNOMED = "http://snomed.info/sct";
    static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
    public static final String UCUM = "http://unitsofmeasure.org";
    static final String ICD10_CM = "http://hl7.org/fhir/sid/icd-10-cm";
    public static final String NPI = "http://hl7.org/fhir/sid/us-npi";
    static final String V2_IDENTIFIER_TYPE = "http://terminology.hl7.org/CodeSystem/v2-0203";
    static final String OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
    static final String V3_ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    static final String V3_PARTICIPATION_TYPE = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
    static final String PROVENANCE_PARTICIPANT_TYPE =
            "http://terminology.hl7.org/CodeSystem/provenance-participant-type";
    /** US Core 6.1.0 (and 7.0.0) fix the transmitter agent's type in their own code system, not THO's. */
    static final String US_CORE_PROVENANCE_PARTICIPANT_TYPE =
            "http://hl7.org/fhir/us/core/CodeSystem/us-core-provenance-participant-type";
    /** The category of a clinical note (US Core 6.1.0: clinical-note). */
    public static final String US_CORE_DOCUMENTREFERENCE_CATEGORY =
            "http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category";

    static final String MED_ADMIN_PERFORM_FUNCTION = "http://terminology.hl7.org/CodeSystem/med-admin-perform-function";

    /** The adapter's canonical base: its profiles, Questionnaires and local CodeSystems live under it. */
    static final String CANONICAL_BASE = "https://fhir.ketamine-fhir-adapter.example";
    /** Scales without LOINC codes (MADRS, QIDS-SR16, CADSS, MOAA/S): docs/fhir.md, Codes and their sources. */
    private static final String LOCAL_ASSESSMENTS = CANONICAL_BASE + "/CodeSystem/ketamine-assessments";
    /** Adverse events and the discharge assessment of a session (fhir-profiles/CodeSystem-session-findings.json). */
    static final String LOCAL_SESSION_FINDINGS = CANONICAL_BASE + "/CodeSystem/session-findings";
    /** R4's own code system for mild, moderate and severe adverse events. */
    static final String ADVERSE_EVENT_SEVERITY = "http://terminology.hl7.org/CodeSystem/adverse-event-severity";
    /** Encounter types: no SNOMED concept for a ketamine treatment visit was found (docs/fhir.md, Codes and their sources). */
    static final String LOCAL_ENCOUNTER_TYPES = CANONICAL_BASE + "/CodeSystem/encounter-types";

    private CodeSystems() {}

    /** Resolves the "local" alias of instrument definitions to the local CodeSystem URL. */
    public static String resolve(String system) {
        return "local".equals(system) ? LOCAL_ASSESSMENTS : system;
    }
}
