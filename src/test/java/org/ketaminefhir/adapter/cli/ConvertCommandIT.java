package org.ketaminefhir.adapter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ketaminefhir.adapter.testsupport.Examples;
import org.ketaminefhir.adapter.testsupport.Mllp;

/**
 * {@code convert FILE…} as a person runs it: a separate JVM running the packaged jar (verify packages
 * it before the integration tests), its standard output, standard error and exit code.
 */
class ConvertCommandIT {

    private static final Path JAR = Path.of("target", "ketamine-fhir-adapter.jar");
    private final ObjectMapper json = new ObjectMapper();

    record Run(int exit, String out, String err) {}

    @Test
    void everyExampleConvertsToOneBundleEachAndExitsZero() throws Exception {
        List<String> files = Examples.all().stream().map(Path::toString).toList();

        Run run = convert(files, "--ndjson");

        assertThat(run.exit()).as(run.err()).isEqualTo(0);
        List<String> lines = run.out().lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).hasSize(files.size());
        for (String line : lines) {
            JsonNode bundle = json.readTree(line);
            assertThat(bundle.get("type").asText()).isEqualTo("transaction");
        }
    }

    @Test
    void aRejectedRecordExitsTwoWithItsReasonOnStandardError(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(
                bad, Examples.json("questionnaire-phq9.json").put("total", 20).toString());

        Run run = convert(List.of(Examples.DIR.resolve("vitals.json").toString(), bad.toString()));

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err())
                .contains("bad.json: questionnaire Q-5521: /total: submitted total 20 does not match the total 13");
        assertThat(json.readTree(run.out()).get("resourceType").asText()).isEqualTo("Bundle");
    }

    @Test
    void hl7MessagesAndCsvRowsConvertToo(@TempDir Path dir) throws Exception {
        Path hl7 = dir.resolve("monitor.hl7");
        Files.writeString(
                hl7,
                Files.readString(Path.of("src/test/resources/hl7/pcd01-blood-pressure.hl7")) + "\r"
                        + Files.readString(Path.of("src/test/resources/hl7/philips-multi-parameter.hl7")));
        Path csv = dir.resolve("vitals.csv");
        Files.writeString(csv, "source_id,mrn,time,heart_rate,spo2\nVC-1,100234,2026-11-20T09:15:00-08:00,80,98\n");

        Run run = convert(List.of(hl7.toString(), csv.toString()), "--ndjson");

        assertThat(run.exit()).as(run.err()).isEqualTo(0);
        List<JsonNode> bundles = new java.util.ArrayList<>();
        for (String line : run.out().lines().filter(l -> !l.isBlank()).toList()) {
            bundles.add(json.readTree(line));
        }
        assertThat(bundles).hasSize(3);
        assertThat(bundles.get(0).at("/entry/0/request/url").asText())
                .as(
                        "a monitor's reading is the patient's (adapter.patients.mrn-system's MRN 789567), not the message's")
                .endsWith("|"
                        + Mllp.readingPart(
                                "urn:ketamine-fhir-adapter:mrn", "789567", "vitals/20090813T045715Z/blood-pressure"));
        assertThat(bundles.get(2).at("/entry/1/request/url").asText())
                .endsWith("|vitals/VC-1/vitals/20261120T171500Z/spo2");
    }

    @Test
    void malformedJsonExitsTwo(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"kind\": ");

        Run run = convert(List.of(broken.toString()));

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("broken.json: malformed JSON");
        assertThat(run.out()).isBlank();
    }

    private Run convert(List<String> files, String... options) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString(), "convert"));
        command.addAll(files);
        command.addAll(Arrays.asList(options));
        Process process = new ProcessBuilder(command).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread errors = new Thread(() -> copy(process.getErrorStream(), err));
        errors.start();
        process.getInputStream().transferTo(out);
        int exit = process.waitFor();
        errors.join();
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void copy(java.io.InputStream in, ByteArrayOutputStream out) {
        try {
            in.transferTo(out);
        } catch (IOException e) {
            new PrintStream(out).println(e);
        }
    }
}
