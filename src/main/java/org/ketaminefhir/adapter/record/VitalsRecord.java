package org.ketaminefhir.adapter.record;

import java.util.List;

/** Readings that arrive apart from their session (docs/interface.md, Records). */
public record VitalsRecord(
        String sourceId,
        int revision,
        String status,
        PatientRef patient,
        String sessionSourceId,
        List<VitalSigns> readings)
        implements ClinicRecord {

    /** The sourceIds of the records the MLLP listener makes, {@code hl7-<MSH-10>}. */
    static final String HL7_PREFIX = "hl7-";

    /**
     * Whether its readings are the patient's rather than the record's: a monitor's (an {@code hl7-} record).
     * Their identity is then the patient, the time and the measurement, whatever message carried them, so a
     * correction or a resend in a message of its own (a new MSH-10, as HL7 asks) updates the same Observation.
     */
    public boolean readingsOfThePatient() {
        return sourceId != null && sourceId.startsWith(HL7_PREFIX);
    }

    public VitalsRecord {
        readings = readings == null ? List.of() : List.copyOf(readings);
    }

    @Override
    public RecordKind kind() {
        return RecordKind.VITALS;
    }

    /** Only {@code entered-in-error} is a status here: a retraction of the whole record. */
    @Override
    public boolean retracted() {
        return "entered-in-error".equals(status);
    }

    /** Its label only: a record holds patient data, and a record can end up in a log. */
    @Override
    public String toString() {
        return label();
    }
}
