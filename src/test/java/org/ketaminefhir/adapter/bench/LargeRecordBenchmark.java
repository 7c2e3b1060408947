package org.ketaminefhir.adapter.bench;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ketaminefhir.adapter.mapping.MappingContext;
import org.ketaminefhir.adapter.mapping.SessionDirectory;
import org.ketaminefhir.adapter.profile.ProfileValidator;
import org.ketaminefhir.adapter.record.ClinicRecord;
import org.ketaminefhir.adapter.record.RecordLimitProperties;
import org.ketaminefhir.adapter.testsupport.AdapterClient;
import org.ketaminefhir.adapter.testsupport.Examples;
import org.ketaminefhir.adapter.testsupport.RunningAdapter;

/**
 * A record of the largest allowed size and everyone else (issue 17): first how mapping and validation time
 * grows with a vitals record's readings (it must grow linearly), then the largest record delivered while
 * another patient's small records keep coming, with that patient's latency (received to delivered).
 * Prints figures, asserts nothing.
 */
class LargeRecordBenchmark {

    /** The largest vitals record intake accepts by default (adapter.limits.readings-per-record). */
    static final int LARGEST_READINGS = RecordLimitProperties.defaults().readingsPerRecord();

    private static final int[] SCALING_READINGS = {LARGEST_READINGS / 10, LARGEST_READINGS / 2, LARGEST_READINGS};
    private static final Duration SMALL_RECORD_EVERY = Duration.ofMillis(250);
    private static final java.time.format.DateTimeFormatter TIME =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");

    @Test
    void preparationTimeGrowsWithTheRecordsReadings() {
        BenchMapping mapping =
                new BenchMapping("urn:ketamine-fhir-adapter:clinic:bench", "urn:oid:2.16.840.1.113883.3.999.1");
        ProfileValidator validator = new ProfileValidator(FhirContext.forR4Cached());
        prepare(mapping, validator, 100); // warm-up: the validator's first use loads its definitions
        prepare(mapping, validator, LARGEST_READINGS);
        System.out.println("LargeRecordBenchmark: map + validate a vitals record (each reading 6 vital signs)");
        for (int readings : SCALING_READINGS) {
            long best = Long.MAX_VALUE;
            long bestCpu = Long.MAX_VALUE;
            for (int round = 0; round < 3; round++) {
                long cpuBefore = THREADS.getCurrentThreadCpuTime();
                best = Math.min(best, prepare(mapping, validator, readings));
                bestCpu = Math.min(bestCpu, (THREADS.getCurrentThreadCpuTime() - cpuBefore) / 1_000_000);
            }
            // CPU time too: on a shared machine the wall time of one thread depends on what else runs
            System.out.printf(
                    "  %5d readings: %6d ms (best of 3), %.2f ms per reading; CPU %6d ms, %.2f ms per reading%n",
                    readings, best, best / (double) readings, bestCpu, bestCpu / (double) readings);
        }
    }

    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    @Test
    void theLargestRecordLeavesAnotherPatientsRecordsFlowing(@TempDir Path dir) {
        try (RunningAdapter adapter = new RunningAdapter(Map.of(
                "spring.datasource.url",
                "jdbc:h2:mem:large-record-bench-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1",
                "adapter.outbox.dir",
                dir.resolve("outbox").toString()))) {
            AdapterClient client = adapter.client();
            client.postJson("/api/v1/records", vitals("V-warm", "BENCH-OTHER", 2));
            waitDelivered(client, "V-warm");

            long start = System.nanoTime();
            client.postJson("/api/v1/records", vitals("V-largest", "BENCH-LARGEST", LARGEST_READINGS));
            List<Long> latencies = new ArrayList<>();
            int sent = 0;
            while (List.of("pending", "retrying").contains(client.state("vitals", "V-largest")) || sent < 8) {
                String sourceId = "V-small-" + sent++;
                long posted = System.nanoTime();
                client.postJson("/api/v1/records", vitals(sourceId, "BENCH-OTHER", 2));
                waitDelivered(client, sourceId);
                latencies.add((System.nanoTime() - posted) / 1_000_000);
                long next = posted + SMALL_RECORD_EVERY.toNanos();
                java.util.concurrent.locks.LockSupport.parkNanos(
                        Math.max(0, next - System.nanoTime())); // paces the small records
            }
            long largest = (System.nanoTime() - start) / 1_000_000;
            latencies.sort(Long::compare);
            System.out.printf(
                    "LargeRecordBenchmark: a %d-reading record %s in %d ms (%s); meanwhile %d small records of "
                            + "another patient: latency p50 %d ms, p95 %d ms, max %d ms%n",
                    LARGEST_READINGS,
                    client.state("vitals", "V-largest"),
                    largest,
                    client.get("/api/v1/records/vitals/V-largest")
                            .body()
                            .path("lastError")
                            .asText("-"),
                    latencies.size(),
                    percentile(latencies, 0.50),
                    percentile(latencies, 0.95),
                    latencies.get(latencies.size() - 1));
        }
    }

    private static long prepare(BenchMapping mapping, ProfileValidator validator, int readings) {
        long start = System.nanoTime();
        ClinicRecord record = mapping.check(vitals("V-scale-" + readings, "BENCH-SCALE", readings));
        Bundle bundle = mapping.transaction(record, new MappingContext(java.time.Instant.now(), SessionDirectory.NONE));
        validator.validate(bundle);
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static void waitDelivered(AdapterClient client, String sourceId) {
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofMinutes(10))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> client.state("vitals", sourceId).equals("delivered"));
    }

    /** A vitals record of {@code readings} readings ten seconds apart, each with all six vital signs. */
    static ObjectNode vitals(String sourceId, String mrn, int readings) {
        ObjectNode vitals = Examples.json("vitals.json").put("sourceId", sourceId);
        vitals.remove("sessionSourceId");
        ((ObjectNode) vitals.get("patient")).put("mrn", mrn);
        ArrayNode all = vitals.putArray("readings");
        OffsetDateTime start = OffsetDateTime.parse("2026-11-20T08:00:00-08:00");
        for (int i = 0; i < readings; i++) {
            all.addObject()
                    .put("time", start.plusSeconds(10L * i).format(TIME))
                    .put("systolic", 120 + i % 20)
                    .put("diastolic", 80)
                    .put("heartRate", 70 + i % 15)
                    .put("spo2", 97)
                    .put("respiratoryRate", 16)
                    .put("temperatureC", 36.8);
        }
        return vitals;
    }

    private static long percentile(List<Long> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }
}
