package org.ketaminefhir.adapter.profile;

import ca.uhn.fhir.context.FhirContext;
import org.ketaminefhir.adapter.mapping.MappingTrace;
import org.ketaminefhir.adapter.mapping.RecordMapping;
import org.ketaminefhir.adapter.record.SubmissionChecker;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The profile validator (it loads in the background; the service warms it at start: {@link ValidatorWarmUp}). */
@Configuration
public class ProfileConfig {

    @Bean
    public ProfileValidator profileValidator(FhirContext fhir) {
        return new ProfileValidator(fhir);
    }

    /** Check, map and validate: what the dry runs and the warm-up convert submitted records with. */
    @Bean
    public RecordConversion recordConversion(
            SubmissionChecker checker, RecordMapping mapping, ProfileValidator validator, MappingTrace trace) {
        return new RecordConversion(checker, mapping, validator, trace);
    }
}
