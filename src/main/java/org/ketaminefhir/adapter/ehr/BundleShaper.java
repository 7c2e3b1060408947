package org.ketaminefhir.adapter.ehr;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Cuts a record's bundle (as mapped and validated: every resource, conditional updates) to what one plan
 * sends. A resource the plan does not send is left out and counted in the {@link DeliveryReport} with the
 * plan's reason; a reference to it is left out of what is sent (all such references are optional
 * elements: partOf, derivedFrom, supportingInformation, Provenance.target). Where the EHR owns encounters,
 * references to the session's Encounter become the conditional reference other records already use for
 * it ({@code Encounter?identifier=…}), which delivery resolves to the EHR's own visit; where nothing is
 * filed against an encounter, they are left out. A Patient the plan does not create (with
 * {@code adapter.patients.create-missing}) is referred to by MRN instead, as when creation is off.
 */
public final class BundleShaper {

    private static final String ENCOUNTER_SEARCH = "Encounter?";

    private BundleShaper() {}

    public static ShapedBundle shape(Bundle mapped, WritePlan plan) {
        DeliveryReport.Builder report = new DeliveryReport.Builder();
        Set<String> left = new HashSet<>();
        Map<String, String> repointed = new HashMap<>();
        List<BundleEntryComponent> kept = new java.util.ArrayList<>();
        for (BundleEntryComponent entry : mapped.getEntry()) {
            Resource resource = entry.getResource();
            ResourceRule rule = plan.rule(resource);
            if (rule.send() == Disposition.SENT) {
                kept.add(entry);
                continue;
            }
            report.add(resource.fhirType(), rule);
            left.add(entry.getFullUrl());
            if (resource.fhirType().equals("Encounter") && plan.encounter() == EncounterOwner.EHR) {
                repointed.put(entry.getFullUrl(), entry.getRequest().getUrl());
            }
            if (resource.fhirType().equals("Patient") && entry.getRequest().hasIfNoneExist()) {
                // a patient the plan does not create (create-missing on): the EHR must hold them, found by MRN
                repointed.put(
                        entry.getFullUrl(), "Patient?" + entry.getRequest().getIfNoneExist());
            }
        }
        Bundle shaped = new Bundle().setType(mapped.getType());
        for (BundleEntryComponent entry : kept) {
            Resource resource = entry.getResource().copy();
            retarget(resource, reference -> target(reference.getReference(), left, repointed, plan.encounter()));
            if (resource instanceof Provenance provenance && !provenance.hasTarget()) {
                report.add("Provenance", ResourceRule.of(Disposition.NOT_SENT, "nothing it describes is sent"));
                continue;
            }
            adapt(resource, plan);
            report.add(resource.fhirType(), ResourceRule.sent());
            shaped.addEntry(entry.copy().setResource(resource));
        }
        return new ShapedBundle(shaped, report.build());
    }

    /**
     * What a reference becomes: itself, the conditional reference to the session's encounter, or null
     * (left out).
     */
    private static String target(
            String reference, Set<String> left, Map<String, String> repointed, EncounterOwner owner) {
        if (reference == null) {
            return null;
        }
        if (repointed.containsKey(reference)) {
            return repointed.get(reference);
        }
        if (left.contains(reference)) {
            return null;
        }
        if (owner == EncounterOwner.NONE && reference.startsWith(ENCOUNTER_SEARCH)) {
            return null;
        }
        return reference;
    }

    /**
     * The EHR's own codes and note settings: the plan's ConceptMap translates an Observation's codes before
     * {@code singleCoding} keeps the first (the translated one), and the note takes the plan's docStatus and
     * note type.
     */
    private static void adapt(Resource resource, WritePlan plan) {
        if (resource instanceof Observation observation) {
            if (plan.conceptMap() != null) {
                CodeTranslation.of(plan.conceptMap()).translate(observation);
            }
            if (plan.singleCoding() && observation.getCode().getCoding().size() > 1) {
                observation.getCode().setCoding(List.of(observation.getCode().getCodingFirstRep()));
            }
        }
        if (resource instanceof DocumentReference note && plan.note() != null) {
            if (plan.note().docStatus() != null && note.getStatus() != DocumentReferenceStatus.ENTEREDINERROR) {
                note.setDocStatus(DocumentReference.ReferredDocumentStatus.fromCode(
                        plan.note().docStatus()));
            }
            String type = plan.note().types().get(recordKind(note));
            if (type != null) {
                note.setType(NoteTypes.type(type));
            }
        }
    }

    /** The kind of record a note is of: its identifier's value is {@code <kind>/<sourceId>/note}. */
    private static String recordKind(DocumentReference note) {
        String value = note.getIdentifierFirstRep().getValue();
        return value == null || value.indexOf('/') < 0 ? "" : value.substring(0, value.indexOf('/'));
    }

    /** Re-points every reference in the element (or leaves it out where the new target is null), recursively. */
    private static void retarget(Base element, Function<Reference, String> newTarget) {
        for (Property property : element.children()) {
            for (Base value : List.copyOf(property.getValues())) {
                if (value instanceof Reference reference && reference.hasReference()) {
                    String target = newTarget.apply(reference);
                    if (target == null) {
                        element.removeChild(property.getName(), value);
                    } else {
                        reference.setReference(target);
                    }
                } else if (!value.isPrimitive()) {
                    retarget(value, newTarget);
                }
            }
        }
    }
}
