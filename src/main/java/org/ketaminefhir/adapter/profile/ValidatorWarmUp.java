package org.ketaminefhir.adapter.profile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.ketaminefhir.adapter.mapping.MappingContext;
import org.ketaminefhir.adapter.mapping.SessionDirectory;
import org.ketaminefhir.adapter.record.JsonRecordReader.Located;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The first validation in a JVM takes seconds (snapshots, value sets, the validator's own tables), so
 * the adapter maps and validates the examples of docs/interface.md (on the classpath under {@code examples/})
 * before it reports ready (application runners finish before readiness turns to accepting traffic).
 * The warm-up starts as soon as the beans exist, on a thread of its own, so it runs while the web server
 * and the Camel routes start; the runner only waits for it.
 * It doubles as a self-check: an example that does not validate is logged. The convert command does
 * not scan components, so it skips this and pays the first validation itself.
 */
@Component
class ValidatorWarmUp implements SmartInitializingSingleton, ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ValidatorWarmUp.class);

    private final RecordConversion conversion;
    private final ObjectMapper json;

    public ValidatorWarmUp(RecordConversion conversion, ObjectMapper json) {
        this.conversion = conversion;
        this.json = json;
    }

    private final CompletableFuture<Void> warmed = new CompletableFuture<>();

    @Override
    public void afterSingletonsInstantiated() {
        Thread thread = new Thread(
                () -> {
                    try {
                        warmUp();
                        warmed.complete(null);
                    } catch (RuntimeException | Error e) {
                        warmed.completeExceptionally(e);
                    }
                },
                "validator-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run(ApplicationArguments arguments) {
        warmed.join();
    }

    private void warmUp() {
        warnIfHugeMethodsStayInterpreted();
        Instant start = Instant.now();
        int resources = 0;
        try {
            for (Resource example :
                    new PathMatchingResourcePatternResolver().getResources("classpath*:examples/*.json")) {
                try (InputStream in = example.getInputStream()) {
                    RecordConversion.Submission submission = conversion.convert(
                            List.of(new Located("", json.readTree(in))),
                            new MappingContext(Clock.systemUTC().instant(), SessionDirectory.NONE),
                            false);
                    if (!submission.accepted()) {
                        log.error("example {} is not accepted by the checker", example.getFilename());
                        continue;
                    }
                    RecordConversion.Converted converted =
                            submission.converted().get(0);
                    resources += converted.bundle().getEntry().size();
                    if (!converted.valid()) {
                        log.error(
                                "example {} maps to resources with {} validation error(s)",
                                example.getFilename(),
                                converted.report().errors().size());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the examples for the validator warm-up", e);
        }
        log.info(
                "validator warmed on {} resources in {} ms",
                resources,
                Duration.between(start, Instant.now()).toMillis());
    }

    /** The validator's busiest method is too big for HotSpot to compile unless told to (docs/performance.md). */
    private static void warnIfHugeMethodsStayInterpreted() {
        if (hugeMethodsStayInterpreted()) {
            log.warn(
                    "the JVM runs without -XX:-DontCompileHugeMethods: profile validation is about a fifth slower (docs/performance.md)");
        }
    }

    static boolean hugeMethodsStayInterpreted() {
        try {
            HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return hotSpot != null
                    && "true"
                            .equals(hotSpot.getVMOption("DontCompileHugeMethods")
                                    .getValue());
        } catch (IllegalArgumentException notHotSpot) {
            return false; // another JVM, with no such option and its own compiler limits
        }
    }
}
