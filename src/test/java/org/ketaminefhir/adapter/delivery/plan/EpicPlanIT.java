package org.ketaminefhir.adapter.delivery.plan;

import java.time.Duration;
import java.time.Instant;
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
 * The write plan {@code epic} against the Epic-shaped EHR, which holds the patients and, for each day a
 * patient comes to the clinic, one open visit (Epic files readings and notes only against a visit it holds).
 * Delivery finds each record's visit as it would on Epic: by the patient and the record's time.
 */
class EpicPlanIT extends WritePlanDeliveryIT {

    /** The days (UTC dates of visits running 06:00 to 06:00) each patient comes, as the fixtures' times say. */
    private static final Map<String, List<String>> VISIT_DAYS = Map.of(
            "100234", List.of("2026-11-20", "2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27", "2026-11-28"),
            "100987", List.of("2026-11-21"));

    EpicPlanIT() {
        super("epic", EhrShape.EPIC, "epic");
    }

    @Override
    boolean counted(String type) {
        return super.counted(type) && !type.equals("Encounter");
    }

    @Override
    void seed(InProcessFhirServer ehr) {
        VISIT_DAYS.forEach((mrn, days) -> {
            IIdType patient = ehr.ensurePatient(mrnSystem(), mrn);
            for (String day : days) {
                Encounter visit = new Encounter()
                        .setStatus(Encounter.EncounterStatus.INPROGRESS)
                        .setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", "ambulatory"));
                visit.setSubject(new Reference(patient));
                Instant start = Instant.parse(day + "T06:00:00Z");
                visit.getPeriod()
                        .setStart(Date.from(start))
                        .setEnd(Date.from(start.plus(Duration.ofHours(24)).minusSeconds(1)));
                ehr.seed(visit);
            }
        });
    }
}
