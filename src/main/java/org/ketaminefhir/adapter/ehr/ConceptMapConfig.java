package org.ketaminefhir.adapter.ehr;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The operator's ConceptMap, loaded (and so checked) at start; delivery applies it to the plan it uses. */
@Configuration
public class ConceptMapConfig {

    /** @param location {@code adapter.ehr.concept-map}: unset, each plan's own ConceptMap, if any */
    @Bean
    public OperatorConceptMap operatorConceptMap(@Value("${adapter.ehr.concept-map:}") String location) {
        return OperatorConceptMap.load(location);
    }
}
