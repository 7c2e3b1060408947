package org.ketaminefhir.adapter.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ketaminefhir.adapter.channel.MllpProperties;
import org.ketaminefhir.adapter.mapping.MappingContext;
import org.ketaminefhir.adapter.mapping.RecordMapping;
import org.ketaminefhir.adapter.mapping.SessionDirectory;
import org.ketaminefhir.adapter.profile.ProfileValidator;
import org.ketaminefhir.adapter.record.ClinicProperties;
import org.ketaminefhir.adapter.record.ClinicRecord;
import org.ketaminefhir.adapter.record.Hl7VitalsReader;
import org.ketaminefhir.adapter.record.RecordChecker;
import org.ketaminefhir.adapter.testsupport.RunningAdapter;

/**
 * HL7 v2 conversion as a converter does it (issue 19): the world corpus's ORU^R01 messages read, checked,
 * mapped and validated to bundles, on one thread, warm, with the running adapter's own beans and
 * configuration; no journal and no delivery. Messages the adapter refuses (AE) are left out of the loop:
 * they cost a fraction of a taken one and would flatter the figure.
 */
record Hl7Conversion(int taken, double perSecond, double cpuMillisPerMessage) {

    private static final long WARM_UP_NANOS = 20_000_000_000L;
    private static final long MEASURE_NANOS = 20_000_000_000L;

    static Hl7Conversion measure(RunningAdapter adapter) throws IOException {
        MllpProperties mllp = adapter.bean(MllpProperties.class);
        Hl7VitalsReader reader =
                mllp.reader(adapter.bean(ClinicProperties.class).zone());
        Map<String, String> codes = mllp.codeMap(null);
        RecordChecker checker = adapter.bean(RecordChecker.class);
        RecordMapping mapping = adapter.bean(RecordMapping.class);
        ProfileValidator validator = adapter.bean(ProfileValidator.class);
        List<String> messages = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/hl7/world"))) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".hl7")).sorted().toList()) {
                String message = Files.readAllLines(file).stream()
                                .filter(l -> !l.startsWith("#") && !l.isBlank())
                                .collect(Collectors.joining("\r"))
                        + "\r";
                if (reader.read(message, codes).record() != null) {
                    messages.add(message);
                }
            }
        }
        Runnable convertAll = () -> {
            for (String message : messages) {
                ClinicRecord record = checker.check(reader.read(message, codes).record(), "", null)
                        .record();
                validator.validate(
                        mapping.transaction(record, new MappingContext(Instant.now(), SessionDirectory.NONE)));
            }
        };
        for (long until = System.nanoTime() + WARM_UP_NANOS; System.nanoTime() < until; ) {
            convertAll.run();
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long converted = 0;
        while (System.nanoTime() - start < MEASURE_NANOS) {
            convertAll.run();
            converted += messages.size();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuMillis = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e6;
        return new Hl7Conversion(messages.size(), converted / seconds, cpuMillis / converted);
    }
}
