package org.ketaminefhir.adapter.delivery.plan;

import java.util.Date;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Reference;
import org.ketaminefhir.testserver.EhrShape;
import org.ketaminefhir.testserver.InProcessFhirServer;

/**
 * The write plan {@code epic} against the Epic-shaped EHR, which holds the patients and, for each session,
 * an open visit begun the day before (Epic files readings and notes only against a visit it holds). Here
 * each visit carries the session's encounter identifier, which is how delivery finds it until the EHR's
 * own lookup (by patient and time) is configured.
 */
class EpicPlanIT extends WritePlanDeliveryIT {

    /** Session source id → the MRN of its patient (the examples' sessions). */
    private static final Map<String, String> SESSIONS = Map.of("S-2026-000123", "100234", "S-2026-000124", "100987",
            "S-2026-000130", "100234", "S-2026-000131", "100234", "S-2026-000132", "100234", "S-2026-000133", "100234",
            "S-2026-000134", "100234");

    EpicPlanIT() {
        super("epic", EhrShape.EPIC, "epic");
    }

    /**
     * Forms of no known session, and a reading of the day after its session (in matched-by-time), have no
     * visit to be filed against until the EHR's own lookup (by patient and time) finds one.
     */
    @Override
    List<String> sent() {
        return super.sent().stream().filter(name -> !WITHOUT_SESSION.contains(name))
                .filter(name -> !name.equals("vitals/matched-by-time")).toList();
    }

    @Override
    boolean counted(String type) {
        return super.counted(type) && !type.equals("Encounter");
    }

    @Override
    void seed(InProcessFhirServer ehr) {
        SESSIONS.forEach((session, mrn) -> {
            IIdType patient = ehr.ensurePatient(mrnSystem(), mrn);
            Encounter visit = new Encounter().setStatus(Encounter.EncounterStatus.INPROGRESS)
                    .setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", "ambulatory"));
            visit.setSubject(new Reference(patient));
            visit.addIdentifier().setSystem(namespace()).setValue("session/" + session + "/encounter");
            visit.getPeriod().setStart(Date.from(java.time.Instant.parse("2026-11-19T12:00:00Z")));
            ehr.seed(visit);
        });
    }
}
