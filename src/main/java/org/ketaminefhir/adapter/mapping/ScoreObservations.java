package org.ketaminefhir.adapter.mapping;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.ketaminefhir.adapter.mapping.instrument.InstrumentDefinition;
import org.ketaminefhir.adapter.mapping.instrument.Score;

/**
 * A rating scale's score as a US Core screening-assessment Observation (domain.md §3.2): category
 * survey, the LOINC code where one exists (else the local one), the score as a {score} quantity.
 */
public final class ScoreObservations {

    public Observation score(InstrumentDefinition instrument, Score score, OffsetDateTime time, MappingScope scope) {
        Observation observation = new Observation();
        observation.getMeta().addProfile(Profiles.SCREENING_ASSESSMENT);
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.addCategory(new CodeableConcept(new Coding(CodeSystems.OBSERVATION_CATEGORY, "survey", "Survey")));
        InstrumentDefinition.CodeRef code = instrument.totalCode();
        observation.setCode(new CodeableConcept(new Coding(CodeSystems.resolve(code.system()), code.code(), code.display()))
                .setText(code.display()));
        observation.setSubject(scope.patient());
        observation.setEffective(FhirTime.dateTime(time));
        if (score.total() != null) {
            // "{score}" is the UCUM unit LOINC uses for score terms (domain.md §2)
            observation.setValue(new Quantity().setValue(BigDecimal.valueOf(score.total()))
                    .setSystem(CodeSystems.UCUM).setCode("{score}").setUnit("{score}"));
        } else {
            observation.setValue(new CodeableConcept().setText(score.band()));
        }
        return observation;
    }
}
