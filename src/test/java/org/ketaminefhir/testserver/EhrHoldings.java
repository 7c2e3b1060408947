package org.ketaminefhir.testserver;

import java.util.Optional;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;

/** What the EHR already holds, as far as a vendor rule needs to know. */
interface EhrHoldings {

    /** The encounter a reference names, if the EHR holds it ({@code Encounter/id} references only). */
    Optional<Encounter> encounter(Reference reference);

    /** Whether the EHR holds a reading of the same patient, code and effective time. */
    boolean holdsSameReading(Observation observation);
}
