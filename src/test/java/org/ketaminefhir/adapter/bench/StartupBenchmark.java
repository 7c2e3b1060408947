package org.ketaminefhir.adapter.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.adapter.api.auth.Role;
import org.ketaminefhir.adapter.testsupport.AdapterClient;
import org.ketaminefhir.adapter.testsupport.TestKeys;

/**
 * The packaged adapter as an operator starts it ({@code java -jar}, embedded defaults, outbox): time from
 * launch to {@code /actuator/health} UP (readiness comes after the validator's warm-up), and resident memory
 * (VmRSS, and its peak VmHWM, from /proc) after it took records by REST and a CSV file and delivered
 * them. Printed for the JVM's default heap and for {@code -Xmx256m}, the heap the adapter is meant to fit,
 * and for the jar extracted by Spring Boot's tool (its classes then load from plain jars, not from jars
 * nested in the archive). Median start of three.
 */
class StartupBenchmark {

    private static final int STARTS = 3;
    private static final int RECORDS = 300;
    private static final int CSV_ROWS = 2_000;
    private static final Path JAR = Path.of("target", "ketamine-fhir-adapter.jar").toAbsolutePath();

    /** How the adapter is launched: a heap flag (or none) and the jar run. */
    private record Launch(String label, String heap, Path jar) {
    }

    @Test
    void startUpAndResidentMemory() throws Exception {
        Path extracted = extract();
        List<String> lines = new ArrayList<>();
        for (Launch launch : List.of(new Launch("default heap", "", JAR), new Launch("-Xmx256m", "-Xmx256m", JAR),
                new Launch("-Xmx256m, extracted jar", "-Xmx256m", extracted))) {
            String heap = launch.heap();
            double[] ready = new double[STARTS];
            long rss = 0;
            long peak = 0;
            for (int start = 0; start < STARTS; start++) {
                Path dir = Files.createDirectories(Path.of("target", "startup-benchmark", "run-" + System.nanoTime()));
                int port = freePort();
                List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
                for (String flag : System.getProperty("adapter.jvm.flags", "").split(" ")) {
                    if (!flag.isBlank()) {
                        command.add(flag);
                    }
                }
                if (!heap.isEmpty()) {
                    command.add(heap);
                }
                command.addAll(List.of("-jar", launch.jar().toString(),
                        "--server.port=" + port, "--adapter.mllp.port=" + freePort(),
                        "--adapter.security.api-keys-file=" + TestKeys.writeKeyFile(dir).toAbsolutePath(),
                        "--camel.main.routes-include-pattern=file:" + Path.of("routes").toAbsolutePath() + "/*.camel.yaml"));
                long launched = System.nanoTime();
                Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                        .redirectOutput(dir.resolve("adapter.log").toFile()).start();
                try {
                    AdapterClient client = new AdapterClient(port);
                    while (!up(client)) {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("the adapter stopped; see " + dir.resolve("adapter.log"));
                        }
                        Thread.sleep(50);
                    }
                    ready[start] = (System.nanoTime() - launched) / 1e9;
                    if (start == STARTS - 1) {
                        load(client, dir);
                        rss = procStatus(process.pid(), "VmRSS");
                        peak = procStatus(process.pid(), "VmHWM");
                    }
                } finally {
                    process.destroy();
                    process.waitFor();
                }
            }
            Arrays.sort(ready);
            lines.add(String.format("%-26s %14.1f %14d %14d", launch.label(), ready[STARTS / 2], rss >> 10, peak >> 10));
        }
        System.out.println();
        System.out.printf("start-up benchmark, %s, %d cores, Java %s; load: %d records by REST and a %d-row CSV, delivered to the outbox%n",
                Instant.now(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), RECORDS, CSV_ROWS);
        System.out.printf("%-26s %14s %14s %14s%n", "JVM", "ready (s)", "RSS (MB)", "peak RSS (MB)");
        lines.forEach(System.out::println);
        System.out.println();
    }

    /** The jar extracted by Spring Boot's own tool ({@code java -Djarmode=tools -jar … extract}). */
    private static Path extract() throws IOException, InterruptedException {
        Path destination = Path.of("target", "startup-benchmark", "extracted-" + System.nanoTime()).toAbsolutePath();
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djarmode=tools", "-jar", JAR.toString(), "extract", "--destination", destination.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("cannot extract " + JAR);
        }
        return destination.resolve(JAR.getFileName());
    }

    private static boolean up(AdapterClient client) {
        try {
            AdapterClient.Answer health = client.anonymous().get("/actuator/health");
            return health.status() == 200 && health.body().path("status").asText().equals("UP");
        } catch (RuntimeException notYetListening) {
            return false;
        }
    }

    /** Records by REST and a CSV file, then waits until the outbox has them all. */
    private static void load(AdapterClient client, Path dir) throws IOException, InterruptedException {
        RecordGenerator generator = new RecordGenerator(7, "startup", 50);
        AdapterClient submitter = client.as(Role.SUBMITTER);
        for (ObjectNode record : generator.mixed(RECORDS)) {
            submitter.postJson("/api/v1/records", record);
        }
        Path csv = dir.resolve("vitals.csv");
        try (BufferedWriter out = Files.newBufferedWriter(csv)) {
            out.write(RecordGenerator.VITALS_CSV_HEADER + "\n");
            for (int i = 0; i < CSV_ROWS; i++) {
                out.write(generator.vitalsCsvRow() + "\n");
            }
        }
        Path inbox = Files.createDirectories(dir.resolve("inbox/vitals"));
        Files.move(csv, inbox.resolve("vitals.csv"), StandardCopyOption.ATOMIC_MOVE);
        long deadline = System.currentTimeMillis() + 600_000;
        while (System.currentTimeMillis() < deadline) {
            var overview = client.as(Role.OPERATOR).get("/api/v1/overview").body();
            long delivered = 0;
            for (var kind : overview.path("recordsByState").path("delivered")) {
                delivered += kind.asLong();
            }
            if (delivered >= RECORDS + CSV_ROWS) {
                return;
            }
            Thread.sleep(500);
        }
    }

    private static long procStatus(long pid, String field) throws IOException {
        return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream()
                .filter(line -> line.startsWith(field + ":"))
                .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", ""))).findFirst().orElse(-1);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
