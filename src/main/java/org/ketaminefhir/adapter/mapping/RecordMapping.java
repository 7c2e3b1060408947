package org.ketaminefhir.adapter.mapping;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.ketaminefhir.adapter.instrument.InstrumentCatalog;
import org.ketaminefhir.adapter.mapping.note.ClinicalNotes;
import org.ketaminefhir.adapter.mapping.note.NoteSettings;
import org.ketaminefhir.adapter.record.ClinicRecord;
import org.ketaminefhir.adapter.record.RecordKind;

/**
 * A record to the transaction Bundle the EHR receives (docs/fhir.md, What the EHR receives): the kind's mapper makes the
 * resources, a Provenance covers them, and every entry is a conditional update on its identifier.
 */
public final class RecordMapping {

    private final ResourceIdentities ids;
    private final Map<RecordKind, RecordMapper<? extends ClinicRecord>> mappers = new EnumMap<>(RecordKind.class);
    private final ProvenanceMapper provenance;
    private final MissingPatients patients;

    public RecordMapping(
            ResourceIdentities ids, List<RecordMapper<? extends ClinicRecord>> mappers, String clinicName) {
        this.ids = ids;
        for (RecordMapper<? extends ClinicRecord> mapper : mappers) {
            this.mappers.put(mapper.kind(), mapper);
        }
        this.provenance = new ProvenanceMapper(clinicName);
        this.patients = MissingPatients.referencedOnly(ids);
    }

    private RecordMapping(RecordMapping mapping, MissingPatients patients) {
        this.ids = mapping.ids;
        this.mappers.putAll(mapping.mappers);
        this.provenance = mapping.provenance;
        this.patients = patients;
    }

    /**
     * This mapping, creating the patient of a record that names them in full when the EHR has none
     * ({@code adapter.patients.create-missing}, {@link MissingPatients}).
     */
    public RecordMapping creatingMissingPatients() {
        return new RecordMapping(this, MissingPatients.created(ids));
    }

    /** The mapping with every kind's mapper, its notes from the shipped templates. */
    public static RecordMapping standard(
            ResourceIdentities ids, InstrumentCatalog instruments, String clinicName, RemsSetting rems) {
        return standard(ids, instruments, clinicName, rems, NoteSettings.shipped());
    }

    /** The mapping with every kind's mapper: the one place a new kind of record is registered. */
    public static RecordMapping standard(
            ResourceIdentities ids,
            InstrumentCatalog instruments,
            String clinicName,
            RemsSetting rems,
            NoteSettings notes) {
        ClinicalNotes clinicalNotes = new ClinicalNotes(notes, instruments);
        return new RecordMapping(
                ids,
                List.of(
                        new SessionMapper(instruments, rems, clinicalNotes),
                        new VitalsMapper(),
                        new QuestionnaireMapper(instruments, clinicalNotes)),
                clinicName);
    }

    /** The resources of a record the EHR has not received before. */
    public List<MappedResource> resources(ClinicRecord record, MappingContext context) {
        return resources(record, Optional.empty(), context);
    }

    /**
     * The resources of a record, given what the EHR holds of it: a retracted record marks everything
     * it produces {@code entered-in-error}, and the parts the delivered revision had that this one
     * dropped are sent again as {@code entered-in-error} (docs/fhir.md, What the EHR receives).
     *
     * @param delivered the revision last delivered, if any
     */
    public List<MappedResource> resources(
            ClinicRecord record, Optional<ClinicRecord> delivered, MappingContext context) {
        MappingScope scope = map(record, context);
        if (record.retracted()) {
            scope.resources().forEach(resource -> EnteredInError.mark(resource.resource()));
        }
        delivered.ifPresent(before -> {
            for (MappedResource part : map(before, context).resources()) {
                if (!scope.has(part.part())) {
                    EnteredInError.mark(part.resource());
                    scope.addMapped(part);
                }
            }
        });
        scope.addWithServerId(ProvenanceMapper.PART, provenance.provenance(record, scope.resources(), scope));
        // outside the scope: a correction or a retraction never touches the patient, and the Provenance
        // does not claim it (the EHR may well hold it already)
        List<MappedResource> resources = new ArrayList<>();
        patients.patient(record.patient()).ifPresent(resources::add);
        resources.addAll(scope.resources());
        return resources;
    }

    public Bundle transaction(ClinicRecord record, MappingContext context) {
        return transaction(record, Optional.empty(), context);
    }

    public Bundle transaction(ClinicRecord record, Optional<ClinicRecord> delivered, MappingContext context) {
        return transaction(resources(record, delivered, context));
    }

    /**
     * The transaction Bundle of already mapped resources: every entry an update addressed by identity,
     * but a patient to create, which is created only if the EHR has none with its MRN.
     */
    public static Bundle transaction(List<MappedResource> resources) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (MappedResource mapped : resources) {
            Bundle.BundleEntryRequestComponent request = bundle.addEntry()
                    .setFullUrl(mapped.fullUrl())
                    .setResource(mapped.resource())
                    .getRequest()
                    .setUrl(mapped.requestUrl());
            if (mapped.createdOnlyIfNoneExists()) {
                request.setMethod(Bundle.HTTPVerb.POST).setIfNoneExist(mapped.ifNoneExist());
            } else {
                request.setMethod(Bundle.HTTPVerb.PUT);
            }
        }
        return bundle;
    }

    private MappingScope map(ClinicRecord record, MappingContext context) {
        MappingScope scope = new MappingScope(ids, record, context, patients.reference(record.patient()));
        mapperFor(record).map(record, scope);
        return scope;
    }

    @SuppressWarnings("unchecked")
    private <R extends ClinicRecord> RecordMapper<R> mapperFor(R record) {
        RecordMapper<R> mapper = (RecordMapper<R>) mappers.get(record.kind());
        if (mapper == null) {
            throw new IllegalStateException("no mapper for " + record.kind() + " records");
        }
        return mapper;
    }
}
