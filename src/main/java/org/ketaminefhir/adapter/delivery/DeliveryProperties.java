package org.ketaminefhir.adapter.delivery;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code adapter.delivery.*}: how often the delivery route looks for due records, how many it takes
 * at once, and how failures are retried: up to {@code maxAttempts} tries and {@code maxAge} after the
 * record was received, whichever comes first, then the record is dead.
 */
@ConfigurationProperties("adapter.delivery")
public record DeliveryProperties(
        @DefaultValue("500ms") Duration pollInterval,
        @DefaultValue("20") int batchSize,
        @DefaultValue("8") int maxAttempts,
        @DefaultValue("2s") Duration initialBackoff,
        @DefaultValue("10m") Duration maxBackoff,
        @DefaultValue("2m") Duration lease,
        @DefaultValue("24h") Duration maxAge) {
}
