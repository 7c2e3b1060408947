package org.ketaminefhir.adapter.ehr;

/**
 * {@code adapter.ehr.concept-map}: the operator's ConceptMap, which replaces the plan's own (each Epic
 * customer maps flowsheet rows themselves). Read at start, so a map that cannot be used stops the start
 * naming the key and the file instead of failing every delivery.
 *
 * @param location {@code classpath:…} or a file path; null: each plan's own map, if it names one
 */
public record OperatorConceptMap(String location) {

    /** @throws IllegalStateException naming the key and the file, when the map cannot be used */
    public static OperatorConceptMap load(String location) {
        if (location == null || location.isBlank()) {
            return new OperatorConceptMap(null);
        }
        try {
            CodeTranslation.of(location.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("adapter.ehr.concept-map: " + e.getMessage(), e);
        }
        return new OperatorConceptMap(location.strip());
    }

    /** The plan delivery uses: with the operator's map when one is set. */
    public WritePlan applyTo(WritePlan plan) {
        return location == null ? plan : plan.withConceptMap(location);
    }
}
