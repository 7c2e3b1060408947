package org.ketaminefhir.adapter.ehr;

import static org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction.CREATE;
import static org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction.SEARCHTYPE;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a plan against an EHR's CapabilityStatement so that it never sends what the statement does not
 * offer: a write style the EHR lacks falls back (transaction, then batch, then single requests), a type
 * the EHR does not create goes into the note where the note can carry it and is sent, else it is not
 * sent, and a session whose Encounter cannot be created is filed against the EHR's own encounter when the
 * EHR can be searched for it. {@code auto} is the plan that recognizes the EHR, else {@code full}, fitted.
 */
public final class PlanFit {

    /** The name a plan {@code auto} made from {@code full} and the statement carries. */
    public static final String DERIVED = "derived";

    private PlanFit() {}

    public static FittedPlan auto(WritePlans plans, EhrCapabilities capabilities) {
        FittedPlan fitted = fit(
                plans.recognizing(capabilities)
                        .or(() -> plans.named("full"))
                        .orElseThrow(() -> new IllegalStateException("the full write plan is not on the class path")),
                capabilities);
        if (fitted.plan().name().equals("full") && !fitted.adjustments().isEmpty()) {
            WritePlan plan = fitted.plan();
            return new FittedPlan(
                    plan.with(
                            DERIVED,
                            "derived from the EHR's CapabilityStatement",
                            plan.writes(),
                            plan.encounter(),
                            plan.resources()),
                    fitted.adjustments());
        }
        return fitted;
    }

    public static FittedPlan fit(WritePlan plan, EhrCapabilities capabilities) {
        List<String> adjustments = new ArrayList<>();
        Map<String, ResourceRule> resources = new LinkedHashMap<>();
        boolean notes = plan.rule("DocumentReference").send() == Disposition.SENT
                && capabilities.offers("DocumentReference", CREATE);
        for (Map.Entry<String, ResourceRule> entry : plan.resources().entrySet()) {
            resources.put(entry.getKey(), fit(entry.getKey(), entry.getValue(), capabilities, notes, adjustments));
        }
        WriteStyle writes = writes(plan.writes(), resources, capabilities, adjustments);
        EncounterOwner encounter = encounter(plan.encounter(), resources.get("Encounter"), capabilities, adjustments);
        return new FittedPlan(plan.with(plan.name(), plan.title(), writes, encounter, resources), adjustments);
    }

    private static ResourceRule fit(
            String type, ResourceRule rule, EhrCapabilities capabilities, boolean notes, List<String> adjustments) {
        ResourceRule fitted = rule;
        if (rule.send() == Disposition.SENT && !capabilities.offers(type, CREATE)) {
            String why = "the EHR's CapabilityStatement declares no " + type + " create";
            boolean carried = notes && WritePlan.CARRIED_BY_NOTE.contains(type);
            fitted = rule.withSend(
                    carried ? Disposition.NOTE : Disposition.NOT_SENT,
                    why + (carried ? "; the clinical note carries its content" : ""));
            adjustments.add(type + " " + fitted.send().wireName());
        }
        if (rule.others() != null) {
            ResourceRule others = fit(type, rule.others(), capabilities, notes, adjustments);
            fitted = new ResourceRule(
                    fitted.send(), fitted.why(), fitted.categories(), others, fitted.find(), fitted.updateStatuses());
        }
        return fitted;
    }

    private static WriteStyle writes(
            WriteStyle wanted,
            Map<String, ResourceRule> resources,
            EhrCapabilities capabilities,
            List<String> adjustments) {
        WriteStyle writes = wanted;
        if (writes == WriteStyle.TRANSACTION
                && !(capabilities.offersTransaction() && conditionalUpdates(resources, capabilities))) {
            writes = WriteStyle.BATCH;
        }
        if (writes == WriteStyle.BATCH && !capabilities.offersBatch()) {
            writes = WriteStyle.SINGLE;
        }
        if (writes != wanted) {
            adjustments.add("writes " + writes.wireName() + " (no " + wanted.wireName()
                    + (wanted == WriteStyle.TRANSACTION ? " with conditional updates" : "") + ")");
        }
        return writes;
    }

    /** A transaction of conditional updates needs them for every type it sends. */
    private static boolean conditionalUpdates(Map<String, ResourceRule> resources, EhrCapabilities capabilities) {
        return resources.entrySet().stream()
                .filter(entry -> sendsAny(entry.getValue()))
                .filter(entry ->
                        !entry.getKey().equals("Patient") && !entry.getKey().equals("Provenance"))
                .allMatch(entry -> capabilities.offersConditionalUpdate(entry.getKey()));
    }

    private static boolean sendsAny(ResourceRule rule) {
        return rule.send() == Disposition.SENT
                || (rule.others() != null && rule.others().send() == Disposition.SENT);
    }

    private static EncounterOwner encounter(
            EncounterOwner wanted, ResourceRule encounterRule, EhrCapabilities capabilities, List<String> adjustments) {
        EncounterOwner owner = wanted;
        if (owner == EncounterOwner.ADAPTER && encounterRule.send() != Disposition.SENT) {
            owner = EncounterOwner.EHR;
        }
        if (owner == EncounterOwner.EHR
                && !(capabilities.offers("Encounter", SEARCHTYPE)
                        && capabilities.searchParams("Encounter").containsAll(List.of("patient", "date")))) {
            owner = EncounterOwner.NONE;
        }
        if (owner != wanted) {
            adjustments.add("encounter " + owner.wireName());
        }
        return owner;
    }
}
