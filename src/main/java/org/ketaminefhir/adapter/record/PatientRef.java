package org.ketaminefhir.adapter.record;

import java.time.LocalDate;

/**
 * docs/interface.md, Records {@code patient}: the MRN identifies; demographics only serve matching or creation.
 * {@code mrnSystem}, optional, is the EHR identifier system of this MRN when it is not
 * {@code adapter.patients.mrn-system}: the HL7 channel sets it from PID-3's assigning authority
 * ({@code adapter.mllp.assigning-authority-systems}), so two facilities' equal MRNs name two patients.
 */
public record PatientRef(
        String mrn, String firstName, String lastName, LocalDate birthDate, String sex, String mrnSystem) {

    /** Nothing of the patient: the records holding this one print it, and a record can end up in a log. */
    @Override
    public String toString() {
        return "PatientRef[…]";
    }
}
