package org.ketaminefhir.adapter.bench;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.adapter.api.auth.Role;
import org.ketaminefhir.adapter.testsupport.AdapterClient;
import org.ketaminefhir.adapter.testsupport.TestKeys;

/**
 * The packaged adapter as an operator starts it ({@code java -jar}, embedded defaults, outbox): time from
 * launch to {@code /actuator/health} UP (readiness comes after the validator's warm-up), and resident memory
 * (VmRSS, and its peak VmHWM, from /proc) after it took records by REST and a CSV file and delivered
 * them, with how long that took. Median start of three, for each way of starting it (docs/operations.md, Running the
 * packaged jar): the JVM's default heap; {@code -Xmx256m}, the heap the adapter is meant to fit; the serial
 * collector instead of the adapter's; the jar extracted by Spring Boot's tool (classes from plain jars, not
 * nested ones); lean (smaller heap, serial collector, fewer malloc arenas, native heap trimmed); small
 * (the least memory: lean with a smaller heap and the client compiler only, extracted); and, where a Java 25
 * is found ({@code -Dbench.java25}, by default Temurin's on this kind of machine), the extracted jar with an
 * ahead-of-time cache made by a training run (JEP 483, 514, 515), and small on Java 25.
 * {@code -Dbench.startup.only=<part of a label>} runs only the matching ways.
 */
class StartupBenchmark {

    private static final int STARTS = 3;
    private static final int RECORDS = 300;
    private static final int CSV_ROWS = 2_000;
    private static final Path JAR =
            Path.of("target", "ketamine-fhir-adapter.jar").toAbsolutePath();
    private static final Path WORK = Path.of("target", "startup-benchmark").toAbsolutePath();
    private static final String JAVA =
            Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final Path JAVA_25 =
            Path.of(System.getProperty("bench.java25", "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java"));

    /** Two glibc malloc arenas instead of one per thread. */
    private static final Map<String, String> LEAN_ENVIRONMENT = Map.of("MALLOC_ARENA_MAX", "2");
    /**
     * The least resident memory found (docs/operations.md, Running the packaged jar): a heap of 160 MB with a young
     * generation of 32 MB, so that the old one (128 MB) holds what the adapter keeps live under load (98-116
     * MB after a full collection); the serial collector; the client compiler only (less compiled code,
     * no compiler arenas: validation at about half the speed); the native heap trimmed every 2 s.
     */
    private static final List<String> SMALL = List.of(
            "-Xmx160m", "-Xmn32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:TrimNativeHeapInterval=2000");
    /** The same on Java 25, where the serial collector deduplicates strings too and object headers take 8 bytes. */
    private static final List<String> SMALL_25 = Stream.concat(
                    SMALL.stream(), Stream.of("-XX:+UseStringDeduplication", "-XX:+UseCompactObjectHeaders"))
            .toList();

    /** How the adapter is launched: the java command, JVM flags beyond the adapter's own, the jar. */
    private record Launch(String label, String java, List<String> flags, Path jar, Map<String, String> environment) {

        Launch(String label, String java, List<String> flags, Path jar) {
            this(label, java, flags, jar, Map.of());
        }

        List<String> command() {
            List<String> command = new ArrayList<>(List.of(java));
            boolean collectorChosen = flags.stream().anyMatch(flag -> flag.endsWith("GC"));
            for (String flag : System.getProperty("adapter.jvm.flags", "").split(" ")) {
                // the adapter's flags, less those of its collector where the launch picks another
                if (!flag.isBlank()
                        && !(collectorChosen && (flag.endsWith("GC") || flag.contains("StringDeduplication")))) {
                    command.add(flag);
                }
            }
            command.addAll(flags);
            command.addAll(List.of("-jar", jar.toString()));
            return command;
        }
    }

    @Test
    void startUpAndResidentMemory() throws Exception {
        Path extracted = extract(JAVA, "extracted");
        List<Launch> launches = new ArrayList<>(List.of(
                new Launch("default heap", JAVA, List.of(), JAR),
                new Launch("-Xmx256m", JAVA, List.of("-Xmx256m"), JAR),
                new Launch("-Xmx256m, serial collector", JAVA, List.of("-Xmx256m", "-XX:+UseSerialGC"), JAR),
                new Launch("-Xmx256m, extracted jar", JAVA, List.of("-Xmx256m"), extracted),
                // a heap with room above what the adapter holds live (about 110 MB at rest), two glibc
                // malloc arenas instead of one per thread, and the native heap trimmed every 2 s
                new Launch(
                        "lean: -Xmx192m, serial",
                        JAVA,
                        List.of("-Xmx192m", "-XX:+UseSerialGC", "-XX:TrimNativeHeapInterval=2000"),
                        JAR,
                        LEAN_ENVIRONMENT),
                new Launch("small", JAVA, SMALL, extracted, LEAN_ENVIRONMENT)));
        if (Files.isExecutable(JAVA_25)) {
            Path extracted25 = extract(JAVA_25.toString(), "extracted-25");
            Path cache = extracted25.resolveSibling("adapter.aot");
            train(new Launch(
                    "training", JAVA_25.toString(), List.of("-Xmx256m", "-XX:AOTCacheOutput=" + cache), extracted25));
            launches.add(new Launch(
                    "-Xmx256m, Java 25, AOT cache",
                    JAVA_25.toString(),
                    List.of("-Xmx256m", "-XX:AOTCache=" + cache),
                    extracted25));
            launches.add(new Launch("small, Java 25", JAVA_25.toString(), SMALL_25, extracted25, LEAN_ENVIRONMENT));
        }
        String only = System.getProperty("bench.startup.only", "");
        launches.removeIf(launch -> !launch.label().contains(only));
        List<String> lines = new ArrayList<>();
        for (Launch launch : launches) {
            double[] ready = new double[STARTS];
            long rss = 0;
            long peak = 0;
            double loadSeconds = 0;
            for (int start = 0; start < STARTS; start++) {
                Started adapter = start(launch);
                try {
                    ready[start] = adapter.readySeconds();
                    if (start == STARTS - 1) {
                        long loading = System.nanoTime();
                        load(adapter.client(), adapter.dir());
                        loadSeconds = (System.nanoTime() - loading) / 1e9;
                        rss = procStatus(adapter.process().pid(), "VmRSS");
                        peak = procStatus(adapter.process().pid(), "VmHWM");
                    }
                } finally {
                    adapter.stop();
                }
            }
            Arrays.sort(ready);
            lines.add(String.format(
                    "%-30s %14.1f %14d %14d %14.1f",
                    launch.label(), ready[STARTS / 2], rss >> 10, peak >> 10, loadSeconds));
        }
        System.out.println();
        System.out.printf(
                "start-up benchmark, %s, %d cores, Java %s; load: %d records by REST and a %d-row CSV, delivered to the outbox%n",
                Instant.now(),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                RECORDS,
                CSV_ROWS);
        System.out.printf(
                "%-30s %14s %14s %14s %14s%n", "JVM", "ready (s)", "RSS (MB)", "peak RSS (MB)", "load took (s)");
        lines.forEach(System.out::println);
        System.out.println();
    }

    /** A started adapter, ready. */
    private record Started(Process process, AdapterClient client, Path dir, double readySeconds) {

        void stop() throws InterruptedException {
            process.destroy();
            process.waitFor();
        }
    }

    /** Starts the adapter in a folder of its own (its journal and outbox land there) and waits until it is ready. */
    private static Started start(Launch launch) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(WORK.resolve("run-" + System.nanoTime()));
        int port = freePort();
        List<String> command = launch.command();
        command.addAll(List.of(
                "--server.port=" + port,
                "--adapter.mllp.port=" + freePort(),
                "--adapter.security.api-keys-file=" + TestKeys.writeKeyFile(dir).toAbsolutePath(),
                "--camel.main.routes-include-pattern=file:" + Path.of("routes").toAbsolutePath() + "/*.camel.yaml"));
        long launched = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("adapter.log").toFile());
        builder.environment().putAll(launch.environment());
        Process process = builder.start();
        AdapterClient client = new AdapterClient(port);
        await().atMost(Duration.ofMinutes(10))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("the adapter stopped; see " + dir.resolve("adapter.log"));
                    }
                    return up(client);
                });
        return new Started(process, client, dir, (System.nanoTime() - launched) / 1e9);
    }

    /** The training run for an AOT cache: started until ready, then stopped; the JVM writes the cache as it exits. */
    private static void train(Launch training) throws IOException, InterruptedException {
        start(training).stop();
    }

    /** The jar extracted by Spring Boot's own tool ({@code java -Djarmode=tools -jar … extract}). */
    private static Path extract(String java, String name) throws IOException, InterruptedException {
        Path destination = WORK.resolve(name + "-" + System.nanoTime());
        Process process = new ProcessBuilder(
                        java,
                        "-Djarmode=tools",
                        "-jar",
                        JAR.toString(),
                        "extract",
                        "--destination",
                        destination.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("cannot extract " + JAR);
        }
        return destination.resolve(JAR.getFileName());
    }

    private static boolean up(AdapterClient client) {
        try {
            AdapterClient.Answer health = client.anonymous().get("/actuator/health");
            return health.status() == 200
                    && health.body().path("status").asText().equals("UP");
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
        await().atMost(Duration.ofMinutes(10))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> delivered(client) >= RECORDS + CSV_ROWS);
    }

    private static long delivered(AdapterClient client) {
        var overview = client.as(Role.OPERATOR).get("/api/v1/overview").body();
        long delivered = 0;
        for (var kind : overview.path("recordsByState").path("delivered")) {
            delivered += kind.asLong();
        }
        return delivered;
    }

    private static long procStatus(long pid, String field) throws IOException {
        return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream()
                .filter(line -> line.startsWith(field + ":"))
                .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")))
                .findFirst()
                .orElse(-1);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
