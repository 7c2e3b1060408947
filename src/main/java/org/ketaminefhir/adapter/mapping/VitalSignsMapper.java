package org.ketaminefhir.adapter.mapping;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.ketaminefhir.adapter.record.VitalSigns;
import org.ketaminefhir.adapter.vitalsign.Measurement;
import org.ketaminefhir.adapter.vitalsign.VitalSignCatalog;
import org.ketaminefhir.adapter.vitalsign.VitalSignDefinition;

/**
 * One reading to vital-sign Observations, one per definition of the vital-sign catalog whose values the
 * reading holds: a panel (blood pressure) as one Observation with a component per measurement, the rest
 * with one value each. Codes, units and profiles are the catalog's (docs/fhir.md, Codes and their sources, US Core 6.1.0).
 */
final class VitalSignsMapper {

    private final VitalSignCatalog catalog;

    public VitalSignsMapper() {
        this(VitalSignCatalog.standard());
    }

    public VitalSignsMapper(VitalSignCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * @param encounter the session's Encounter, if any
     * @param partOf    the MedicationAdministration the reading was taken during, if any
     */
    public void map(VitalSigns reading, MappingScope scope, Optional<Reference> encounter, Optional<Reference> partOf) {
        String prefix = "vitals/" + FhirTime.part(reading.time()) + "/";
        for (VitalSignDefinition definition : catalog.definitions()) {
            // a panel is sent whole (the checker refuses half a blood pressure): all its values or none
            if (!definition.measurements().stream().allMatch(m -> reading.value(m.field()) != null)) {
                continue;
            }
            Observation observation =
                    base(reading, scope, encounter, partOf, definition.profile(), coded(definition.code()));
            // OBX-11 C and P (R4 observation-status, which US Core's vital signs bind required, has both)
            observation.setStatus(Observation.ObservationStatus.fromCode(reading.status(
                    definition.measurements().stream().map(Measurement::field).toList())));
            if (definition.panel()) {
                for (Measurement component : definition.components()) {
                    observation.addComponent().setCode(coded(component.code())).setValue(quantity(reading, component));
                }
            } else {
                observation.setValue(quantity(reading, definition.value()));
            }
            scope.addReading(prefix + definition.part(), observation);
        }
    }

    static Observation vitalSign(String profile, CodeableConcept code, Reference subject) {
        Observation observation = new Observation();
        observation.getMeta().addProfile(profile);
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.addCategory(
                new CodeableConcept(new Coding(CodeSystems.OBSERVATION_CATEGORY, "vital-signs", "Vital Signs")));
        observation.setCode(code);
        observation.setSubject(subject);
        return observation;
    }

    static CodeableConcept loinc(String code, String display) {
        return new CodeableConcept(new Coding(CodeSystems.LOINC, code, display)).setText(display);
    }

    static Quantity quantity(BigDecimal value, String unit, String ucum) {
        return new Quantity()
                .setValue(value)
                .setUnit(unit)
                .setSystem(CodeSystems.UCUM)
                .setCode(ucum);
    }

    /** The LOINC codings of the catalog, the first one's display also the text. */
    private static CodeableConcept coded(List<VitalSignDefinition.LoincCoding> codings) {
        CodeableConcept code = new CodeableConcept().setText(codings.get(0).display());
        codings.forEach(coding -> code.addCoding(new Coding(CodeSystems.LOINC, coding.code(), coding.display())));
        return code;
    }

    private static Quantity quantity(VitalSigns reading, Measurement measurement) {
        return quantity(
                reading.value(measurement.field()),
                measurement.unit().display(),
                measurement.unit().code());
    }

    private Observation base(
            VitalSigns reading,
            MappingScope scope,
            Optional<Reference> encounter,
            Optional<Reference> partOf,
            String profile,
            CodeableConcept code) {
        Observation observation = vitalSign(profile, code, scope.patient());
        observation.setEffective(FhirTime.dateTime(reading.time()));
        encounter.ifPresent(observation::setEncounter);
        partOf.ifPresent(observation::addPartOf);
        return observation;
    }
}
