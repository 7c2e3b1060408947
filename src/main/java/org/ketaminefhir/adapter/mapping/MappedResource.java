package org.ketaminefhir.adapter.mapping;

import org.hl7.fhir.r4.model.Resource;

/**
 * One resource a record produced, with the part name its identity derives from and how the EHR
 * finds it again: a conditional URL on its identifier, or (for Provenance, which has none) its id.
 * A resource made only if the EHR has none like it (a missing patient) carries the search that finds
 * such a one ({@code ifNoneExist}), and is created at {@code requestUrl} (its type) when that finds none.
 */
public record MappedResource(String part, String fullUrl, String requestUrl, Resource resource, String ifNoneExist) {

    /** A resource the EHR creates or updates at {@code requestUrl}. */
    public MappedResource(String part, String fullUrl, String requestUrl, Resource resource) {
        this(part, fullUrl, requestUrl, resource, null);
    }

    boolean createdOnlyIfNoneExists() {
        return ifNoneExist != null;
    }
}
