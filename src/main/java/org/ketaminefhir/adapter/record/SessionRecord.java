package org.ketaminefhir.adapter.record;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

/** A dosing session (docs/interface.md, Records). */
public record SessionRecord(
        String sourceId,
        int revision,
        String status,
        String statusReason,
        PatientRef patient,
        String location,
        List<Clinician> clinicians,
        Indication indication,
        Course course,
        Medication medication,
        Administration administration,
        Monitoring monitoring,
        List<VitalSigns> vitals,
        List<Assessment> assessments,
        List<AdverseEvent> adverseEvents,
        Discharge discharge,
        ConcomitantMedications concomitantMedications,
        EhrEncounter ehrEncounter)
        implements ClinicRecord {

    public SessionRecord {
        clinicians = clinicians == null ? List.of() : List.copyOf(clinicians);
        vitals = vitals == null ? List.of() : List.copyOf(vitals);
        assessments = assessments == null ? List.of() : List.copyOf(assessments);
        adverseEvents = adverseEvents == null ? List.of() : List.copyOf(adverseEvents);
    }

    @Override
    public RecordKind kind() {
        return RecordKind.SESSION;
    }

    @Override
    public boolean retracted() {
        return "entered-in-error".equals(status);
    }

    public record Clinician(String npi, String name, String role) {}

    public record Indication(String icd10, Boolean treatmentResistant) {}

    public record Course(Integer number, Integer plannedTotal, String phase) {}

    public record Medication(
            String drug,
            String route,
            BigDecimal doseMg,
            BigDecimal doseMgPerKg,
            BigDecimal weightKg,
            BigDecimal rateMgPerHour,
            Integer devices,
            String lotNumber) {}

    public record Administration(OffsetDateTime start, OffsetDateTime end) {}

    public record Monitoring(OffsetDateTime end, Integer readyToLeaveMinutes) {}

    public record Assessment(String instrument, OffsetDateTime time, Integer total, Integer score) {
        /** MOAA/S reports a {@code score}, the other instruments a {@code total}. */
        public Integer value() {
            return total != null ? total : score;
        }
    }

    public record AdverseEvent(String type, String severity, OffsetDateTime time, String treatment, String text) {}

    public record Discharge(OffsetDateTime time, Boolean clinicallyStable, Boolean escort) {}

    /**
     * The visit the EHR holds that the session belongs to, when the clinic's system knows it: exactly one of
     * the EHR's Encounter {@code id} or the visit's {@code identifier} (its visit number, e.g. Epic's CSN).
     * Where the EHR owns encounters, the session is filed against it rather than one found by search.
     */
    public record EhrEncounter(String id, VisitIdentifier identifier) {}

    public record VisitIdentifier(String system, String value) {}

    public record ConcomitantMedications(
            Boolean benzodiazepines,
            Boolean nonBenzodiazepineSedativeHypnotics,
            Boolean psychostimulants,
            Boolean maois,
            Boolean opioids) {}

    /** Its label only: a record holds patient data, and a record can end up in a log. */
    @Override
    public String toString() {
        return label();
    }
}
