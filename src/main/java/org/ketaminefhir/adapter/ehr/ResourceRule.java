package org.ketaminefhir.adapter.ehr;

import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;

/**
 * A plan's rule for one resource type.
 *
 * @param send       what becomes of the type's resources
 * @param why        for {@code note} and {@code not-sent}, the reason an operator reads in the record's status
 * @param categories for Observation: the rule holds only for these category codes (e.g. {@code vital-signs});
 *                   empty: for every Observation
 * @param others     the rule for the Observations outside {@code categories}
 * @param find       how a lost answer is looked for before a create (batch and single writes); null: by
 *                   identifier when the EHR declares an identifier search for the type, else by content
 * @param updateStatuses the statuses an update of the type may carry on this EHR (Oracle Health's Observation
 *                   update takes only {@code amended} or {@code corrected}, so a correction goes as
 *                   {@code amended} and a retraction is not sent); empty: any
 */
public record ResourceRule(
        Disposition send,
        String why,
        List<String> categories,
        ResourceRule others,
        LostAnswerLookup find,
        List<String> updateStatuses) {

    public ResourceRule {
        categories = categories == null ? List.of() : List.copyOf(categories);
        updateStatuses = updateStatuses == null ? List.of() : List.copyOf(updateStatuses);
    }

    public static ResourceRule sent() {
        return new ResourceRule(Disposition.SENT, null, List.of(), null, null, List.of());
    }

    public static ResourceRule of(Disposition send, String why) {
        return new ResourceRule(send, why, List.of(), null, null, List.of());
    }

    /** The rule for this resource: this one, or {@code others} for an Observation outside the categories. */
    ResourceRule ruleFor(Resource resource) {
        if (categories.isEmpty() || !(resource instanceof Observation observation)) {
            return this;
        }
        boolean inside = observation.getCategory().stream()
                .map(CodeableConcept::getCoding)
                .flatMap(List::stream)
                .map(Coding::getCode)
                .anyMatch(categories::contains);
        return inside ? this : others;
    }

    ResourceRule withSend(Disposition disposition, String reason) {
        return new ResourceRule(disposition, reason, categories, others, find, updateStatuses);
    }

    /** Whether an update of the type may set this status on this EHR. */
    public boolean mayUpdateTo(String status) {
        return updateStatuses.isEmpty() || updateStatuses.contains(status);
    }
}
