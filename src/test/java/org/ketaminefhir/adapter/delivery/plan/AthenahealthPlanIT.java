package org.ketaminefhir.adapter.delivery.plan;

import org.ketaminefhir.testserver.EhrShape;

/** The write plan {@code athenahealth} against the test EHR shaped {@code ATHENAHEALTH}. */
class AthenahealthPlanIT extends WritePlanDeliveryIT {

    AthenahealthPlanIT() {
        super("athenahealth", EhrShape.ATHENAHEALTH, "athenahealth");
    }
}
