package org.ketaminefhir.adapter.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.adapter.api.auth.Role;
import org.ketaminefhir.adapter.delivery.EhrGateway;
import org.ketaminefhir.adapter.delivery.PreparedBundle;
import org.ketaminefhir.adapter.ehr.BundleShaper;
import org.ketaminefhir.adapter.ehr.ShapedBundle;
import org.ketaminefhir.adapter.ehr.WritePlan;
import org.ketaminefhir.adapter.ehr.WritePlans;
import org.ketaminefhir.adapter.journal.AttemptOutcome;
import org.ketaminefhir.adapter.testsupport.AdapterClient;
import org.ketaminefhir.adapter.testsupport.BeanWrapping;
import org.ketaminefhir.adapter.testsupport.Examples;
import org.ketaminefhir.adapter.testsupport.HeadlessChromium;
import org.ketaminefhir.adapter.testsupport.RunningAdapter;
import org.ketaminefhir.adapter.testsupport.TestKeys;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;

/**
 * Nothing withheld silently: under the athenahealth plan (QuestionnaireResponses only) a vitals record is
 * {@code withheld}, a questionnaire is delivered with its other parts not sent, and the status API, the
 * overview, the metrics and the dashboard say per record what went where and the plan's reason.
 */
class WithheldRecordIT {

    private static final String OBSERVATION_WHY = "athenahealth's FHIR API creates no Observation";

    private static RunningAdapter adapter;
    private static AdapterClient admin;

    /**
     * The gateway delivery will build for a plan, as a test double: the bundle cut to the athenahealth plan,
     * nothing sent when it keeps nothing, else what it keeps written to the outbox (not @Configuration: see
     * RunningAdapter).
     */
    static class AthenahealthPlan {
        @Bean
        static BeanPostProcessor shapeToTheAthenahealthPlan() {
            return BeanWrapping.wrapping(EhrGateway.class, AthenahealthPlan::shaping);
        }

        private static EhrGateway shaping(EhrGateway outbox) {
            WritePlan plan = WritePlans.load().named("athenahealth").orElseThrow();
            return new EhrGateway() {
                @Override
                public AttemptOutcome send(PreparedBundle prepared) {
                    ShapedBundle shaped = BundleShaper.shape(prepared.bundle(), plan);
                    if (shaped.report().nothingSent()) {
                        return AttemptOutcome.delivered(null, "nothing to send", null, shaped.report());
                    }
                    AttemptOutcome sent =
                            outbox.send(new PreparedBundle(prepared.entry(), prepared.record(), shaped.bundle()));
                    return AttemptOutcome.delivered(sent.httpStatus(), sent.detail(), sent.fhirIds(), shaped.report());
                }

                @Override
                public String describe() {
                    return outbox.describe();
                }

                @Override
                public String dialect() {
                    return outbox.dialect();
                }

                @Override
                public Reachability reachability() {
                    return outbox.reachability();
                }
            };
        }
    }

    @BeforeAll
    static void start() {
        adapter = new RunningAdapter(
                Map.of(
                        "spring.datasource.url",
                        "jdbc:h2:mem:withheld-record-it;DB_CLOSE_DELAY=-1",
                        "adapter.outbox.dir",
                        Path.of("target", "test-outbox", "withheld-" + System.nanoTime())
                                .toString()),
                AthenahealthPlan.class);
        admin = adapter.client();
        submit(Examples.json("vitals.json").put("sourceId", "V-withheld-1"));
        submit(Examples.json("questionnaire-phq9.json").put("sourceId", "Q-athena-1"));
        await().atMost(Duration.ofMinutes(3))
                .until(() -> admin.state("vitals", "V-withheld-1").equals("withheld")
                        && admin.state("questionnaire", "Q-athena-1").equals("delivered"));
    }

    @AfterAll
    static void stop() {
        adapter.close();
    }

    private static void submit(ObjectNode record) {
        ((ObjectNode) record.get("patient")).put("mrn", "WH-300117");
        assertThat(admin.as(Role.SUBMITTER).postJson("/api/v1/records", record).status())
                .isEqualTo(202);
    }

    @Test
    void aRecordThePlanSendsNothingOfIsWithheldAndItsStatusSaysWhyForEachPart() {
        JsonNode status = admin.get("/api/v1/records/vitals/V-withheld-1").body();

        assertThat(status.path("state").asText()).isEqualTo("withheld");
        assertThat(status.path("lastError").isNull()).as("not a failure").isTrue();
        assertThat(status.path("sent").size()).isZero();
        assertThat(status.path("reportRevision").asInt()).isEqualTo(1);
        assertThat(status.path("notSent").findValuesAsText("type")).contains("Observation", "Provenance");
        JsonNode observations = part(status.path("notSent"), "Observation");
        assertThat(observations.path("count").asInt())
                .as("the two readings' vital signs")
                .isGreaterThan(2);
        assertThat(observations.path("why").asText()).startsWith(OBSERVATION_WHY);
        assertThat(status.at("/attemptLog/0/outcome").asText()).isEqualTo("withheld");

        assertThat(admin.get("/api/v1/dead-letters").body().path("deadLetters").size())
                .as("no person needed")
                .isZero();
        assertThat(admin.get("/api/v1/records?state=withheld")
                        .body()
                        .path("records")
                        .findValuesAsText("sourceId"))
                .containsExactly("V-withheld-1");
        assertThat(admin.get("/api/v1/overview")
                        .body()
                        .at("/recordsByState/withheld/vitals")
                        .asInt())
                .isEqualTo(1);
    }

    @Test
    void aRecordThePlanSendsPartOfIsDeliveredAndSaysWhatStayedBehind() {
        JsonNode status = admin.get("/api/v1/records/questionnaire/Q-athena-1").body();

        assertThat(status.path("state").asText()).isEqualTo("delivered");
        assertThat(status.path("sent").path("QuestionnaireResponse").asInt()).isEqualTo(1);
        assertThat(status.path("sent").has("Observation")).isFalse();
        assertThat(part(status.path("notSent"), "DocumentReference").path("why").asText())
                .contains("creates no DocumentReference");
    }

    @Test
    void metricsCountResourcesByTypeAndDispositionAndNameNoPatient() {
        String metrics = admin.as(Role.OPERATOR).get("/actuator/prometheus").text();

        assertThat(metrics)
                .containsPattern("adapter_records_withheld_total\\{kind=\"vitals\"\\} 1")
                .containsPattern(
                        "adapter_resources_total\\{disposition=\"not-sent\",kind=\"vitals\",type=\"Observation\"\\} [1-9]")
                .containsPattern(
                        "adapter_resources_total\\{disposition=\"sent\",kind=\"questionnaire\",type=\"QuestionnaireResponse\"\\} 1");
        assertThat(metrics)
                .doesNotContain("WH-300117")
                .doesNotContain("V-withheld-1")
                .doesNotContain(OBSERVATION_WHY);
    }

    @Test
    void theDashboardShowsAWithheldRecordAndWhatWasNotSentAndWhy() {
        ChromeDriver browser = HeadlessChromium.start();
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofMinutes(2));
            wait.ignoring(StaleElementReferenceException.class);
            browser.get(admin.baseUrl() + "/dashboard");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key")))
                    .sendKeys(TestKeys.of(Role.OPERATOR));
            browser.findElement(By.id("login")).click();

            wait.until(ExpectedConditions.textToBePresentInElementLocated(
                    By.cssSelector("#counts tr[data-state='withheld']"), "1"));
            new Select(browser.findElement(By.id("filter-state"))).selectByVisibleText("withheld");
            browser.findElement(By.id("apply-filters")).click();
            wait.until(ExpectedConditions.elementToBeClickable(
                            By.cssSelector("#records tr[data-record='vitals/V-withheld-1']")))
                    .click();

            wait.until(ExpectedConditions.textToBe(By.id("timeline-state"), "withheld"));
            String report = wait.until(
                    page -> page.findElement(By.id("delivery-report")).getText());
            assertThat(report)
                    .contains("sent: nothing")
                    .contains("not sent:")
                    .contains("Observation")
                    .contains(OBSERVATION_WHY);
            String deadLetters =
                    wait.until(page -> page.findElement(By.id("dead-letters")).getText());
            assertThat(deadLetters).doesNotContain("V-withheld-1");
        } finally {
            browser.quit();
        }
    }

    private static JsonNode part(JsonNode parts, String type) {
        for (JsonNode part : parts) {
            if (part.path("type").asText().equals(type)) {
                return part;
            }
        }
        throw new AssertionError("no part of type " + type + " in " + parts);
    }
}
