package org.ketaminefhir.adapter.mapping;

import org.hl7.fhir.r4.model.Resource;

/**
 * One resource a record produced, with the part name its identity derives from and how the EHR
 * finds it again: a conditional URL on its identifier, or (for Provenance, which has none) its id.
 */
public record MappedResource(String part, String fullUrl, String requestUrl, Resource resource) {
}
