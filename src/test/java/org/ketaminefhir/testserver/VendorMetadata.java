package org.ketaminefhir.testserver;

import ca.uhn.fhir.rest.annotation.Metadata;
import ca.uhn.fhir.rest.server.RestfulServer;
import org.hl7.fhir.r4.model.CapabilityStatement;

/** {@code /metadata} of a shaped EHR: the vendor's published CapabilityStatement, unchanged. */
public final class VendorMetadata {

    private final CapabilityStatement statement;

    VendorMetadata(CapabilityStatement statement) {
        this.statement = statement;
    }

    /** HAPI hands every conformance provider its server; this one answers the same whatever the server. */
    public void setRestfulServer(RestfulServer server) {}

    @Metadata
    public CapabilityStatement metadata() {
        return statement.copy();
    }
}
