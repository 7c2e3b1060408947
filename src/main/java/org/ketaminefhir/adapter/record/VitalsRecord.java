package org.ketaminefhir.adapter.record;

import java.util.List;

/** Readings that arrive apart from their session (contract §1.3). */
public record VitalsRecord(String sourceId, int revision, String status, PatientRef patient, String sessionSourceId,
                           List<VitalSigns> readings) implements ClinicRecord {

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
