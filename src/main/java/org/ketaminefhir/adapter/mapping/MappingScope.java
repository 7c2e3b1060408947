package org.ketaminefhir.adapter.mapping;

import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.ketaminefhir.adapter.record.ClinicRecord;
import org.ketaminefhir.adapter.record.VitalsRecord;

/**
 * The resources one record maps to, as they are built: it hands out each part's identifier and the
 * references between parts, and collects what the mappers add, in order.
 */
public final class MappingScope {

    private final ResourceIdentities ids;
    private final ClinicRecord record;
    private final MappingContext context;
    private final Reference patient;
    private final List<MappedResource> resources = new ArrayList<>();

    MappingScope(ResourceIdentities ids, ClinicRecord record, MappingContext context, Reference patient) {
        this.ids = ids;
        this.record = record;
        this.context = context;
        this.patient = patient;
    }

    public Identifier identifier(String part) {
        return ids.identifier(record.kind(), record.sourceId(), part);
    }

    /** A reference to another resource of this record's bundle. */
    public Reference reference(String part) {
        return new Reference(ids.fullUrl(record.kind(), record.sourceId(), part));
    }

    /** The record's patient: by MRN, or the bundle's Patient entry when the adapter may create it. */
    public Reference patient() {
        return patient.copy();
    }

    public ResourceIdentities ids() {
        return ids;
    }

    public MappingContext context() {
        return context;
    }

    /** Adds a resource under its part's identifier (set here, once): the EHR finds it by that identifier. */
    public void add(String part, Resource resource) {
        addUnder(record.sourceId(), part, resource);
    }

    /**
     * Adds a reading's resource under its part: the record's, or for a monitor's readings
     * ({@link VitalsRecord#readingsOfThePatient}) the patient's, so another message's reading of the same
     * measurement at the same time is the same resource.
     */
    void addReading(String part, Resource resource) {
        boolean patients = record instanceof VitalsRecord vitals && vitals.readingsOfThePatient();
        addUnder(patients ? ids.patientReadings(record.patient()) : record.sourceId(), part, resource);
    }

    private void addUnder(String sourceId, String part, Resource resource) {
        Identifier identifier = ids.identifier(record.kind(), sourceId, part);
        // every resource type given to add() has an identifier element (0..1 or 0..*); setProperty adds to it
        resource.setProperty("identifier", identifier);
        resources.add(new MappedResource(
                part,
                ids.fullUrl(record.kind(), sourceId, part),
                ids.conditionalUrl(resource.fhirType(), identifier),
                resource));
    }

    /** Adds a resource with no identifier element (Provenance): the EHR finds it by a deterministic id. */
    void addWithServerId(String part, Resource resource) {
        String id = ids.serverId(record.kind(), record.sourceId(), part);
        resource.setId(id);
        resources.add(new MappedResource(
                part, ids.fullUrl(record.kind(), record.sourceId(), part), resource.fhirType() + "/" + id, resource));
    }

    /** Adds a resource mapped in another scope of the same record (a part the delivered revision had). */
    void addMapped(MappedResource resource) {
        resources.add(resource);
    }

    public boolean has(String part) {
        return resources.stream().anyMatch(r -> r.part().equals(part));
    }

    public List<MappedResource> resources() {
        return List.copyOf(resources);
    }
}
