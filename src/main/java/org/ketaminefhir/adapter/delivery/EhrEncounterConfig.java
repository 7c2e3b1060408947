package org.ketaminefhir.adapter.delivery;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The EHR's own visits, for plans whose encounter is {@code ehr} (Epic): how delivery finds them. */
@Configuration
class EhrEncounterConfig {

    @Bean
    public EhrEncounters ehrEncounters() {
        return new EhrEncounterSearch();
    }
}
