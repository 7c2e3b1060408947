package org.ketaminefhir.adapter.bench;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.adapter.mapping.MappingContext;
import org.ketaminefhir.adapter.mapping.SessionDirectory;
import org.ketaminefhir.adapter.profile.ProfileValidator;
import org.ketaminefhir.adapter.record.ClinicRecord;

/**
 * What mapping and profile validation cost, on one thread, printed as a table (run with
 * {@code ./mvnw verify -Pbench}). It asserts nothing: figures are read, not tested.
 * Input: every golden-file input (all routes, statuses and instruments), mapped and validated per record.
 */
class ValidationBenchmark {

    /**
     * The JIT needs thousands of validations before the validator's code is compiled (a heart-rate
     * Observation took 4.9 ms after 250 validations and 2.4 ms after 5,000): a service runs warm, so the
     * figure is taken after a warm-up of this long, and the first round is printed beside it.
     */
    private static final long WARM_UP_NANOS = 45_000_000_000L;

    private static final int MEASURED_ROUNDS = 15;

    @Test
    void mappingAndValidation() throws IOException {
        FhirContext fhir = FhirContext.forR4Cached();
        ObjectMapper json = new ObjectMapper();
        BenchMapping mapping = new BenchMapping("urn:bench", "urn:mrn");
        List<ClinicRecord> records = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/test/resources/fixtures"))) {
            for (Path input : files.filter(f -> f.toString().endsWith(".input.json"))
                    .sorted()
                    .toList()) {
                records.add(mapping.check(json.readTree(input.toFile())));
            }
        }
        MappingContext context = new MappingContext(Instant.EPOCH, SessionDirectory.NONE);

        long coldStart = System.nanoTime();
        ProfileValidator validator = new ProfileValidator(fhir);
        validator.validate(mapping.transaction(records.get(0), context));
        long firstValidation = System.nanoTime();

        int resources = records.stream()
                .mapToInt(r -> mapping.transaction(r, context).getEntry().size())
                .sum();
        double[] mapOnly = new double[MEASURED_ROUNDS];
        double[] mapAndValidate = new double[MEASURED_ROUNDS];
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long mapBytes = 0;
        long fullBytes = 0;
        int warmRounds = 0;
        double firstRound = 0;
        for (long warmUntil = System.nanoTime() + WARM_UP_NANOS; System.nanoTime() < warmUntil; warmRounds++) {
            long start = System.nanoTime();
            for (ClinicRecord record : records) {
                validator.validate(mapping.transaction(record, context));
            }
            if (warmRounds == 0) {
                firstRound = (System.nanoTime() - start) / 1e6;
            }
        }
        for (int round = 0; round < MEASURED_ROUNDS; round++) {
            long allocatedBefore = threads.getThreadAllocatedBytes(thread);
            long start = System.nanoTime();
            for (ClinicRecord record : records) {
                mapping.transaction(record, context);
            }
            long mapped = System.nanoTime();
            long allocatedMapped = threads.getThreadAllocatedBytes(thread);
            for (ClinicRecord record : records) {
                Bundle bundle = mapping.transaction(record, context);
                validator.validate(bundle);
            }
            long validated = System.nanoTime();
            mapBytes += allocatedMapped - allocatedBefore;
            fullBytes += threads.getThreadAllocatedBytes(thread) - allocatedMapped;
            mapOnly[round] = (mapped - start) / 1e6;
            mapAndValidate[round] = (validated - mapped) / 1e6;
        }
        double mapMedian = median(mapOnly);
        double fullMedian = median(mapAndValidate);
        System.out.println();
        System.out.printf(
                "mapping + validation benchmark, %s, %d cores, Java %s %s%n",
                Instant.now(),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                        .filter(a -> a.startsWith("-X"))
                        .toList());
        System.out.printf("%-46s %12s%n", "measure", "value");
        System.out.printf("%-46s %12d%n", "records per round", records.size());
        System.out.printf("%-46s %12d%n", "resources per round", resources);
        // the profiles load on a thread of their own from the constructor on; the first validation waits for them
        System.out.printf(
                "%-46s %12.0f%n",
                "cold start: profiles load + first validation (ms)", (firstValidation - coldStart) / 1e6);
        System.out.printf("%-46s %12.2f%n", "first round after it, per resource (ms)", firstRound / resources);
        System.out.printf("%-46s %12d%n", "warm-up rounds before measuring (45 s)", warmRounds);
        System.out.printf("%-46s %12.2f%n", "mapping only, per resource (ms, median)", mapMedian / resources);
        System.out.printf("%-46s %12.2f%n", "mapping + validation, per resource (ms, median)", fullMedian / resources);
        System.out.printf("%-46s %12.0f%n", "mapping only, resources/s on one thread", resources / (mapMedian / 1000));
        System.out.printf(
                "%-46s %12.0f%n", "mapping + validation, resources/s on one thread", resources / (fullMedian / 1000));
        double recordsMeasured = (double) records.size() * MEASURED_ROUNDS;
        System.out.printf(
                "%-46s %12.2f%n", "allocated per record, mapping only (MB)", mapBytes / recordsMeasured / 1e6);
        System.out.printf(
                "%-46s %12.2f%n", "allocated per record, mapping + validation (MB)", fullBytes / recordsMeasured / 1e6);
        System.gc();
        Runtime heap = Runtime.getRuntime();
        System.out.printf(
                "%-46s %12d%n",
                "heap in use after GC, validator loaded (MB)", (heap.totalMemory() - heap.freeMemory()) >> 20);
        System.out.println();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
