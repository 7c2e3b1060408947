package org.ketaminefhir.adapter.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ketaminefhir.adapter.mapping.SessionDirectory;
import org.ketaminefhir.adapter.record.PatientRef;
import org.ketaminefhir.adapter.testsupport.AdapterClient;
import org.ketaminefhir.adapter.testsupport.BeanWrapping;
import org.ketaminefhir.adapter.testsupport.Examples;
import org.ketaminefhir.adapter.testsupport.RunningAdapter;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;

/**
 * A record whose preparation outlasts its lease is never claimed a second time: its lease is renewed while
 * a worker is busy with it, and the other patients' records keep going meanwhile. The preparation is held
 * deterministically: mapping a vitals record asks the session directory for each reading's session, and
 * the directory of this test waits on a latch for the slow patient.
 */
class LeaseRenewalIT {

    private static final Duration LEASE = Duration.ofSeconds(1);
    private static final String SLOW_MRN = "LR-SLOW";

    static final CountDownLatch RELEASE = new CountDownLatch(1);
    static final AtomicInteger PREPARATIONS_HELD = new AtomicInteger();

    /** Holds the slow patient's preparation until released (not @Configuration: see RunningAdapter). */
    static class HeldPreparation {
        @Bean
        static BeanPostProcessor holdSlowPatient() {
            return BeanWrapping.wrapping(SessionDirectory.class, HeldPreparation::held);
        }

        private static SessionDirectory held(SessionDirectory sessions) {
            return new SessionDirectory() {
                @Override
                public boolean isKnown(String sessionSourceId) {
                    return sessions.isKnown(sessionSourceId);
                }

                @Override
                public Optional<String> sessionAt(PatientRef patient, OffsetDateTime time) {
                    if (patient.mrn().equals(SLOW_MRN) && RELEASE.getCount() > 0) {
                        PREPARATIONS_HELD.incrementAndGet();
                        try {
                            RELEASE.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return sessions.sessionAt(patient, time);
                }
            };
        }
    }

    @Test
    void aRecordPreparedLongerThanItsLeaseIsClaimedOnceWhileOthersFlow(@TempDir Path dir) {
        try (RunningAdapter adapter = new RunningAdapter(
                Map.of(
                        "spring.datasource.url",
                                "jdbc:h2:mem:lease-renewal-it-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1",
                        "adapter.outbox.dir", dir.resolve("outbox").toString(),
                        "adapter.delivery.lease", LEASE.toMillis() + "ms"),
                HeldPreparation.class)) {
            AdapterClient client = adapter.client();
            assertThat(client.postJson("/api/v1/records", vitals("V-lr-slow", SLOW_MRN))
                            .status())
                    .isEqualTo(202);
            await().atMost(Duration.ofSeconds(120)).until(() -> PREPARATIONS_HELD.get() >= 1);

            // three leases long: without renewal the slow record would be claimed again after the first
            Instant threeLeasesLater = Instant.now().plus(LEASE.multipliedBy(3));
            await().atMost(Duration.ofSeconds(120)).until(() -> Instant.now().isAfter(threeLeasesLater));
            // a claim cycle after that: another patient's record goes through on the other workers
            assertThat(client.postJson("/api/v1/records", vitals("V-lr-other", "LR-OTHER"))
                            .status())
                    .isEqualTo(202);
            await().atMost(Duration.ofSeconds(120))
                    .until(() -> client.state("vitals", "V-lr-other").equals("delivered"));

            assertThat(PREPARATIONS_HELD.get())
                    .as("preparations of the slow record begun")
                    .isEqualTo(1);
            assertThat(client.state("vitals", "V-lr-slow")).isEqualTo("pending");

            RELEASE.countDown();
            await().atMost(Duration.ofSeconds(120))
                    .until(() -> client.state("vitals", "V-lr-slow").equals("delivered"));
            JsonNode status = client.get("/api/v1/records/vitals/V-lr-slow").body();
            assertThat(status.get("attemptLog").findValuesAsText("outcome")).containsExactly("delivered");
        }
    }

    private static ObjectNode vitals(String sourceId, String mrn) {
        ObjectNode vitals = Examples.json("vitals.json").put("sourceId", sourceId);
        vitals.remove("sessionSourceId");
        ((ObjectNode) vitals.get("patient")).put("mrn", mrn);
        return vitals;
    }
}
