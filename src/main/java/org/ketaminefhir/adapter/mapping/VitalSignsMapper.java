package org.ketaminefhir.adapter.mapping;

import java.math.BigDecimal;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.ketaminefhir.adapter.record.VitalSigns;

/**
 * One reading to US Core vital-sign Observations: blood pressure as one panel with two components,
 * the rest one Observation each. Codes and units: domain.md §3.1 (LOINC, UCUM) and the US Core
 * 6.1.0 vital-sign profiles.
 */
public final class VitalSignsMapper {

    private static final String MMHG = "mm[Hg]";
    private static final String PER_MINUTE = "/min";

    /**
     * @param encounter the session's Encounter, if any
     * @param partOf    the MedicationAdministration the reading was taken during, if any
     */
    public void map(VitalSigns reading, MappingScope scope, Optional<Reference> encounter, Optional<Reference> partOf) {
        String prefix = "vitals/" + FhirTime.part(reading.time()) + "/";
        if (reading.systolic() != null && reading.diastolic() != null) {
            Observation bp = base(reading, scope, encounter, partOf, Profiles.BLOOD_PRESSURE,
                    loinc("85354-9", "Blood pressure panel with all children optional"));
            bp.addComponent().setCode(loinc("8480-6", "Systolic blood pressure"))
                    .setValue(quantity(reading.systolic(), "mmHg", MMHG));
            bp.addComponent().setCode(loinc("8462-4", "Diastolic blood pressure"))
                    .setValue(quantity(reading.diastolic(), "mmHg", MMHG));
            scope.add(prefix + "blood-pressure", bp);
        }
        if (reading.heartRate() != null) {
            scope.add(prefix + "heart-rate", base(reading, scope, encounter, partOf, Profiles.HEART_RATE,
                    loinc("8867-4", "Heart rate")).setValue(quantity(reading.heartRate(), "beats/minute", PER_MINUTE)));
        }
        if (reading.spo2() != null) {
            // US Core pulse oximetry requires both LOINC codes: 59408-5 (by pulse oximetry) and 2708-6
            CodeableConcept code = loinc("59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry");
            code.addCoding(new Coding(CodeSystems.LOINC, "2708-6", "Oxygen saturation in Arterial blood"));
            scope.add(prefix + "spo2", base(reading, scope, encounter, partOf, Profiles.PULSE_OXIMETRY, code)
                    .setValue(quantity(reading.spo2(), "%", "%")));
        }
        if (reading.respiratoryRate() != null) {
            scope.add(prefix + "respiratory-rate", base(reading, scope, encounter, partOf, Profiles.RESPIRATORY_RATE,
                    loinc("9279-1", "Respiratory rate")).setValue(quantity(reading.respiratoryRate(), "breaths/minute", PER_MINUTE)));
        }
        if (reading.temperatureC() != null) {
            scope.add(prefix + "body-temperature", base(reading, scope, encounter, partOf, Profiles.BODY_TEMPERATURE,
                    loinc("8310-5", "Body temperature")).setValue(quantity(reading.temperatureC(), "C", "Cel")));
        }
    }

    static Observation vitalSign(String profile, CodeableConcept code, Reference subject) {
        Observation observation = new Observation();
        observation.getMeta().addProfile(profile);
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.addCategory(new CodeableConcept(new Coding(CodeSystems.OBSERVATION_CATEGORY, "vital-signs", "Vital Signs")));
        observation.setCode(code);
        observation.setSubject(subject);
        return observation;
    }

    static CodeableConcept loinc(String code, String display) {
        return new CodeableConcept(new Coding(CodeSystems.LOINC, code, display)).setText(display);
    }

    static Quantity quantity(BigDecimal value, String unit, String ucum) {
        return new Quantity().setValue(value).setUnit(unit).setSystem(CodeSystems.UCUM).setCode(ucum);
    }

    private Observation base(VitalSigns reading, MappingScope scope, Optional<Reference> encounter,
                             Optional<Reference> partOf, String profile, CodeableConcept code) {
        Observation observation = vitalSign(profile, code, scope.patient());
        observation.setEffective(FhirTime.dateTime(reading.time()));
        encounter.ifPresent(observation::setEncounter);
        partOf.ifPresent(observation::addPartOf);
        return observation;
    }
}
