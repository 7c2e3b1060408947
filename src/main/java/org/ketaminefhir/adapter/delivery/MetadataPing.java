package org.ketaminefhir.adapter.delivery;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import org.hl7.fhir.r4.model.CapabilityStatement;

/** Asks the EHR for its CapabilityStatement: the cheapest call that proves it is there and lets us in. */
final class MetadataPing {

    private MetadataPing() {}

    static EhrGateway.Reachability ping(IGenericClient client) {
        try {
            CapabilityStatement capabilities =
                    client.capabilities().ofType(CapabilityStatement.class).execute();
            return new EhrGateway.Reachability(
                    true,
                    "GET /metadata answered"
                            + (capabilities.hasSoftware()
                                    ? " (" + capabilities.getSoftware().getName() + ")"
                                    : ""));
        } catch (BaseServerResponseException e) {
            return new EhrGateway.Reachability(false, "GET /metadata answered HTTP " + e.getStatusCode());
        } catch (RuntimeException e) {
            return new EhrGateway.Reachability(
                    false, "GET /metadata failed: " + e.getClass().getSimpleName());
        }
    }
}
