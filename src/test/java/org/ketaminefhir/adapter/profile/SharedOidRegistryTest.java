package org.ketaminefhir.adapter.profile;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.lang.reflect.Field;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.utilities.OIDUtilities;
import org.hl7.fhir.validation.instance.InstanceValidator;
import org.junit.jupiter.api.Test;

class SharedOidRegistryTest {

    private static final CachingWorkerContext NO_DEFINITIONS =
            new CachingWorkerContext(new PrePopulatedValidationSupport(FhirContext.forR4Cached()));

    @Test
    void everyValidatorTheAdapterBuildsReadsOneRegistry() throws ReflectiveOperationException {
        InstanceValidator first = ProfileValidator.newInstanceValidator(NO_DEFINITIONS);
        InstanceValidator second = ProfileValidator.newInstanceValidator(NO_DEFINITIONS);

        // the library builds a registry per validator: the same one twice is the adapter's doing
        assertThat(registry(first))
                .as("this library version's field is reached")
                .isSameAs(registry(second));
        assertThat(registry(first).isKnownOID("urn:oid:2.16.840.1.113883.6.1"))
                .as("LOINC's OID is known")
                .isTrue();
    }

    private static OIDUtilities registry(InstanceValidator validator) throws ReflectiveOperationException {
        Field oids = InstanceValidator.class.getDeclaredField("oids");
        oids.setAccessible(true);
        return (OIDUtilities) oids.get(validator);
    }
}
