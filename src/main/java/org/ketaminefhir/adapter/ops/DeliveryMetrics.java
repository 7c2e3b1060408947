package org.ketaminefhir.adapter.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import org.ketaminefhir.adapter.delivery.DeliveryQueue.DeliveryListener;
import org.ketaminefhir.adapter.journal.Journal;
import org.ketaminefhir.adapter.journal.RecordState;

/**
 * What flowed, as Prometheus metrics: records received, delivered, withheld, failed and dead by kind, the
 * resources of delivered records by type and what the write plan did with them (sent, only in the note,
 * not sent), the delivery latency (from the journal's receipt to the EHR's answer), the time spent mapping
 * and validating each record before it is sent, the queue depth and the age of the oldest record waiting.
 * Labels are the record kind, the resource type and the disposition, fixed words all: no identifier, no patient.
 */
public final class DeliveryMetrics implements DeliveryListener {

    private final MeterRegistry registry;

    public DeliveryMetrics(MeterRegistry registry, Journal journal) {
        this.registry = registry;
        Gauge.builder("adapter.queue.depth", journal, Journal::waitingCount)
                .description("records pending or retrying")
                .register(registry);
        Gauge.builder(
                        "adapter.queue.oldest.age",
                        journal,
                        j -> j.oldestWaiting()
                                .map(received -> Duration.between(received, Instant.now())
                                        .toSeconds())
                                .orElse(0L))
                .description("seconds since the oldest waiting record was received")
                .baseUnit("seconds")
                .register(registry);
    }

    public void received(String kind) {
        counter("adapter.records.received", kind).increment();
    }

    /** Mapping and profile validation of one record, the adapter's own share of a delivery. */
    @Override
    public void prepared(String kind, Duration took) {
        Timer.builder("adapter.delivery.preparation")
                .tag("kind", kind)
                .description("mapping and profile validation of a record before it is sent")
                .register(registry)
                .record(took);
    }

    @Override
    public void outcome(String kind, RecordState state, Instant receivedAt) {
        switch (state) {
            case DELIVERED -> {
                counter("adapter.records.delivered", kind).increment();
                Timer.builder("adapter.delivery.latency")
                        .tag("kind", kind)
                        .description("from the journal's receipt to the EHR's answer")
                        .register(registry)
                        .record(Duration.between(receivedAt, Instant.now()));
            }
            case WITHHELD -> counter("adapter.records.withheld", kind).increment();
            case FAILED -> counter("adapter.records.failed", kind).increment();
            case DEAD -> counter("adapter.records.dead", kind).increment();
            default -> {}
        }
    }

    @Override
    public void resources(String kind, String type, String disposition, int count) {
        Counter.builder("adapter.resources")
                .tag("kind", kind)
                .tag("type", type)
                .tag("disposition", disposition)
                .description("resources of delivered records by what the EHR's write plan did with them: sent, "
                        + "carried by the clinical note, or not sent")
                .register(registry)
                .increment(count);
    }

    private Counter counter(String name, String kind) {
        return Counter.builder(name).tag("kind", kind).register(registry);
    }
}
