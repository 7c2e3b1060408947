package org.ketaminefhir.adapter.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.adapter.testsupport.InProcessFhirServer;

class ServerSmokeIT {
    @Test
    void starts() {
        long t = System.currentTimeMillis();
        InProcessFhirServer server = InProcessFhirServer.shared();
        System.out.println("STARTED in " + (System.currentTimeMillis() - t) + " ms at " + server.baseUrl());
        server.ensurePatient("urn:x", "1");
        server.ensurePatient("urn:x", "1");
        Bundle b = server.client().search().byUrl("Patient?identifier=urn:x|1").returnBundle(Bundle.class).execute();
        assertThat(b.getEntry()).hasSize(1);
    }
}
