package org.ketaminefhir.adapter.ehr;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Resource;

/**
 * How the records reach one kind of EHR: how resources travel ({@link WriteStyle}), whose encounter they are
 * filed against ({@link EncounterOwner}), and for every resource type the adapter produces whether it is
 * sent, carried by the clinical note, or not sent at all, and why. Plans are data
 * ({@code ehr-plans/<name>.json}); {@link WritePlans} reads and checks them.
 *
 * @param name          what an operator sets {@code adapter.ehr.plan} to
 * @param title         one line for the log, the status page and docs/fhir.md
 * @param recognizes    CapabilityStatement fields ({@code publisher}, {@code software}) that name this EHR, so
 *                      {@code auto} takes this plan with its rules; empty: never chosen by {@code auto} on its own
 * @param writes        transaction, batch or single requests
 * @param encounter     whose encounter the session is filed against
 * @param resources     the rule for each resource type the adapter produces
 * @param note          the clinical note as this EHR files it ({@code docStatus}, note types); null: the adapter's settings
 * @param singleCoding  send an Observation with its first code coding only (an EHR that finds its flowsheet row by one code)
 * @param conceptMap    a FHIR ConceptMap (class path or file) translating codes for this EHR; null: codes as mapped
 * @param alreadyExists texts in an EHR's refusal that mean the resource is already there (counted as delivered)
 */
public record WritePlan(
        String name,
        String title,
        Map<String, String> recognizes,
        WriteStyle writes,
        EncounterOwner encounter,
        Map<String, ResourceRule> resources,
        NoteRules note,
        boolean singleCoding,
        String conceptMap,
        List<String> alreadyExists) {

    /** Every resource type the adapter produces; a plan names a rule for each. */
    public static final List<String> PRODUCED_TYPES = List.of(
            "Patient",
            "Encounter",
            "MedicationAdministration",
            "Observation",
            "QuestionnaireResponse",
            "DocumentReference",
            "Provenance");

    /** The types whose content the clinical note carries (a session's or a questionnaire's). */
    public static final List<String> CARRIED_BY_NOTE =
            List.of("Encounter", "MedicationAdministration", "Observation", "QuestionnaireResponse");

    public WritePlan {
        recognizes = recognizes == null ? Map.of() : Map.copyOf(recognizes);
        resources = resources == null ? Map.of() : new LinkedHashMap<>(resources);
        alreadyExists = alreadyExists == null ? List.of() : List.copyOf(alreadyExists);
    }

    /** The rule for one resource, its Observation category considered. */
    public ResourceRule rule(Resource resource) {
        return rule(resource.fhirType()).ruleFor(resource);
    }

    public ResourceRule rule(String resourceType) {
        ResourceRule rule = resources.get(resourceType);
        if (rule == null) {
            throw new IllegalArgumentException("the plan " + name + " has no rule for " + resourceType);
        }
        return rule;
    }

    WritePlan with(
            String newName,
            String newTitle,
            WriteStyle newWrites,
            EncounterOwner newEncounter,
            Map<String, ResourceRule> newResources) {
        return new WritePlan(
                newName,
                newTitle,
                recognizes,
                newWrites,
                newEncounter,
                newResources,
                note,
                singleCoding,
                conceptMap,
                alreadyExists);
    }

    /**
     * This plan with the operator's ConceptMap ({@code adapter.ehr.concept-map}) instead of its own: each Epic
     * customer maps flowsheet rows themselves.
     */
    public WritePlan withConceptMap(String location) {
        return new WritePlan(
                name, title, recognizes, writes, encounter, resources, note, singleCoding, location, alreadyExists);
    }

    /**
     * @param docStatus {@code final} (filed signed) or {@code preliminary} (left for a clinician to sign); null:
     *                  {@code adapter.notes.doc-status}
     * @param types     by record kind ({@code session}, {@code questionnaire}), the LOINC note type this EHR files
     *                  the note under, one of US Core's clinical note types ({@link NoteTypes}); a kind not named
     *                  keeps the adapter's (28570-0 Procedure note, 11506-3 Progress note)
     */
    public record NoteRules(String docStatus, Map<String, String> types) {

        /** The record kinds that have a clinical note. */
        public static final List<String> NOTE_KINDS = List.of("session", "questionnaire");

        public NoteRules {
            types = types == null ? Map.of() : Map.copyOf(types);
        }
    }
}
