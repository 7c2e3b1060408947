package org.ketaminefhir.adapter.delivery;

import java.util.List;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.ketaminefhir.adapter.ehr.EhrCapabilities;
import org.ketaminefhir.adapter.ehr.FittedPlan;
import org.ketaminefhir.adapter.ehr.PlanFit;
import org.ketaminefhir.adapter.ehr.WritePlan;
import org.ketaminefhir.adapter.ehr.WritePlans;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write plan delivery uses, chosen at start ({@code adapter.ehr.plan}): {@code auto} reads the EHR's
 * {@code /metadata} and takes the plan that recognizes the EHR, else {@code full} fitted to the statement;
 * a named plan is fitted too, so it never sends what the statement does not offer. When the statement
 * cannot be read (or declares no server part), a named plan is used as it is and {@code auto} takes
 * {@code full}, and the log says so.
 *
 * @param capabilities what the EHR's statement declares; null when it could not be read
 */
record PlanChoice(FittedPlan fitted, EhrCapabilities capabilities) {

    private static final Logger log = LoggerFactory.getLogger(PlanChoice.class);

    static PlanChoice choose(String planName, WritePlans plans, EhrClient client) {
        WritePlan named = planName.equals(EhrProperties.AUTO)
                ? null
                : plans.named(planName).orElseThrow();
        EhrCapabilities capabilities = read(client);
        if (capabilities == null) {
            WritePlan plan = named != null ? named : plans.named("full").orElseThrow();
            log.warn(
                    "the EHR's /metadata could not be read or declares no server capabilities: write plan {} as it is{}",
                    plan.name(),
                    named == null ? " (auto without a statement takes full)" : "");
            return new PlanChoice(new FittedPlan(plan, List.of()), null);
        }
        FittedPlan fitted = named != null ? PlanFit.fit(named, capabilities) : PlanFit.auto(plans, capabilities);
        return new PlanChoice(fitted, capabilities);
    }

    private static EhrCapabilities read(EhrClient client) {
        try {
            CapabilityStatement statement = client.capabilities();
            boolean declares = statement.getRest().stream()
                    .anyMatch(rest -> rest.getMode() != CapabilityStatement.RestfulCapabilityMode.CLIENT);
            return declares ? EhrCapabilities.of(statement) : null;
        } catch (RuntimeException e) {
            log.warn("GET /metadata failed at start: {}", e.getClass().getSimpleName());
            return null;
        }
    }
}
