package org.ketaminefhir.adapter.bench;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link MappingValidationJmh} with JMH ({@code ./mvnw verify -Pbench}) and prints JMH's table:
 * milliseconds per session record and, from the GC profiler, bytes allocated per record
 * ({@code gc.alloc.rate.norm}). In process (no fork): failsafe's manifest-only classpath cannot be handed
 * to a forked JVM, and the bench profile already gives each benchmark class a JVM of its own.
 */
class MappingValidationJmhBenchmark {

    /** Warm-up of 45 s: the validator's code needs thousands of validations before the JIT is done with it. */
    @Test
    void jmh() throws Exception {
        new Runner(new OptionsBuilder()
                        .include(MappingValidationJmh.class.getName())
                        .forks(0)
                        .warmupIterations(9)
                        .warmupTime(org.openjdk.jmh.runner.options.TimeValue.seconds(5))
                        .measurementIterations(5)
                        .measurementTime(org.openjdk.jmh.runner.options.TimeValue.seconds(5))
                        .addProfiler(GCProfiler.class)
                        .build())
                .run();
    }
}
