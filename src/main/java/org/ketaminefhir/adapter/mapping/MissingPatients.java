package org.ketaminefhir.adapter.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.ketaminefhir.adapter.record.PatientRef;

/**
 * {@code adapter.patients.create-missing} (contract §5): a record's bundle then carries a US Core Patient
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
        Identifier mrn = ids.mrn(patient.mrn());
        mrn.setType(new CodeableConcept(new Coding(CodeSystems.V2_IDENTIFIER_TYPE, "MR", "Medical record number")));
        resource.addIdentifier(mrn);
        resource.addName().setFamily(patient.lastName()).addGiven(patient.firstName());
        resource.setGender(AdministrativeGender.fromCode(patient.sex()));
        resource.getBirthDateElement().setValueAsString(patient.birthDate().toString());
        return Optional.of(new MappedResource(PART, ids.patientFullUrl(patient.mrn()), "Patient", resource,
                ids.patientSearch(patient.mrn())));
    }

    /** How the record's resources refer to the patient: the Patient entry when there is one, else by MRN. */
    Reference reference(PatientRef patient) {
        return create && namedInFull(patient) ? new Reference(ids.patientFullUrl(patient.mrn())) : ids.patient(patient.mrn());
    }

    private static boolean namedInFull(PatientRef patient) {
        return missingDemographics(patient).isEmpty();
    }

    /** The contract's names of the demographics a record lacks for its patient to be created. */
    static List<String> missingDemographics(PatientRef patient) {
        List<String> missing = new ArrayList<>();
        if (blank(patient.firstName())) {
            missing.add("patient.firstName");
        }
        if (blank(patient.lastName())) {
            missing.add("patient.lastName");
        }
        if (patient.birthDate() == null) {
            missing.add("patient.birthDate");
        }
        if (blank(patient.sex())) {
            missing.add("patient.sex");
        }
        return missing;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
