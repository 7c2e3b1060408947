package org.ketaminefhir.adapter.delivery;

import java.util.function.Function;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Where the EHR owns encounters (the plan's {@code encounter: ehr}, Epic), finds the visit the EHR holds that
 * a record's session is filed against. Delivery asks only when its write ledger does not know the visit yet,
 * and remembers the answer there, so a session's vitals and questionnaires follow it.
 */
interface EhrEncounters {

    /**
     * @param prepared         the record being delivered (its session's own encounter field, its times)
     * @param sessionEncounter the identifier value the adapter gives the session's Encounter
     *                         ({@code session/<sourceId>/encounter})
     * @param patient          the patient on the EHR, {@code Patient/<id>}
     * @param search           runs a FHIR search URL (relative, e.g. {@code Encounter?patient=…}) on the EHR
     *                         through the delivery client, and answers its searchset
     * @return the EHR's id of the Encounter (the id part)
     * @throws EncounterNotYetHeldException when the EHR holds no eligible visit, or several: the record waits
     */
    String encounterFor(
            PreparedBundle prepared, String sessionEncounter, String patient, Function<String, Bundle> search);
}
