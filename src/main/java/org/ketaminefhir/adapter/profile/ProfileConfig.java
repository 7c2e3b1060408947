package org.ketaminefhir.adapter.profile;

import ca.uhn.fhir.context.FhirContext;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The profile validator (the service warms it at start: {@link ValidatorWarmUp}). */
@Configuration
public class ProfileConfig {

    private static final Logger log = LoggerFactory.getLogger(ProfileConfig.class);

    @Bean
    public ProfileValidator profileValidator(FhirContext fhir) {
        Instant start = Instant.now();
        ProfileValidator validator = new ProfileValidator(fhir);
        log.info("profiles loaded in {} ms", Duration.between(start, Instant.now()).toMillis());
        return validator;
    }
}
