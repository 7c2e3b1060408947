package org.ketaminefhir.adapter.delivery.plan;

import org.ketaminefhir.testserver.EhrShape;

/** The write plan {@code full} against the test EHR shaped {@code FULL}. */
class FullPlanIT extends WritePlanDeliveryIT {

    FullPlanIT() {
        super("full", EhrShape.FULL, "full");
    }
}
