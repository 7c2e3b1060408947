package org.ketaminefhir.adapter.ehr;

import java.util.List;

/**
 * A plan as it applies to one EHR: the plan read against the EHR's CapabilityStatement, and each change
 * that made (a resource type the EHR does not create, a write style it does not offer), for the log and
 * the status page.
 */
public record FittedPlan(WritePlan plan, List<String> adjustments) {

    public FittedPlan {
        adjustments = List.copyOf(adjustments);
    }

    /** One line: the plan's name and, when the statement changed it, how. */
    public String describe() {
        return plan.name()
                + (adjustments.isEmpty()
                        ? ""
                        : " (fitted to the EHR's CapabilityStatement: " + String.join("; ", adjustments) + ")");
    }
}
