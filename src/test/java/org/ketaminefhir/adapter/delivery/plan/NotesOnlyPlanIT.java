package org.ketaminefhir.adapter.delivery.plan;

import org.ketaminefhir.testserver.EhrShape;

/** The write plan {@code notes-only} against the test EHR shaped {@code FULL}. */
class NotesOnlyPlanIT extends WritePlanDeliveryIT {

    NotesOnlyPlanIT() {
        super("notes-only", EhrShape.FULL, "full");
    }
}
