package org.ketaminefhir.adapter.profile;

import ca.uhn.fhir.context.FhirContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The profile validator (it loads in the background; the service warms it at start: {@link ValidatorWarmUp}). */
@Configuration
public class ProfileConfig {

    @Bean
    public ProfileValidator profileValidator(FhirContext fhir) {
        return new ProfileValidator(fhir);
    }
}
