package org.ketaminefhir.adapter.delivery.plan;

import org.ketaminefhir.testserver.EhrShape;

/** The write plan {@code oracle-health} against the test EHR shaped {@code ORACLE_HEALTH}. */
class OracleHealthPlanIT extends WritePlanDeliveryIT {

    OracleHealthPlanIT() {
        super("oracle-health", EhrShape.ORACLE_HEALTH, "oracle-health");
    }
}
