package org.ketaminefhir.adapter.mapping;

import java.util.Optional;
import org.hl7.fhir.r4.model.Reference;
import org.ketaminefhir.adapter.record.RecordKind;
import org.ketaminefhir.adapter.record.VitalSigns;
import org.ketaminefhir.adapter.record.VitalsRecord;

/** Readings apart from their session (docs/interface.md, Records): each to vital-sign Observations. */
final class VitalsMapper implements RecordMapper<VitalsRecord> {

    private final VitalSignsMapper vitalSigns = new VitalSignsMapper();

    @Override
    public RecordKind kind() {
        return RecordKind.VITALS;
    }

    @Override
    public void map(VitalsRecord vitals, MappingScope scope) {
        for (VitalSigns reading : vitals.readings()) {
            String session = vitals.sessionSourceId() != null
                    ? vitals.sessionSourceId()
                    : scope.context()
                            .sessions()
                            .sessionAt(vitals.patient(), reading.time())
                            .orElse(null);
            Optional<Reference> encounter = scope.context().encounterOf(session, scope.ids());
            vitalSigns.map(reading, scope, encounter, Optional.empty());
        }
    }
}
