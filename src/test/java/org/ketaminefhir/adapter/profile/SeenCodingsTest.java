package org.ketaminefhir.adapter.profile;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.junit.jupiter.api.Test;

class SeenCodingsTest {

    @Test
    void thisLibraryVersionLetsTheSeenCodingsBeForgotten() {
        var validator = ProfileValidator.newInstanceValidator(
                new CachingWorkerContext(new PrePopulatedValidationSupport(FhirContext.forR4Cached())));

        // false would make every pooled validator retire after 16 validations (ReusedValidatorIT's heap stays flat
        // either way)
        assertThat(SeenCodings.forget(validator)).isTrue();
    }
}
