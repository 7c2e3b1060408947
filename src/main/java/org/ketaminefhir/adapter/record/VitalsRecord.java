package org.ketaminefhir.adapter.record;

import java.util.List;

/** Readings that arrive apart from their session (contract §1.3). */
public record VitalsRecord(String sourceId, int revision, PatientRef patient, String sessionSourceId,
                           List<VitalSigns> readings) implements ClinicRecord {

    public VitalsRecord {
        readings = readings == null ? List.of() : List.copyOf(readings);
    }

    @Override
    public RecordKind kind() {
        return RecordKind.VITALS;
    }

}
