package org.ketaminefhir.adapter.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ketaminefhir.adapter.testsupport.Mllp;
import org.ketaminefhir.adapter.testsupport.RunningAdapter;
import org.springframework.util.FileSystemUtils;

/**
 * Issue 19: every message of the world corpus (src/test/resources/hl7/world, public ORU^R01 messages no one
 * here wrote) through a real MLLP socket gets its golden ACK, and the bundle the adapter writes holds every
 * reading its {@code <name>.expected.json} lists, with LOINC code, UCUM unit, value and time, and nothing else.
 * The bundles are read from the outbox: the bundle delivered, validated as any, without an EHR's search rules
 * between the test and what was sent. The clinic zone is America/New_York, the zone the oracle chose for the
 * messages with no offset anywhere; the other messages have offsets of their own or in MSH-7, so the zone
 * does not touch them.
 */
class WorldCorpusIT {

    private static final Path WORLD = Path.of("src/test/resources/hl7/world");
    private static final Path OUTBOX = Path.of("target/test-outbox/world-corpus");
    private static final String UCUM = "http://unitsofmeasure.org";
    private static final String LOINC = "http://loinc.org";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static RunningAdapter adapter;
    private static int port;

    @BeforeAll
    static void start() throws IOException {
        FileSystemUtils.deleteRecursively(OUTBOX);
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        adapter = new RunningAdapter(Map.of(
                "spring.datasource.url",
                "jdbc:h2:mem:world-corpus-it;DB_CLOSE_DELAY=-1",
                "adapter.outbox.dir",
                OUTBOX.toString(),
                "adapter.mllp.port",
                String.valueOf(port),
                "adapter.clinic.time-zone",
                "America/New_York"));
    }

    @AfterAll
    static void stop() {
        adapter.close();
    }

    static Stream<String> messages() throws IOException {
        try (Stream<Path> files = Files.list(WORLD)) {
            return files
                    .map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".hl7"))
                    .map(n -> n.substring(0, n.length() - 4))
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void aWorldMessageGetsItsGoldenAckAndExactlyItsReadings(String name) throws IOException {
        JsonNode expected = JSON.readTree(WORLD.resolve(name + ".expected.json").toFile());
        // the sources reuse control ids (MSGID1234 in eleven of them): each message gets its own, as a sender's would
        // be
        String controlId = "world-" + name;

        String ack = Mllp.send(port, withControlId(message(name), controlId));

        assertThat(ack)
                .as(name + ": ACK\n" + ack)
                .contains("MSA|" + expected.get("ack").asText() + "|" + controlId + "|");
        for (JsonNode error : expected.get("errors")) {
            // "OBX" alone is the oracle's "no sendable OBX", which the ACK names at OBX^1^3
            String where = error.get("where").asText();
            assertThat(ack)
                    .as(name + ": ERR\n" + ack)
                    .contains("ERR||" + (where.equals("OBX") ? "OBX^1^3" : where) + "|");
            break; // the first error ends the reading; the ACK names that one
        }
        for (JsonNode warning : expected.get("warnings")) {
            // MSA-3 names a field as the ACK's other texts do ("OBX 2-14"), free of the delimiter ^
            String[] where = warning.get("where").asText().split("\\^");
            assertThat(ack)
                    .as(name + ": warning\n" + ack)
                    .contains(where[0] + " " + where[1] + "-" + where[2] + " reading time");
        }
        boolean refusedAtThePatient =
                expected.get("errors").path(0).path("where").asText().startsWith("PID");
        if (expected.get("notSent").size() <= 10 && !refusedAtThePatient) {
            for (JsonNode row : expected.get("notSent")) {
                assertThat(ack)
                        .as(name + ": not sent\n" + ack)
                        .contains("OBX " + row.get("obx").asInt() + " (");
            }
        }
        if (!expected.get("ack").asText().equals("AA")) {
            assertThat(adapter.client()
                            .get("/api/v1/records/vitals/hl7-" + controlId)
                            .status())
                    .as(name + ": nothing journaled")
                    .isEqualTo(404);
            return;
        }
        Path bundleFile = OUTBOX.resolve("vitals-hl7-" + controlId + "-r1.json");
        await().atMost(Duration.ofMinutes(3)).until(() -> Files.exists(bundleFile));
        Bundle bundle = FhirContext.forR4Cached()
                .newJsonParser()
                .parseResource(Bundle.class, Files.readString(bundleFile, StandardCharsets.UTF_8));

        assertThat(sent(bundle))
                .as(name)
                .containsExactlyInAnyOrderElementsOf(expectedReadings(expected.get("readings")));
    }

    /** Each vital-sign Observation as "LOINC codes | time | value unit [; component ...]". */
    private static List<String> sent(Bundle bundle) {
        List<String> readings = new ArrayList<>();
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            if (entry.getResource() instanceof Observation observation
                    && observation
                            .getCategoryFirstRep()
                            .getCodingFirstRep()
                            .getCode()
                            .equals("vital-signs")) {
                String time = OffsetDateTime.parse(
                                observation.getEffectiveDateTimeType().getValueAsString())
                        .toString();
                String values = observation.hasValueQuantity()
                        ? quantity(observation.getValueQuantity())
                        : observation.getComponent().stream()
                                .map(c -> loinc(c.getCode().getCoding()) + " " + quantity(c.getValueQuantity()))
                                .collect(Collectors.joining("; "));
                readings.add(loinc(observation.getCode().getCoding()) + " | " + time + " | " + values);
            }
        }
        return readings;
    }

    /** The oracle's readings in the same form; systolic and diastolic at one time are one panel (85354-9). */
    private static List<String> expectedReadings(JsonNode readings) {
        List<String> expected = new ArrayList<>();
        Map<String, List<JsonNode>> pressures = new java.util.LinkedHashMap<>();
        for (JsonNode reading : readings) {
            String time = OffsetDateTime.parse(reading.get("time").asText()).toString();
            String measurement = reading.get("measurement").asText();
            if (measurement.equals("systolic") || measurement.equals("diastolic")) {
                pressures.computeIfAbsent(time, t -> new ArrayList<>()).add(reading);
                continue;
            }
            Set<String> codes = new TreeSet<>();
            codes.add(reading.get("loinc").asText());
            reading.path("loincAlso").forEach(code -> codes.add(code.asText()));
            expected.add(String.join(",", codes) + " | " + time + " | " + value(reading));
        }
        pressures.forEach((time, halves) -> expected.add("85354-9 | " + time + " | "
                + halves.stream()
                        .sorted((a, b) -> b.get("measurement")
                                .asText()
                                .compareTo(a.get("measurement").asText())) // systolic first
                        .map(half -> half.get("loinc").asText() + " " + value(half))
                        .collect(Collectors.joining("; "))));
        return expected;
    }

    private static String value(JsonNode reading) {
        return reading.get("value").decimalValue().stripTrailingZeros().toPlainString() + " "
                + reading.get("unit").asText();
    }

    private static String quantity(Quantity quantity) {
        assertThat(quantity.getSystem())
                .as("unit system of " + quantity.getCode())
                .isEqualTo(UCUM);
        return quantity.getValue().stripTrailingZeros().toPlainString() + " " + quantity.getCode();
    }

    private static String loinc(List<Coding> codings) {
        return codings.stream()
                .filter(c -> LOINC.equals(c.getSystem()))
                .map(Coding::getCode)
                .sorted()
                .collect(Collectors.joining(","));
    }

    /** The message as a sender sends it: the comment lines (its source) left out, segments ended by CR. */
    private static String message(String name) {
        try {
            return Files.readAllLines(WORLD.resolve(name + ".hl7"), StandardCharsets.UTF_8).stream()
                            .filter(line -> !line.startsWith("#") && !line.isBlank())
                            .collect(Collectors.joining("\r"))
                    + "\r";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String withControlId(String message, String controlId) {
        String msh = message.substring(0, message.indexOf('\r'));
        String[] fields = msh.split("\\|", -1);
        fields[9] = controlId;
        return String.join("|", fields) + message.substring(msh.length());
    }
}
