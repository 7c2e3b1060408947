package org.ketaminefhir.adapter.mapping;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.ketaminefhir.adapter.instrument.InstrumentDefinition;
import org.ketaminefhir.adapter.instrument.Score;

/**
 * A rating scale's score as a US Core screening-assessment Observation (docs/fhir.md, Codes and their sources): category
 * survey, the LOINC code where one exists (else the local one), the score as a {score} quantity.
 */
final class ScoreObservations {

    /** The total (or the risk level of a screener), with its severity band as the interpretation. */
    public Observation score(InstrumentDefinition instrument, Score score, OffsetDateTime time, MappingScope scope) {
        Observation observation = survey(instrument.totalCode(), time, scope);
        if (score.total() != null) {
            // "{score}" is the UCUM unit LOINC uses for score terms (docs/fhir.md, Codes and their sources)
            observation.setValue(new Quantity()
                    .setValue(BigDecimal.valueOf(score.total()))
                    .setSystem(CodeSystems.UCUM)
                    .setCode("{score}")
                    .setUnit("{score}"));
        } else {
            observation.setValue(new CodeableConcept().setText(score.band()));
        }
        if (score.total() != null && score.band() != null) {
            // the instrument's severity band (instruments/*.json cites its source); no standard code exists
            observation.addInterpretation().setText(score.band());
        }
        return observation;
    }

    /** An Observation of category survey with the given code, for the patient, at the time. */
    public Observation survey(InstrumentDefinition.CodeRef code, OffsetDateTime time, MappingScope scope) {
        Observation observation = new Observation();
        observation.getMeta().addProfile(Profiles.SCREENING_ASSESSMENT);
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.addCategory(new CodeableConcept(new Coding(CodeSystems.OBSERVATION_CATEGORY, "survey", "Survey")));
        observation.setCode(
                new CodeableConcept(new Coding(CodeSystems.resolve(code.system()), code.code(), code.display()))
                        .setText(code.display()));
        observation.setSubject(scope.patient());
        observation.setEffective(FhirTime.dateTime(time));
        return observation;
    }
}
