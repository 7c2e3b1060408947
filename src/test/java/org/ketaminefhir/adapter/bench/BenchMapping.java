package org.ketaminefhir.adapter.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.ketaminefhir.adapter.instrument.InstrumentCatalog;
import org.ketaminefhir.adapter.mapping.MappingContext;
import org.ketaminefhir.adapter.mapping.RecordMapping;
import org.ketaminefhir.adapter.mapping.RemsSetting;
import org.ketaminefhir.adapter.mapping.ResourceIdentities;
import org.ketaminefhir.adapter.record.ClinicRecord;
import org.ketaminefhir.adapter.record.RecordChecker;

/** The adapter's record checks and mapping as the benchmarks use them in process, outside the service. */
final class BenchMapping {

    private final RecordChecker checker;
    private final RecordMapping mapping;

    /** Identifiers under the given clinic system; patients by MRN under {@code mrnSystem}. */
    BenchMapping(String clinicSystem, String mrnSystem) {
        InstrumentCatalog instruments = InstrumentCatalog.load();
        this.checker = new RecordChecker(new ObjectMapper(), instruments, Optional.empty());
        this.mapping = RecordMapping.standard(
                new ResourceIdentities(clinicSystem, mrnSystem),
                instruments,
                "Bench clinic",
                RemsSetting.unconfigured());
    }

    /** A record as the intake accepts it (the generator's and the fixtures' records are all valid). */
    ClinicRecord check(JsonNode record) {
        return checker.check(record, "", null).record();
    }

    Bundle transaction(ClinicRecord record, MappingContext context) {
        return mapping.transaction(record, context);
    }
}
