package org.ketaminefhir.adapter.mapping;

import org.ketaminefhir.adapter.record.ClinicRecord;
import org.ketaminefhir.adapter.record.RecordKind;

/** Maps one kind of record to its FHIR resources (house rule 8: one implementation per kind). */
public interface RecordMapper<R extends ClinicRecord> {

    RecordKind kind();

    void map(R record, MappingScope scope);
}
