package org.ketaminefhir.adapter.bench;

import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.adapter.api.auth.Role;
import org.ketaminefhir.adapter.mapping.MappingContext;
import org.ketaminefhir.adapter.mapping.SessionDirectory;
import org.ketaminefhir.adapter.testsupport.AdapterClient;
import org.ketaminefhir.adapter.testsupport.RunningAdapter;
import org.ketaminefhir.testserver.InProcessFhirServer;

/**
 * End to end, printed as a table (run with {@code ./mvnw verify -Pbench}): records posted one by one to
 * {@code POST /api/v1/records} until the EHR (HAPI's JPA server, in process) has answered for each, against
 * the floor: a plain HAPI client posting the same transaction Bundles, prebuilt, to the same server, on as
 * many threads as the adapter delivers with ({@code adapter.delivery.concurrency}). Medians of three rounds,
 * each of fresh records from the seeded generator.
 */
class EndToEndBenchmark {

    private static final int RECORDS = 150;
    private static final int ROUNDS = 3;
    private static final int PATIENTS = 60;
    private static final String MRN_SYSTEM = "urn:bench:mrn";
    private static final int CONCURRENCY = 4;
    /**
     * After the warm-up rounds the JIT still compiles thousands of methods every 20 s (counted with
     * -XX:+PrintCompilation); more rounds are no cure, as the EHR slows down as its in-heap database
     * grows. So the adapter alone warms on for this long with dry runs ({@code POST /api/v1/convert}: mapped
     * and validated, nothing stored or sent), as a long-running service would be warm; 0 for none.
     */
    private static final int DRY_RUN_WARM_UP_SECONDS = Integer.getInteger("bench.dry-run-warm-up", 60);

    /** Throughput and latency of a round; for the adapter also its own mapping + validation per record. */
    record Round(double recordsPerSecond, double p50, double p99, double preparationMs) {}

    @Test
    void adapterAgainstTheFloor() throws Exception {
        InProcessFhirServer ehr = InProcessFhirServer.shared();
        for (int patient = 0; patient < PATIENTS; patient++) {
            ehr.ensurePatient(MRN_SYSTEM, RecordGenerator.mrn(patient));
        }
        List<Round> adapterRounds = new ArrayList<>();
        List<Round> floorRounds = new ArrayList<>();
        Map<String, Long> adapterCpu = new java.util.TreeMap<>();
        Map<String, Long> floorCpu = new java.util.TreeMap<>();
        Map<String, Object> settings = new HashMap<>();
        settings.put("spring.datasource.url", "jdbc:h2:mem:end-to-end-bench;DB_CLOSE_DELAY=-1");
        settings.put("adapter.ehr.base-url", ehr.baseUrl());
        settings.put("adapter.ehr.dialect", "transaction");
        settings.put("adapter.clinic.identifier-system", "urn:bench:adapter");
        settings.put("adapter.patients.mrn-system", MRN_SYSTEM);
        settings.put("adapter.delivery.poll-interval", "50ms");
        settings.put("adapter.delivery.concurrency", String.valueOf(CONCURRENCY));
        try (RunningAdapter adapter = new RunningAdapter(settings)) {
            AdapterClient client = adapter.client();
            // two unmeasured rounds each: the EHR's caches, the validator's first use, and the JIT, which
            // needs thousands of validations before the validator runs compiled (ValidationBenchmark)
            for (int warm = 0; warm < 2; warm++) {
                adapterRound(client, new RecordGenerator(1 + warm, "warm-a" + warm, PATIENTS).mixed(RECORDS));
                floorRound(ehr.client(), new RecordGenerator(1 + warm, "warm-f" + warm, PATIENTS).mixed(RECORDS));
            }
            if (DRY_RUN_WARM_UP_SECONDS > 0) {
                dryRuns(client, DRY_RUN_WARM_UP_SECONDS);
            }
            for (int round = 0; round < ROUNDS; round++) {
                // the same seed for both: the same records, under different source ids
                Map<String, Long> before = CpuByThread.now();
                adapterRounds.add(
                        adapterRound(client, new RecordGenerator(42 + round, "a" + round, PATIENTS).mixed(RECORDS)));
                Map<String, Long> between = CpuByThread.now();
                floorRounds.add(floorRound(
                        ehr.client(), new RecordGenerator(42 + round, "f" + round, PATIENTS).mixed(RECORDS)));
                CpuByThread.add(adapterCpu, before, between);
                CpuByThread.add(floorCpu, between, CpuByThread.now());
            }
        }
        Round adapter = median(adapterRounds);
        Round floor = median(floorRounds);
        System.out.println();
        System.out.printf(
                "end-to-end benchmark, %s, %d cores, Java %s, %d records per round (sessions, PHQ-9, GAD-7), median of %d%n",
                Instant.now(),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                RECORDS,
                ROUNDS);
        System.out.printf("%-52s %10s %10s %10s%n", "", "records/s", "p50 (ms)", "p99 (ms)");
        System.out.printf(
                "%-52s %10.1f %10.0f %10.0f%n",
                "adapter: POST /api/v1/records to the EHR's answer",
                adapter.recordsPerSecond(),
                adapter.p50(),
                adapter.p99());
        System.out.printf(
                "%-52s %10.1f %10.0f %10.0f%n",
                "floor: HAPI client posting the prebuilt bundles", floor.recordsPerSecond(), floor.p50(), floor.p99());
        System.out.printf(
                "%-52s %10.2f%n",
                "ratio adapter / floor (records/s)", adapter.recordsPerSecond() / floor.recordsPerSecond());
        System.out.printf(
                "%-52s %10.0f%n", "adapter: mapping + validation per record (ms, mean)", adapter.preparationMs());
        System.out.println();
        System.out.printf(
                "CPU per record in the measured rounds (ms), by thread%n%-52s %10s %10s%n", "", "adapter", "floor");
        for (String group : CpuByThread.GROUPS) {
            System.out.printf(
                    "%-52s %10.0f %10.0f%n",
                    group,
                    adapterCpu.getOrDefault(group, 0L) / 1e6 / (RECORDS * ROUNDS),
                    floorCpu.getOrDefault(group, 0L) / 1e6 / (RECORDS * ROUNDS));
        }
        System.out.println();
    }

    /** Dry runs of generated records on as many threads as the adapter delivers with, for the given time. */
    private static void dryRuns(AdapterClient client, int seconds) throws Exception {
        AdapterClient submitter = client.as(Role.SUBMITTER);
        long until = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService threads = Executors.newFixedThreadPool(CONCURRENCY);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int thread = 0; thread < CONCURRENCY; thread++) {
                RecordGenerator generator = new RecordGenerator(100 + thread, "dry" + thread, PATIENTS);
                running.add(threads.submit(() -> {
                    while (System.nanoTime() < until) {
                        for (ObjectNode record : generator.mixed(10)) {
                            int status = submitter
                                    .postJson("/api/v1/convert", record)
                                    .status();
                            if (status != 200) {
                                throw new IllegalStateException("a dry run answered " + status);
                            }
                        }
                    }
                }));
            }
            for (Future<?> thread : running) {
                thread.get();
            }
        } finally {
            threads.shutdown();
        }
    }

    private Round adapterRound(AdapterClient client, List<ObjectNode> records) throws InterruptedException {
        double[] preparedBefore = prepared(client);
        AdapterClient submitter = client.as(Role.SUBMITTER);
        long start = System.currentTimeMillis();
        for (ObjectNode record : records) {
            int status = submitter.postJson("/api/v1/records", record).status();
            if (status != 202) {
                throw new IllegalStateException("the adapter answered " + status + " for " + record.get("sourceId"));
            }
        }
        double[] latencies = new double[records.size()];
        long lastAnswer = 0;
        for (int i = 0; i < records.size(); i++) {
            ObjectNode record = records.get(i);
            String path = "/api/v1/records/" + record.get("kind").asText() + "/"
                    + record.get("sourceId").asText();
            // the latency is read from the record's own times, not from when this loop sees it delivered
            JsonNode status = await().atMost(Duration.ofMinutes(10))
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(50))
                    .until(
                            () -> client.get(path).body(),
                            answer -> !answer.path("state").asText().equals("pending")
                                    && !answer.path("state").asText().equals("retrying"));
            if (!status.path("state").asText().equals("delivered")) {
                throw new IllegalStateException(
                        path + " ended " + status.path("state").asText() + ": " + status.path("lastError"));
            }
            JsonNode attempts = status.path("attemptLog");
            long answered = Instant.parse(attempts.get(attempts.size() - 1)
                            .path("attemptedAt")
                            .asText())
                    .toEpochMilli();
            latencies[i] =
                    answered - Instant.parse(status.path("receivedAt").asText()).toEpochMilli();
            lastAnswer = Math.max(lastAnswer, answered);
        }
        double[] preparedAfter = prepared(client);
        double preparationMs = 1000 * (preparedAfter[0] - preparedBefore[0]) / (preparedAfter[1] - preparedBefore[1]);
        Round round = round(records.size(), lastAnswer - start, latencies);
        return new Round(round.recordsPerSecond(), round.p50(), round.p99(), preparationMs);
    }

    /** Seconds spent mapping and validating, and records, so far: the adapter's Prometheus timer over every kind. */
    private static double[] prepared(AdapterClient client) {
        double[] sumAndCount = new double[2];
        for (String line : client.get("/actuator/prometheus").text().split("\n")) {
            if (line.startsWith("adapter_delivery_preparation_seconds_sum{")) {
                sumAndCount[0] += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            } else if (line.startsWith("adapter_delivery_preparation_seconds_count{")) {
                sumAndCount[1] += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sumAndCount;
    }

    private Round floorRound(IGenericClient ehr, List<ObjectNode> records) throws Exception {
        BenchMapping mapping = new BenchMapping("urn:bench:floor", MRN_SYSTEM);
        MappingContext context = new MappingContext(Instant.now(), SessionDirectory.NONE);
        List<Bundle> bundles = new ArrayList<>();
        for (ObjectNode record : records) {
            bundles.add(mapping.transaction(mapping.check(record), context));
        }
        double[] latencies = new double[bundles.size()];
        ExecutorService threads = Executors.newFixedThreadPool(CONCURRENCY);
        long start = System.currentTimeMillis();
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < bundles.size(); i++) {
                int index = i;
                sent.add(threads.submit(() -> {
                    long at = System.nanoTime();
                    ehr.transaction().withBundle(bundles.get(index)).execute();
                    latencies[index] = (System.nanoTime() - at) / 1e6;
                }));
            }
            for (Future<?> each : sent) {
                each.get();
            }
        } finally {
            threads.shutdown();
        }
        return round(bundles.size(), System.currentTimeMillis() - start, latencies);
    }

    private static Round round(int records, long millis, double[] latencies) {
        double[] sorted = latencies.clone();
        Arrays.sort(sorted);
        return new Round(records / (millis / 1000.0), percentile(sorted, 0.50), percentile(sorted, 0.99), 0);
    }

    private static double percentile(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static Round median(List<Round> rounds) {
        return new Round(
                median(rounds.stream().mapToDouble(Round::recordsPerSecond).toArray()),
                median(rounds.stream().mapToDouble(Round::p50).toArray()),
                median(rounds.stream().mapToDouble(Round::p99).toArray()),
                median(rounds.stream().mapToDouble(Round::preparationMs).toArray()));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** CPU time of the JVM's threads, in groups: whose work is it (the EHR runs in this JVM too). */
    static final class CpuByThread {

        private static final String EHR = "EHR: HAPI JPA server (its Tomcat threads)";
        private static final String DELIVERY = "adapter: delivery workers";
        private static final String INTAKE = "adapter: REST API and intake (its Tomcat threads)";
        private static final String BENCHMARK = "benchmark: posting, polling, floor client";
        private static final String OTHER = "other Java threads";
        private static final String GC = "JVM: garbage collector threads";
        private static final String JIT = "JVM: JIT compiler threads";
        private static final String JVM = "JVM: the rest (process - the threads above)";
        private static final String PROCESS = "whole process";
        static final List<String> GROUPS = List.of(EHR, DELIVERY, INTAKE, BENCHMARK, OTHER, GC, JIT, JVM, PROCESS);
        /** Linux's clock ticks per second, in which /proc gives a thread's CPU time (USER_HZ, 100 on Linux). */
        private static final long TICK_NANOS = 10_000_000L;

        static Map<String, Long> now() {
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            Map<String, Long> cpu = new HashMap<>();
            long javaThreads = 0;
            for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                long nanos = info == null ? -1 : threads.getThreadCpuTime(info.getThreadId());
                if (nanos > 0) {
                    cpu.merge(group(info.getThreadName()), nanos, Long::sum);
                    javaThreads += nanos;
                }
            }
            long gc = nativeThreads("GC Thread#", "G1 ");
            long jit = nativeThreads("C1 CompilerThre", "C2 CompilerThre");
            long process = ((com.sun.management.OperatingSystemMXBean)
                            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
            cpu.put(GC, gc);
            cpu.put(JIT, jit);
            cpu.put(JVM, process - javaThreads - gc - jit);
            cpu.put(PROCESS, process);
            return cpu;
        }

        /**
         * CPU of the JVM's own threads whose names start so (G1's workers, the compilers), read from
         * /proc: the JVM's management interface knows only Java threads.
         */
        private static long nativeThreads(String... prefixes) {
            long ticks = 0;
            try (var tasks = Files.list(Path.of("/proc/self/task"))) {
                for (Path task : tasks.toList()) {
                    try {
                        String stat = Files.readString(task.resolve("stat"));
                        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                        if (Arrays.stream(prefixes).anyMatch(name::startsWith)) {
                            String[] fields =
                                    stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                            ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
                        }
                    } catch (IOException ended) {
                        // the thread ended between the listing and the read
                    }
                }
            } catch (IOException noProc) {
                return 0;
            }
            return ticks * TICK_NANOS;
        }

        private static String group(String thread) {
            if (thread.startsWith("http-nio-127.0.0.1")) {
                return EHR;
            } else if (thread.startsWith("deliver-")) {
                return DELIVERY;
            } else if (thread.startsWith("http-nio-")) {
                return INTAKE;
            } else if (thread.equals("main") || thread.startsWith("pool-") || thread.startsWith("HttpClient")) {
                return BENCHMARK;
            }
            return OTHER;
        }

        /** Adds to {@code total} what each group used between two readings (threads ended meanwhile are lost). */
        static void add(Map<String, Long> total, Map<String, Long> from, Map<String, Long> to) {
            to.forEach((group, nanos) -> total.merge(group, nanos - from.getOrDefault(group, 0L), Long::sum));
        }
    }
}
