package org.ketaminefhir.adapter.record;

import java.time.LocalDate;

/** Contract §1.1 {@code patient}: the MRN identifies; demographics only serve matching or creation. */
public record PatientRef(String mrn, String firstName, String lastName, LocalDate birthDate, String sex) {

    /** Nothing of the patient: the records holding this one print it, and a record can end up in a log. */
    @Override
    public String toString() {
        return "PatientRef[…]";
    }
}
