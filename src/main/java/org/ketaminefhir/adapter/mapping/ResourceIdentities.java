package org.ketaminefhir.adapter.mapping;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.ketaminefhir.adapter.record.PatientRef;
import org.ketaminefhir.adapter.record.RecordKind;

/**
 * Deterministic identity (house rule 4): every resource's business identifier, bundle fullUrl and
 * server id follow from {@code (kind, sourceId, part)} and the clinic's identifier namespace, so a
 * resend or a correction addresses the same resources, never new ones.
 */
public final class ResourceIdentities {

    private final String namespace;
    private final String mrnSystem;

    /**
     * @param namespace the clinic's identifier system, e.g. {@code urn:ketamine-fhir-adapter:clinic:salem}
     * @param mrnSystem the EHR's MRN identifier system
     */
    public ResourceIdentities(String namespace, String mrnSystem) {
        this.namespace = namespace;
        this.mrnSystem = mrnSystem;
    }

    String namespace() {
        return namespace;
    }

    public Identifier identifier(RecordKind kind, String sourceId, String part) {
        return new Identifier().setSystem(namespace).setValue(value(kind, sourceId, part));
    }

    /** A name-based UUID: the same part of the same record always gets the same {@code urn:uuid}. */
    public String fullUrl(RecordKind kind, String sourceId, String part) {
        return "urn:uuid:" + uuid(kind, sourceId, part);
    }

    /** A server id for resources R4 gives no identifier (Provenance): "kfa-" plus the name-based UUID. */
    public String serverId(RecordKind kind, String sourceId, String part) {
        return "kfa-" + uuid(kind, sourceId, part);
    }

    /** {@code Type?identifier=<system>|<value>}, escaped for the EHR's search ({@link IdentifierSearch}). */
    String conditionalUrl(String resourceType, Identifier identifier) {
        return IdentifierSearch.url(resourceType, identifier.getSystem(), identifier.getValue());
    }

    /** The patient, by MRN: the EHR resolves it (patients are referenced, never created, unless configured). */
    public Reference patient(PatientRef patient) {
        return new Reference("Patient?" + patientSearch(patient));
    }

    /**
     * The search for the patient: {@code identifier=<the record's mrnSystem, else mrn-system>|<mrn>}, escaped
     * ({@link IdentifierSearch}).
     */
    String patientSearch(PatientRef patient) {
        return IdentifierSearch.query(mrnSystem(patient), patient.mrn());
    }

    public Identifier mrn(PatientRef patient) {
        return new Identifier().setSystem(mrnSystem(patient)).setValue(patient.mrn());
    }

    /** The bundle fullUrl of a Patient the adapter would create: the same for every record of that MRN. */
    String patientFullUrl(PatientRef patient) {
        return "urn:uuid:" + patientUuid(patient);
    }

    /**
     * The source id a monitor's readings are identified under ({@link org.ketaminefhir.adapter.record.VitalsRecord#readingsOfThePatient}):
     * the patient's, a name-based UUID of the MRN and its system, so the identifier never spells the MRN out.
     */
    public String patientReadings(PatientRef patient) {
        return "patient-" + patientUuid(patient);
    }

    private UUID patientUuid(PatientRef patient) {
        return UUID.nameUUIDFromBytes((mrnSystem(patient) + "|" + patient.mrn()).getBytes(StandardCharsets.UTF_8));
    }

    private String mrnSystem(PatientRef patient) {
        return patient.mrnSystem() == null ? mrnSystem : patient.mrnSystem();
    }

    /** A session's Encounter from outside its own bundle (vitals and questionnaire records). */
    public Reference sessionEncounter(String sessionSourceId) {
        Identifier encounter = identifier(RecordKind.SESSION, sessionSourceId, "encounter");
        return new Reference(conditionalUrl("Encounter", encounter));
    }

    /** A session's Encounter by identifier only, for when the EHR may not hold it yet. */
    Reference sessionEncounterByIdentifier(String sessionSourceId) {
        return new Reference()
                .setType("Encounter")
                .setIdentifier(identifier(RecordKind.SESSION, sessionSourceId, "encounter"));
    }

    public Reference practitioner(String npi, String display) {
        return new Reference()
                .setType("Practitioner")
                .setIdentifier(new Identifier().setSystem(CodeSystems.NPI).setValue(npi))
                .setDisplay(display);
    }

    private String value(RecordKind kind, String sourceId, String part) {
        return kind.wireName() + "/" + sourceId + "/" + part;
    }

    private UUID uuid(RecordKind kind, String sourceId, String part) {
        String name = namespace + "|" + value(kind, sourceId, part);
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }
}
