package org.ketaminefhir.adapter.ehr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction.CREATE;

import java.util.LinkedHashMap;
import java.util.Map;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The shipped plans, what {@code auto} makes of each vendor's statement, and the checks a plan file must pass. */
class WritePlansTest {

    private static final WritePlans PLANS = WritePlans.load();

    @Test
    void the_shipped_plans_load() {
        assertThat(PLANS.all())
                .extracting(WritePlan::name)
                .contains("full", "batch", "oracle-health", "epic", "athenahealth", "notes-only");
    }

    @ParameterizedTest
    @CsvSource({
        "epic-r4.json, epic, single, ehr",
        "oracle-health-millennium-r4-secure.json, oracle-health, batch, adapter",
        "athenahealth-r4.json, athenahealth, single, none"
    })
    void auto_recognizes_each_vendor_by_its_statement(String statement, String plan, String writes, String encounter) {
        FittedPlan fitted = PlanFit.auto(PLANS, EhrCapabilitiesTest.vendor(statement));

        assertThat(fitted.plan().name()).isEqualTo(plan);
        assertThat(fitted.plan().writes().wireName()).isEqualTo(writes);
        assertThat(fitted.plan().encounter().wireName()).isEqualTo(encounter);
        assertThat(fitted.adjustments())
                .as("the vendor plan already fits its statement")
                .isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"epic-r4.json", "oracle-health-millennium-r4-secure.json", "athenahealth-r4.json"})
    void every_plan_fitted_to_a_vendor_sends_only_types_the_vendor_creates(String statement) {
        EhrCapabilities vendor = EhrCapabilitiesTest.vendor(statement);
        for (WritePlan plan : PLANS.all()) {
            WritePlan fitted = PlanFit.fit(plan, vendor).plan();
            fitted.resources().forEach((type, rule) -> {
                if (sends(rule)) {
                    assertThat(vendor.offers(type, CREATE))
                            .as(plan.name() + " sends " + type + " to " + statement)
                            .isTrue();
                }
            });
            assertThat(fitted.writes() != WriteStyle.TRANSACTION || vendor.offersTransaction())
                    .isTrue();
            assertThat(fitted.writes() != WriteStyle.BATCH || vendor.offersBatch())
                    .as(plan.name())
                    .isTrue();
        }
    }

    @Test
    void full_against_a_statement_without_transactions_is_derived_and_says_what_changed() {
        CapabilityStatement statement = EhrCapabilitiesTest.vendor("oracle-health-millennium-r4-secure.json")
                .statement()
                .copy();
        statement.setPublisher("Some Other EHR");

        FittedPlan fitted = PlanFit.auto(PLANS, EhrCapabilities.of(statement));

        assertThat(fitted.plan().name()).isEqualTo(PlanFit.DERIVED);
        assertThat(fitted.plan().writes()).isEqualTo(WriteStyle.BATCH);
        assertThat(fitted.plan().rule("MedicationAdministration").send()).isEqualTo(Disposition.NOTE);
        assertThat(fitted.plan().rule("MedicationAdministration").why())
                .contains("declares no MedicationAdministration create");
        assertThat(fitted.describe())
                .contains("writes batch", "MedicationAdministration note", "QuestionnaireResponse note");
    }

    @Test
    void full_against_a_full_server_stays_full() {
        CapabilityStatement statement = new CapabilityStatement();
        CapabilityStatement.CapabilityStatementRestComponent rest =
                statement.addRest().setMode(CapabilityStatement.RestfulCapabilityMode.SERVER);
        rest.addInteraction().setCode(CapabilityStatement.SystemRestfulInteraction.TRANSACTION);
        for (String type : WritePlan.PRODUCED_TYPES) {
            CapabilityStatement.CapabilityStatementRestResourceComponent resource =
                    rest.addResource().setType(type).setConditionalUpdate(true).setConditionalCreate(true);
            resource.addInteraction().setCode(CREATE);
            resource.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.UPDATE);
        }

        FittedPlan fitted = PlanFit.auto(PLANS, EhrCapabilities.of(statement));

        assertThat(fitted.plan().name()).isEqualTo("full");
        assertThat(fitted.adjustments()).isEmpty();
    }

    @Test
    void a_plan_that_withholds_without_a_reason_or_leaves_a_type_out_does_not_load() {
        WritePlan full = PLANS.named("full").orElseThrow();
        Map<String, ResourceRule> silent = new LinkedHashMap<>(full.resources());
        silent.put("Provenance", ResourceRule.of(Disposition.NOT_SENT, null));
        assertThatThrownBy(() -> new WritePlans(
                        java.util.List.of(full.with("silent", "t", full.writes(), full.encounter(), silent))))
                .hasMessageContaining("Provenance")
                .hasMessageContaining("says why");

        Map<String, ResourceRule> missing = new LinkedHashMap<>(full.resources());
        missing.remove("Observation");
        assertThatThrownBy(() -> new WritePlans(
                        java.util.List.of(full.with("missing", "t", full.writes(), full.encounter(), missing))))
                .hasMessageContaining("no rule for Observation");
    }

    private static boolean sends(ResourceRule rule) {
        return rule.send() == Disposition.SENT
                || (rule.others() != null && rule.others().send() == Disposition.SENT);
    }
}
