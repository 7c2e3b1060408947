package org.ketaminefhir.adapter.mapping;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.PerformanceOptionsEnum;
import org.ketaminefhir.adapter.instrument.InstrumentCatalog;
import org.ketaminefhir.adapter.mapping.note.NoteSettings;
import org.ketaminefhir.adapter.record.ClinicProperties;
import org.ketaminefhir.adapter.record.PatientProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The mapping from records to FHIR, and what it needs. */
@Configuration
@EnableConfigurationProperties({ClinicProperties.class, PatientProperties.class, RemsSetting.class, NoteSettings.class})
public class MappingConfig {

    /**
     * Building an R4 context scans the model (about a second): one per application. Deferred scanning: a
     * type is scanned for its children only when they are needed, not because a reference may point to it.
     */
    @Bean
    public FhirContext fhirContext() {
        FhirContext fhir = FhirContext.forR4Cached();
        fhir.setPerformanceOptions(PerformanceOptionsEnum.DEFERRED_MODEL_SCANNING);
        return fhir;
    }

    @Bean
    public InstrumentCatalog instrumentCatalog() {
        return InstrumentCatalog.load();
    }

    @Bean
    public MappingTrace mappingTrace(FhirContext fhir, InstrumentCatalog instruments) {
        return MappingTrace.load(fhir, instruments);
    }

    @Bean
    public ResourceIdentities resourceIdentities(ClinicProperties clinic, PatientProperties patients) {
        return new ResourceIdentities(clinic.identifierSystem(), patients.mrnSystem());
    }

    @Bean
    public RecordMapping recordMapping(
            ResourceIdentities ids,
            InstrumentCatalog instruments,
            ClinicProperties clinic,
            RemsSetting rems,
            PatientProperties patients,
            NoteSettings notes) {
        RecordMapping mapping = RecordMapping.standard(ids, instruments, clinic.name(), rems, notes);
        return patients.createMissing() ? mapping.creatingMissingPatients() : mapping;
    }
}
