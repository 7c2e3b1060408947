package org.ketaminefhir.adapter.delivery;

import org.ketaminefhir.adapter.config.InvalidConfigurationException;
import org.ketaminefhir.adapter.ehr.OperatorConceptMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The operator's ConceptMap, loaded (and so checked) at start; delivery applies it to the plan it uses
 * ({@link OperatorConceptMap#applyTo}). A map that cannot be used stops the start with one message naming
 * the key and the file.
 */
@Configuration
class ConceptMapConfig {

    /** @param location {@code adapter.ehr.concept-map}: unset, each plan's own ConceptMap, if any */
    @Bean
    public OperatorConceptMap operatorConceptMap(@Value("${adapter.ehr.concept-map:}") String location) {
        try {
            return OperatorConceptMap.load(location);
        } catch (IllegalStateException e) {
            throw new InvalidConfigurationException(
                    e.getMessage(),
                    "Correct the ConceptMap file, or leave "
                            + "adapter.ehr.concept-map unset to use the write plan's own map.");
        }
    }
}
