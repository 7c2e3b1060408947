package org.ketaminefhir.adapter.mapping;

import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Resource;

/**
 * Retraction (docs/fhir.md, What the EHR receives): a resource is taken back by updating it with status
 * {@code entered-in-error}, which Encounter, MedicationAdministration, Observation and
 * QuestionnaireResponse all have; US Core write guidance says servers SHOULD allow exactly this update.
 */
final class EnteredInError {

    private EnteredInError() {}

    static void mark(Resource resource) {
        if (resource.getNamedProperty("status") != null) {
            resource.setProperty("status", new CodeType("entered-in-error"));
        }
    }
}
