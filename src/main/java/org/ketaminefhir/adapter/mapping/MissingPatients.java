package org.ketaminefhir.adapter.mapping;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.ketaminefhir.adapter.record.PatientRef;

/**
 * {@code adapter.patients.create-missing} (docs/interface.md, Configuration): a record's bundle then carries a US Core Patient
 * made from its demographics, which the EHR creates only if no Patient has the record's MRN (a
 * conditional create, {@code ifNoneExist}); one it already holds is used as it is, never updated. The
 * record's resources refer to that entry, which the EHR resolves to whichever Patient it is.
 *
 * <p>Only a record naming the patient in full (first and last name, birth date, sex) carries one: those
 * are what EHRs register a patient with, and US Core requires a name and a gender. Any other record
 * refers to the patient by MRN as when creation is off, and fails as unknown if the EHR has none.
 */
public final class MissingPatients {

    static final String PART = "patient";

    private final ResourceIdentities ids;
    private final boolean create;

    private MissingPatients(ResourceIdentities ids, boolean create) {
        this.ids = ids;
        this.create = create;
    }

    static MissingPatients referencedOnly(ResourceIdentities ids) {
        return new MissingPatients(ids, false);
    }

    static MissingPatients created(ResourceIdentities ids) {
        return new MissingPatients(ids, true);
    }

    /** The Patient to create if the EHR has none with this MRN: only when configured and named in full. */
    Optional<MappedResource> patient(PatientRef patient) {
        if (!create || !namedInFull(patient)) {
            return Optional.empty();
        }
        Patient resource = new Patient();
        resource.getMeta().addProfile(Profiles.PATIENT);
        Identifier mrn = ids.mrn(patient);
        mrn.setType(new CodeableConcept(new Coding(CodeSystems.V2_IDENTIFIER_TYPE, "MR", "Medical record number")));
        resource.addIdentifier(mrn);
        resource.addName().setFamily(patient.lastName()).addGiven(patient.firstName());
        resource.setGender(AdministrativeGender.fromCode(patient.sex()));
        resource.getBirthDateElement().setValueAsString(patient.birthDate().toString());
        return Optional.of(
                new MappedResource(PART, ids.patientFullUrl(patient), "Patient", resource, ids.patientSearch(patient)));
    }

    /** How the record's resources refer to the patient: the Patient entry when there is one, else by MRN. */
    Reference reference(PatientRef patient) {
        return create && namedInFull(patient) ? new Reference(ids.patientFullUrl(patient)) : ids.patient(patient);
    }

    private static boolean namedInFull(PatientRef patient) {
        return missingDemographics(patient).isEmpty();
    }

    /**
     * The fields (docs/interface.md, Records) a record gives for its patient to be created, each with its check: US Core needs
     * name and gender; EHRs register patients with these.
     */
    private static final Map<String, Predicate<PatientRef>> GIVEN = new LinkedHashMap<>();

    static {
        GIVEN.put("patient.firstName", patient -> !blank(patient.firstName()));
        GIVEN.put("patient.lastName", patient -> !blank(patient.lastName()));
        GIVEN.put("patient.birthDate", patient -> patient.birthDate() != null);
        GIVEN.put("patient.sex", patient -> !blank(patient.sex()));
    }

    /** The fields a record gives for its patient to be created. */
    public static final List<String> DEMOGRAPHICS = List.copyOf(GIVEN.keySet());

    /** Those of {@link #DEMOGRAPHICS} a record lacks. */
    static List<String> missingDemographics(PatientRef patient) {
        return GIVEN.entrySet().stream()
                .filter(field -> !field.getValue().test(patient))
                .map(Map.Entry::getKey)
                .toList();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
