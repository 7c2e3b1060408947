package org.ketaminefhir.adapter.bench;

import ca.uhn.fhir.context.FhirContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.Bundle;
import org.ketaminefhir.adapter.mapping.MappingContext;
import org.ketaminefhir.adapter.mapping.SessionDirectory;
import org.ketaminefhir.adapter.profile.ProfileValidator;
import org.ketaminefhir.adapter.profile.ValidationReport;
import org.ketaminefhir.adapter.record.ClinicRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JMH: one generated session record (ketamine or esketamine, 4 to 12 vital-sign time points, CADSS and
 * MOAA/S) mapped to its transaction Bundle, with and without profile validation. Run by
 * {@link MappingValidationJmhBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MappingValidationJmh {

    private BenchMapping mapping;
    private ProfileValidator validator;
    private MappingContext context;
    private final List<ClinicRecord> sessions = new ArrayList<>();
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        mapping = new BenchMapping("urn:bench:jmh", "urn:bench:mrn");
        validator = new ProfileValidator(FhirContext.forR4Cached());
        context = new MappingContext(Instant.EPOCH, SessionDirectory.NONE);
        RecordGenerator generator = new RecordGenerator(11, "jmh", 20);
        for (int i = 0; i < 32; i++) {
            sessions.add(mapping.check(generator.session()));
        }
    }

    private ClinicRecord nextSession() {
        next = (next + 1) % sessions.size();
        return sessions.get(next);
    }

    @Benchmark
    public Bundle mapSession() {
        return mapping.transaction(nextSession(), context);
    }

    @Benchmark
    public ValidationReport mapAndValidateSession() {
        return validator.validate(mapping.transaction(nextSession(), context));
    }
}
