package org.ketaminefhir.adapter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ketaminefhir.adapter.testsupport.RunningAdapter;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A setting the adapter cannot run with stops it at start with one message naming the key (or the file
 * and line) and what is accepted, printed where IT staff look: the console, as Spring Boot's failure report.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupChecksIT {

    private static final Path WORK = Path.of("target", "startup-checks-it");

    private static void assertStartStopsSaying(Map<String, Object> settings, String message, CapturedOutput output) {
        Map<String, Object> all = new HashMap<>();
        all.put("spring.datasource.url", "jdbc:h2:mem:startup-" + System.nanoTime());
        all.put("adapter.outbox.dir", WORK.resolve("outbox").toString());
        all.putAll(settings);

        assertThatThrownBy(() -> new RunningAdapter(all).close()).isNotNull();

        assertThat(output.getOut()).contains("APPLICATION FAILED TO START").contains(message);
    }

    @Test
    void anEhrUrlWithoutScheme(CapturedOutput output) {
        assertStartStopsSaying(
                Map.of("adapter.ehr.base-url", "ehr.example.org/fhir/R4"),
                "adapter.ehr.base-url: 'ehr.example.org/fhir/R4' is not an http(s) URL with a host; "
                        + "expected an absolute http(s) URL such as https://ehr.example.org/fhir/R4",
                output);
    }

    @Test
    void anEhrUrlThatIsNotAUrl(CapturedOutput output) {
        assertStartStopsSaying(
                Map.of("adapter.ehr.base-url", "https://ehr example.org/fhir"),
                "adapter.ehr.base-url: 'https://ehr example.org/fhir' is not a URL (Illegal character in authority at index 8)",
                output);
    }

    @Test
    void anUnknownDialect(CapturedOutput output) {
        assertStartStopsSaying(
                Map.of("adapter.ehr.base-url", "https://ehr.example.org/fhir", "adapter.ehr.dialect", "bulk"),
                "adapter.ehr.dialect: 'bulk' is not a dialect; expected transaction, batch or auto",
                output);
    }

    @Test
    void anUnknownWritePlanIsNamedWithTheKnownOnes(CapturedOutput output) {
        assertStartStopsSaying(
                Map.of("adapter.ehr.base-url", "https://ehr.example.org/fhir", "adapter.ehr.plan", "cerner"),
                "adapter.ehr.plan: 'cerner' is not a write plan; expected auto or one of ",
                output);
        assertThat(output.getAll())
                .contains("oracle-health")
                .contains("epic")
                .contains("athenahealth")
                .contains("notes-only");
    }

    @Test
    void aPlanAndADialectThatDisagreeNameBothKeys(CapturedOutput output) {
        assertStartStopsSaying(
                Map.of(
                        "adapter.ehr.base-url",
                        "https://ehr.example.org/fhir",
                        "adapter.ehr.plan",
                        "epic",
                        "adapter.ehr.dialect",
                        "transaction"),
                "adapter.ehr.plan (epic) and adapter.ehr.dialect (transaction) name different plans",
                output);
    }

    @Test
    void aMissingSmartPrivateKeyFile(CapturedOutput output) {
        Path missing = WORK.resolve("no-such-key.pem");
        assertStartStopsSaying(
                Map.of(
                        "adapter.ehr.base-url",
                        "https://ehr.example.org/fhir",
                        "adapter.ehr.auth.type",
                        "smart-backend",
                        "adapter.ehr.auth.token-url",
                        "https://ehr.example.org/token",
                        "adapter.ehr.auth.client-id",
                        "kfa",
                        "adapter.ehr.auth.key-id",
                        "k1",
                        "adapter.ehr.auth.key-file",
                        missing.toString()),
                "adapter.ehr.auth.key-file: the key file " + missing.toAbsolutePath()
                        + " does not exist or cannot be read",
                output);
    }

    @Test
    void aMissingApiKeyFile(CapturedOutput output) {
        Path missing = WORK.resolve("no-such-api-keys");
        assertStartStopsSaying(
                Map.of("adapter.security.api-keys-file", missing.toString()),
                "adapter.security.api-keys-file: the key file " + missing.toAbsolutePath() + " does not exist",
                output);
    }

    @Test
    void aConceptMapThatIsNotOneIsNamed(CapturedOutput output) throws IOException {
        Path notAMap = Files.writeString(
                Files.createDirectories(WORK).resolve("customer-rows.json"), "{\"resourceType\": \"Patient\"}");

        assertStartStopsSaying(
                Map.of("adapter.ehr.concept-map", notAMap.toString()),
                "adapter.ehr.concept-map: the ConceptMap " + notAMap
                        + ": holds another FHIR resource, not a ConceptMap",
                output);
    }

    @Test
    void aRouteFileThatDoesNotParseIsNamedWithItsLine(CapturedOutput output) throws IOException {
        Path routes = Files.createDirectories(WORK.resolve("routes-" + System.nanoTime()));
        Path broken = Files.writeString(routes.resolve("inbox-ward-c.camel.yaml"), """
                - route:
                    id: inbox-ward-c
                    from:
                      uri: "file:target/startup-checks-it/ward-c"
                      steps:
                        - bena:
                            ref: fileDropIntake
                """);

        assertStartStopsSaying(
                Map.of("camel.main.routes-include-pattern", "file:" + routes + "/*.camel.yaml"),
                broken + ":6:11: the route does not parse: Unknown node id: bena",
                output);
    }

    @Test
    void aRouteNamingAVendorCodeMapNotConfigured(CapturedOutput output) {
        // docs/extending.md's second-vendor route, its port configured but its code map forgotten
        assertStartStopsSaying(
                Map.of(
                        "camel.main.routes-include-pattern",
                                "file:routes/*.camel.yaml,file:src/test/resources/routes/mllp-ward-b.camel.yaml",
                        "adapter.mllp.ward-b-port", "0",
                        "adapter.mllp.vendor-code-maps.ward-a.VND-HR", "heartRate"),
                "route mllp-ward-b reads its messages with the code map 'ward-b', but adapter.mllp.vendor-code-maps.ward-b is not "
                        + "configured (configured: ward-a)",
                output);
    }
}
