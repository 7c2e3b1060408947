package org.ketaminefhir.adapter.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.adapter.testsupport.AdapterClient;
import org.ketaminefhir.adapter.testsupport.TestKeys;
import org.ketaminefhir.testserver.InProcessFhirServer;

/**
 * Crash safety: the packaged adapter runs as a separate JVM, is killed (SIGKILL) in the middle of
 * delivering hundreds of records, and started again on the same journal. In the end the EHR holds every
 * record, and none twice.
 */
class CrashIT {

    private static final int RECORDS = 300;
    private static final int PATIENTS = 10;
    private static final String MRN_SYSTEM = "urn:oid:2.16.840.1.113883.3.999.3";
    private static final String NAMESPACE = "urn:ketamine-fhir-adapter:clinic:crash-it";

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aKillNineMidLoadLosesNothingAndDuplicatesNothing() throws Exception {
        InProcessFhirServer ehr = InProcessFhirServer.shared();
        for (int p = 0; p < PATIENTS; p++) {
            ehr.ensurePatient(MRN_SYSTEM, "CR-" + p);
        }
        Path journal =
                Path.of("target", "crash-it", "journal-" + System.nanoTime()).toAbsolutePath();

        Adapter first = Adapter.start(journal, ehr.baseUrl());
        int batches = RECORDS / 50;
        for (int batch = 0; batch < batches - 1; batch++) {
            post(first, batch);
        }
        // kill it once delivery is under way, not before and not after, and the moment the last records are
        // acknowledged: an acknowledged record must already be on disk (H2 wrote commits 500 ms late by default)
        await().atMost(Duration.ofMinutes(3))
                .until(() -> first.client.state("vitals", "CR-V-20").equals("delivered"));
        post(first, batches - 1);
        first.process.destroyForcibly().waitFor();
        assertThat(observationsOnTheEhr(ehr))
                .as("delivered before the kill: the restarted adapter has work left")
                .isLessThan(RECORDS);

        Adapter second = Adapter.start(journal, ehr.baseUrl());
        try {
            await().atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> second.client
                            .state("vitals", "CR-V-" + (RECORDS - 1))
                            .equals("delivered"));
            for (int i = 0; i < RECORDS; i++) {
                assertThat(second.client.state("vitals", "CR-V-" + i))
                        .as("CR-V-" + i)
                        .isEqualTo("delivered");
            }
        } finally {
            second.process.destroy();
            second.process.waitFor();
        }
        assertThat(observationsOnTheEhr(ehr))
                .as("Observations on the EHR: one per record, none twice")
                .isEqualTo(RECORDS);
        for (int i = 0; i < RECORDS; i += 37) {
            assertThat(count(
                            "Observation?identifier=" + NAMESPACE + "|vitals/CR-V-" + i
                                    + "/vitals/20261120T171500Z/heart-rate",
                            ehr))
                    .isEqualTo(1);
        }
    }

    private static int observationsOnTheEhr(InProcessFhirServer ehr) {
        int total = 0;
        for (int p = 0; p < PATIENTS; p++) {
            total += count("Observation?subject:Patient.identifier=" + MRN_SYSTEM + "|CR-" + p, ehr);
        }
        return total;
    }

    private void post(Adapter adapter, int batch) {
        ArrayNode records = json.createArrayNode();
        for (int i = batch * 50; i < (batch + 1) * 50; i++) {
            records.add(record(i));
        }
        assertThat(adapter.client.postJson("/api/v1/records", records).status()).isEqualTo(202);
    }

    private ObjectNode record(int i) {
        ObjectNode record = json.createObjectNode();
        record.put("kind", "vitals").put("sourceId", "CR-V-" + i);
        record.putObject("patient").put("mrn", "CR-" + (i % PATIENTS));
        record.putArray("readings")
                .addObject()
                .put("time", "2026-11-20T09:15:00-08:00")
                .put("heartRate", 60 + i % 40);
        return record;
    }

    private static int count(String search, InProcessFhirServer ehr) {
        return ehr.client()
                .search()
                .byUrl(search + "&_summary=count")
                .returnBundle(Bundle.class)
                .execute()
                .getTotal();
    }

    /** The packaged adapter in its own JVM, as an operator runs it. */
    private record Adapter(Process process, AdapterClient client) {
        static Adapter start(Path journal, String ehrBaseUrl) throws IOException {
            int port;
            int mllp;
            try (ServerSocket a = new ServerSocket(0);
                    ServerSocket b = new ServerSocket(0)) {
                port = a.getLocalPort();
                mllp = b.getLocalPort();
            }
            Path log = Files.createDirectories(journal.getParent()).resolve("adapter-" + port + ".log");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m",
                    "-jar",
                    Path.of("target", "ketamine-fhir-adapter.jar").toString(),
                    "--server.port=" + port,
                    "--spring.datasource.url=jdbc:h2:file:" + journal + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0",
                    "--adapter.ehr.base-url=" + ehrBaseUrl,
                    "--adapter.ehr.dialect=transaction",
                    "--adapter.clinic.identifier-system=" + NAMESPACE,
                    "--adapter.patients.mrn-system=" + MRN_SYSTEM,
                    "--adapter.mllp.port=" + mllp,
                    "--adapter.inbox.dir=" + journal.getParent().resolve("inbox-" + port),
                    "--adapter.delivery.poll-interval=200ms",
                    "--adapter.delivery.lease=5s",
                    "--adapter.security.api-keys-file=" + TestKeys.writeKeyFile(journal.getParent())));
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            AdapterClient client = new AdapterClient(port);
            await().atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions()
                    .until(() -> client.get("/actuator/health").status() == 200);
            return new Adapter(process, client);
        }
    }
}
