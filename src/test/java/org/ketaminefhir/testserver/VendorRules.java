package org.ketaminefhir.testserver;

import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * A vendor's write rules that its CapabilityStatement cannot say (docs/fhir.md, Vendor rules and their sources), checked on what a
 * create or update files, also inside a batch. A rule answers with the refusal, or nothing when it holds.
 */
interface VendorRules {

    Optional<Refusal> create(IBaseResource resource);

    /** Corrections and retractions: most vendors check only the interaction, which the shape already did. */
    default Optional<Refusal> update(IBaseResource resource) {
        return Optional.empty();
    }
}
