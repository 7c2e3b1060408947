package org.ketaminefhir.adapter.ops;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.Notifier;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ketaminefhir.adapter.api.auth.Role;
import org.ketaminefhir.adapter.testsupport.AdapterClient;
import org.ketaminefhir.adapter.testsupport.Examples;
import org.ketaminefhir.adapter.testsupport.Mllp;
import org.ketaminefhir.adapter.testsupport.RunningAdapter;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * PHI hygiene: canary patient details (MRN, names, birth date, free text) go through every channel and
 * every failure path (rejections, conflicts, refusals, an EHR that refuses and quotes them back, one that
 * fails until retries run out, replay, reveal), and then no log line and no metric holds any of them.
 * The EHR must have received them, so the canaries really went through.
 */
@ExtendWith(OutputCaptureExtension.class)
class PhiHygieneIT {

    private static final String MRN = "CNRYMRN4417";
    private static final String FIRST = "Canaryfirstz";
    private static final String LAST = "Canarylastz";
    private static final String BIRTH = "1917-03-14";
    private static final String NOTE = "CANARYNOTE";
    private static final List<String> CANARIES = List.of(MRN, FIRST, LAST, BIRTH, NOTE);

    private static final String TRANSACTION_RESPONSE = """
            {"resourceType": "Bundle", "type": "transaction-response", "entry": [
              {"response": {"status": "201 Created", "location": "Observation/42/_history/1"}}]}
            """;
    /** An EHR that quotes the patient back in its error, as real ones do. */
    private static final String QUOTING_OUTCOME = """
            {"resourceType": "OperationOutcome", "issue": [{"severity": "error", "code": "processing",
              "diagnostics": "Patient %s %s %s (born %s) is not registered; Patient?identifier=urn:ketamine-fhir-adapter:mrn|%s matched nothing"}]}
            """.formatted(MRN, FIRST, LAST, BIRTH, MRN);

    @Test
    void noCanaryReachesALogLineOrAMetric(CapturedOutput output) throws Exception {
        WireMockServer ehr = new WireMockServer(
                wireMockConfig().dynamicPort().bindAddress("127.0.0.1").notifier(new Silent()));
        ehr.start();
        stubEhr(ehr);
        Path work = Path.of("target", "phi-hygiene-it", "run-" + System.nanoTime());
        int mllpPort;
        try (ServerSocket free = new ServerSocket(0)) {
            mllpPort = free.getLocalPort();
        }
        Map<String, Object> settings = new HashMap<>();
        settings.put("spring.datasource.url", "jdbc:h2:mem:phi-hygiene-it;DB_CLOSE_DELAY=-1");
        settings.put("adapter.ehr.base-url", ehr.baseUrl() + "/fhir");
        settings.put("adapter.ehr.dialect", "transaction");
        settings.put("adapter.inbox.dir", work.resolve("inbox").toString());
        settings.put("adapter.inbox.poll-interval", "200");
        settings.put("adapter.mllp.port", String.valueOf(mllpPort));
        settings.put("adapter.delivery.initial-backoff", "100ms");
        settings.put("adapter.delivery.max-attempts", "2");
        try (RunningAdapter adapter = new RunningAdapter(settings)) {
            AdapterClient admin = adapter.client();
            AdapterClient submitter = admin.as(Role.SUBMITTER);

            restChannel(submitter, admin);
            fileDrop(work.resolve("inbox"));
            mllp(mllpPort);

            await().atMost(Duration.ofMinutes(3))
                    .until(() -> admin.state("session", "S-phi-ok").equals("delivered")
                            && admin.state("vitals", "V-phi-refused").equals("failed")
                            && admin.state("questionnaire", "Q-phi-flaky").equals("dead")
                            && admin.state("vitals", "VF-phi-1").equals("delivered")
                            && admin.state("vitals", "VC-phi-1").equals("delivered")
                            && admin.state("vitals", "hl7-PHI0001").equals("delivered"));
            operatorPaths(admin);

            String metrics = admin.as(Role.OPERATOR).get("/actuator/prometheus").text();
            String health = admin.as(Role.OPERATOR).get("/actuator/health").text();
            assertThat(metrics).contains("adapter_records_received_total");

            assertThat(ehr.findAll(postRequestedFor(urlEqualTo("/fhir"))).stream()
                            .map(r -> r.getBodyAsString()))
                    .as("the canaries reached the EHR, so they went through the adapter")
                    .anySatisfy(body -> assertThat(body).contains(MRN).contains(NOTE));
            assertThat(output.getOut()).as("the adapter logged its work").contains("S-phi-ok revision 1 delivered");
            assertThat(linesHoldingACanary(output.getAll())).as("log lines").isEmpty();
            assertThat(linesHoldingACanary(metrics)).as("metrics").isEmpty();
            assertThat(linesHoldingACanary(health)).as("health").isEmpty();
        } finally {
            ehr.stop();
        }
    }

    private static List<String> linesHoldingACanary(String text) {
        return text.lines()
                .filter(line -> CANARIES.stream().anyMatch(line::contains))
                .toList();
    }

    private static void stubEhr(WireMockServer ehr) {
        ehr.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(500)));
        ehr.stubFor(
                get(urlEqualTo("/fhir/metadata"))
                        .willReturn(
                                aResponse()
                                        .withStatus(200)
                                        .withHeader("Content-Type", "application/fhir+json")
                                        .withBody(
                                                "{\"resourceType\":\"CapabilityStatement\",\"status\":\"active\",\"kind\":\"instance\",\"fhirVersion\":\"4.0.1\",\"format\":[\"json\"]}")));
        ehr.stubFor(post(urlEqualTo("/fhir"))
                .atPriority(1)
                .withRequestBody(containing("-phi-refused"))
                .willReturn(aResponse()
                        .withStatus(422)
                        .withHeader("Content-Type", "application/fhir+json")
                        .withBody(QUOTING_OUTCOME)));
        ehr.stubFor(post(urlEqualTo("/fhir"))
                .atPriority(1)
                .withRequestBody(containing("-phi-flaky"))
                .willReturn(aResponse()
                        .withStatus(503)
                        .withHeader("Content-Type", "application/fhir+json")
                        .withBody(QUOTING_OUTCOME)));
        ehr.stubFor(post(urlEqualTo("/fhir"))
                .atPriority(5)
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/fhir+json")
                        .withBody(TRANSACTION_RESPONSE)));
    }

    private static ObjectNode canaryPatient(ObjectNode record) {
        ((ObjectNode) record.get("patient"))
                .put("mrn", MRN)
                .put("firstName", FIRST)
                .put("lastName", LAST)
                .put("birthDate", BIRTH);
        return record;
    }

    private static void restChannel(AdapterClient submitter, AdapterClient admin) {
        ObjectNode session =
                canaryPatient(Examples.json("session-ketamine-iv.json").put("sourceId", "S-phi-ok"));
        ((ObjectNode) session.withArray("adverseEvents").get(0)).put("treatment", NOTE + " ondansetron 4 mg PO");
        assertThat(submitter.postJson("/api/v1/records", session).status()).isEqualTo(202);

        ObjectNode refused = canaryPatient(Examples.json("vitals.json").put("sourceId", "V-phi-refused"));
        refused.remove("sessionSourceId");
        assertThat(submitter.postJson("/api/v1/records", refused).status()).isEqualTo(202);

        ObjectNode flaky =
                canaryPatient(Examples.json("questionnaire-phq9.json").put("sourceId", "Q-phi-flaky"));
        flaky.remove("sessionSourceId");
        assertThat(submitter.postJson("/api/v1/records", flaky).status()).isEqualTo(202);

        // rejections: invalid fields holding canaries, malformed JSON, a revision conflict, wrong roles, no key
        ObjectNode invalid = canaryPatient(Examples.json("vitals.json").put("sourceId", "V-phi-invalid"));
        ((ObjectNode) invalid.get("patient"))
                .put("birthDate", BIRTH + "T" + LAST)
                .put("sex", FIRST);
        ((ObjectNode) ((ArrayNode) invalid.get("readings")).get(0)).put("systolic", NOTE);
        assertThat(submitter.postJson("/api/v1/records", invalid).status()).isEqualTo(422);
        String malformed = "{\"kind\":\"vitals\",\"patient\":{\"mrn\":\"" + MRN + "\",\"lastName\":\"" + LAST + "\"";
        assertThat(submitter
                        .post("/api/v1/records", "application/json", malformed.getBytes())
                        .status())
                .isEqualTo(400);
        ObjectNode conflicting = session.deepCopy();
        ((ObjectNode) conflicting.get("medication")).put("lotNumber", NOTE);
        assertThat(submitter.postJson("/api/v1/records", conflicting).status()).isEqualTo(409);
        assertThat(admin.as(Role.OPERATOR).postJson("/api/v1/records", session).status())
                .isEqualTo(403);
        assertThat(admin.anonymous().postJson("/api/v1/records", session).status())
                .isEqualTo(401);
        assertThat(submitter
                        .post("/api/v1/records", "application/x-ndjson", (session + "\n" + invalid + "\n").getBytes())
                        .status())
                .isEqualTo(422);

        // the dry run, valid and not
        assertThat(submitter.postJson("/api/v1/convert", session).status()).isEqualTo(200);
        assertThat(submitter.postJson("/api/v1/convert", invalid).status()).isIn(200, 422);
    }

    private static void fileDrop(Path inbox) throws IOException {
        Path vitals = Files.createDirectories(inbox.resolve("vitals"));
        ObjectNode good = canaryPatient(Examples.json("vitals.json").put("sourceId", "VF-phi-1"));
        good.remove("sessionSourceId");
        ObjectNode bad = canaryPatient(Examples.json("vitals.json").put("sourceId", "VF-phi-2"));
        ((ObjectNode) bad.get("patient")).put("birthDate", LAST);
        // clinics name export files after patients: the name must not reach the log either
        Files.writeString(vitals.resolve(LAST + "_" + FIRST + ".json.tmp"), "[" + good + "," + bad + "]");
        Files.move(vitals.resolve(LAST + "_" + FIRST + ".json.tmp"), vitals.resolve(LAST + "_" + FIRST + ".json"));
        Files.writeString(vitals.resolve(MRN + ".csv"), """
                source_id,mrn,session_source_id,time,systolic,diastolic,heart_rate,spo2,respiratory_rate,temperature_c
                VC-phi-1,%s,,2026-11-20T09:15:00-08:00,151,94,88,97,16,
                VC-phi-2,%s,,%s,%s,,,,,
                """.formatted(MRN, MRN, BIRTH, LAST));
        Files.writeString(
                vitals.resolve(FIRST + ".ndjson"), "{\"kind\":\"vitals\",\"patient\":{\"mrn\":\"" + MRN + "\"\n");
    }

    private static void mllp(int port) throws IOException {
        String pid = "PID|||" + MRN + "^^^Clinic^MR||" + LAST + "^" + FIRST + "||" + BIRTH.replace("-", "") + "|F\r";
        String good = "MSH|^~\\&|MON|WARD||ADAPTER|20261120091500-0800||ORU^R01^ORU_R01|PHI0001|P|2.6\r" + pid
                + "OBR|1|||528391^MDC_DEV_SPEC_PROFILE_BP^MDC|||20261120091500-0800\r"
                + "OBX|1|NM|150021^MDC_PRESS_BLD_NONINV_SYS^MDC|1.0.1.1|120|266016^MDC_DIM_MMHG^MDC|||||R|||20261120091500-0800\r"
                + "OBX|2|NM|150022^MDC_PRESS_BLD_NONINV_DIA^MDC|1.0.1.2|80|266016^MDC_DIM_MMHG^MDC|||||R|||20261120091500-0800\r";
        assertThat(Mllp.send(port, good)).contains("MSA|AA");
        String badValue = good.replace("PHI0001", "PHI0002").replace("|120|", "|" + NOTE + "|");
        assertThat(Mllp.send(port, badValue)).contains("MSA|AE");
        String wrongType = good.replace("PHI0001", "PHI0003").replace("ORU^R01^ORU_R01", "ADT^A01^ADT_A01");
        assertThat(Mllp.send(port, wrongType)).contains("MSA|AR");
    }

    private static void operatorPaths(AdapterClient admin) {
        AdapterClient operator = admin.as(Role.OPERATOR);
        // the EHR quoted the MRN in its refusals: operators see it masked there too, as in the mrn field
        AdapterClient.Answer refused = operator.get("/api/v1/records/vitals/V-phi-refused");
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.body().path("operationOutcome").toString())
                .as("the EHR's answer is shown")
                .contains("is not registered");
        assertThat(refused.text()).as("status").doesNotContain(MRN).contains("•••••••••17");
        AdapterClient.Answer flaky = operator.get("/api/v1/records/questionnaire/Q-phi-flaky");
        assertThat(flaky.text()).as("status of a dead record").doesNotContain(MRN);
        AdapterClient.Answer deadLetters = operator.get("/api/v1/dead-letters");
        assertThat(deadLetters.status()).isEqualTo(200);
        assertThat(deadLetters.text()).as("dead letters").doesNotContain(MRN).contains("V-phi-refused");
        assertThat(operator.get("/api/v1/overview").status()).isEqualTo(200);
        AdapterClient.Answer failed = operator.get("/api/v1/records?state=failed");
        assertThat(failed.status()).isEqualTo(200);
        assertThat(failed.text()).as("listing").doesNotContain(MRN);
        long id = operator.get("/api/v1/records/questionnaire/Q-phi-flaky")
                .body()
                .path("id")
                .asLong();
        assertThat(operator.post("/api/v1/dead-letters/" + id + "/replay", "application/json", new byte[0])
                        .status())
                .isEqualTo(202);
        assertThat(admin.post("/api/v1/records/vitals/V-phi-refused/reveal-mrn", "application/json", new byte[0])
                        .body()
                        .path("mrn")
                        .asText())
                .isEqualTo(MRN);
        await().atMost(Duration.ofMinutes(3))
                .until(() -> admin.state("questionnaire", "Q-phi-flaky").equals("dead"));
    }

    /** WireMock is the test's EHR, not the adapter: its own request logging is not what is searched. */
    private static final class Silent implements Notifier {
        @Override
        public void info(String message) {}

        @Override
        public void error(String message) {}

        @Override
        public void error(String message, Throwable t) {}
    }
}
