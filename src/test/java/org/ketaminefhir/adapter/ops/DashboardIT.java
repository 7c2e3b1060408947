package org.ketaminefhir.adapter.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.adapter.api.auth.Role;
import org.ketaminefhir.adapter.testsupport.Examples;
import org.ketaminefhir.adapter.testsupport.HeadlessChromium;
import org.ketaminefhir.adapter.testsupport.RunningAdapter;
import org.ketaminefhir.adapter.testsupport.TestKeys;
import org.ketaminefhir.testserver.InProcessFhirServer;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser (Debian's headless Chromium) against the adapter delivering to a real
 * FHIR server: IT staff find a record the EHR refused, fix the cause in the EHR, replay it and watch it
 * arrive; a submitter's key is refused; only an admin sees a whole MRN.
 */
class DashboardIT {

    private static final String MRN_SYSTEM = "urn:oid:2.16.840.1.113883.3.999.7";
    private static final String MRN = "DASH-440021";

    private static InProcessFhirServer ehr;
    private static RunningAdapter adapter;
    private static String dashboard;
    private ChromeDriver browser;
    private WebDriverWait wait;

    @BeforeAll
    static void start() {
        ehr = InProcessFhirServer.shared();
        adapter = new RunningAdapter(Map.of(
                "spring.datasource.url", "jdbc:h2:mem:dashboard-it;DB_CLOSE_DELAY=-1",
                "adapter.ehr.base-url", ehr.baseUrl(),
                "adapter.ehr.dialect", "transaction",
                "adapter.clinic.identifier-system", "urn:ketamine-fhir-adapter:clinic:dashboard-it",
                "adapter.patients.mrn-system", MRN_SYSTEM));
        dashboard = adapter.client().baseUrl() + "/dashboard";
    }

    @AfterAll
    static void stop() {
        adapter.close();
    }

    @BeforeEach
    void openBrowser() {
        browser = HeadlessChromium.start();
        // a bound, not a pause: each wait ends when the page shows its state. Generous, because on a loaded
        // machine the EHR's first /metadata may time out, and reachability is asked again only every 15 s
        wait = new WebDriverWait(browser, Duration.ofMinutes(3));
        // the dashboard redraws its tables every few seconds: an element found may be replaced before it is read
        wait.ignoring(StaleElementReferenceException.class);
    }

    @AfterEach
    void closeBrowser() {
        browser.quit();
    }

    @Test
    void anOperatorFindsADeadLetterReplaysItAndSeesItDelivered() {
        // the EHR does not know the patient yet: the record ends failed, a dead letter
        ObjectNode record = Examples.json("vitals.json").put("sourceId", "V-dash-replay");
        ((ObjectNode) record.get("patient")).put("mrn", MRN);
        record.remove("sessionSourceId");
        assertThat(adapter.client()
                        .as(Role.SUBMITTER)
                        .postJson("/api/v1/records", record)
                        .status())
                .isEqualTo(202);

        logIn(Role.OPERATOR);
        By deadLetter = By.cssSelector("#dead-letters tr[data-record='vitals/V-dash-replay']");
        wait.until(ExpectedConditions.presenceOfElementLocated(deadLetter));
        assertThat(textOf(deadLetter)).contains("failed");

        ehr.ensurePatient(MRN_SYSTEM, MRN);
        wait.until(page -> {
            page.findElement(deadLetter)
                    .findElement(By.cssSelector("button.replay"))
                    .click();
            return true;
        });

        wait.until(ExpectedConditions.textToBe(By.id("timeline-state"), "delivered"));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(
                By.cssSelector("#dead-letters tr[data-record='vitals/V-dash-replay']")));
        assertThat(textOf(By.id("timeline")))
                .contains("revision 1 received from test-submitter")
                .contains("attempt (revision 1): failed")
                .contains("replayed from failed by test-operator")
                .contains("attempt (revision 1): delivered");
        assertThat(textOf(By.id("fhir-ids"))).contains("Observation/");
        assertThat(textOf(By.id("audit"))).contains("test-operator").contains("replay");
        assertThat(textOf(By.id("timeline-mrn"))).as("masked for an operator").isEqualTo("•••••••••21");
        assertThat(browser.findElement(By.id("reveal-mrn")).isDisplayed())
                .as("no reveal for an operator")
                .isFalse();
    }

    @Test
    void theDashboardShowsStatesRoutesAndTheEhrAndFiltersRecords() {
        ObjectNode record = Examples.json("questionnaire-phq9.json").put("sourceId", "Q-dash-filter");
        ((ObjectNode) record.get("patient")).put("mrn", MRN);
        record.remove("sessionSourceId");
        assertThat(adapter.client()
                        .as(Role.SUBMITTER)
                        .postJson("/api/v1/records", record)
                        .status())
                .isEqualTo(202);

        logIn(Role.OPERATOR);

        wait.until(ExpectedConditions.textToBe(By.id("ehr-reachable"), "reachable"));
        assertThat(textOf(By.id("ehr-dialect"))).isEqualTo("full");
        assertThat(textOf(By.cssSelector("#routes tr[data-route='deliver-records']")))
                .contains("Started");
        assertThat(textOf(By.cssSelector("#routes tr[data-route='mllp-monitors']")))
                .contains("Started");

        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("filter-kind")))
                .selectByVisibleText("questionnaire");
        browser.findElement(By.id("apply-filters")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#records tr[data-record='questionnaire/Q-dash-filter']")));
        List<String> shown = wait.until(page -> page.findElements(By.cssSelector("#records tbody tr")).stream()
                .map(row -> row.getDomAttribute("data-record"))
                .toList());
        assertThat(shown).isNotEmpty().allSatisfy(row -> assertThat(row).startsWith("questionnaire/"));
    }

    /** An element's text as the page shows it now (read again should a redraw replace the element meanwhile). */
    private String textOf(By element) {
        return wait.until(page -> page.findElement(element).getText());
    }

    @Test
    void aSubmitterKeyIsRefusedTheDashboard() {
        logIn(Role.SUBMITTER);

        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-error"), "Refused"));
        assertThat(browser.findElement(By.id("login-error")).getText())
                .contains("a key with the submitter role may not GET /api/v1/overview");
        assertThat(browser.findElement(By.id("dashboard")).isDisplayed()).isFalse();
    }

    @Test
    void anAdminRevealsAMaskedMrnAndTheRevealIsAudited() {
        ObjectNode record = Examples.json("vitals.json").put("sourceId", "V-dash-reveal");
        ((ObjectNode) record.get("patient")).put("mrn", "REVEAL-7731");
        record.remove("sessionSourceId");
        assertThat(adapter.client()
                        .as(Role.SUBMITTER)
                        .postJson("/api/v1/records", record)
                        .status())
                .isEqualTo(202);

        logIn(Role.ADMIN);
        wait.until(ExpectedConditions.elementToBeClickable(
                        By.cssSelector("#records tr[data-record='vitals/V-dash-reveal']")))
                .click();
        wait.until(ExpectedConditions.textToBe(By.id("timeline-mrn"), "•••••••••31"));
        browser.findElement(By.id("reveal-mrn")).click();

        wait.until(ExpectedConditions.textToBe(By.id("timeline-mrn"), "REVEAL-7731"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("audit"), "reveal-mrn"));
        assertThat(textOf(By.id("audit"))).contains("test-admin");
    }

    private void logIn(Role role) {
        browser.get(dashboard);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key")))
                .sendKeys(TestKeys.of(role));
        browser.findElement(By.id("login")).click();
    }
}
