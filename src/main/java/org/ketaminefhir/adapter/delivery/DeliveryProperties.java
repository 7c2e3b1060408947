package org.ketaminefhir.adapter.delivery;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code adapter.delivery.*}: how often the delivery route looks for due records, how many it takes
 * at once, and how failures are retried: up to {@code maxAttempts} tries and {@code maxAge} after the
 * record was received, whichever comes first, then the record is dead. {@code concurrency} records of a
 * claimed batch are mapped, validated and sent at once: a batch never holds two records of one patient
 * (the claim takes only each patient's oldest waiting record), so this cannot reorder a patient's records.
 * A record whose mapping and validation take longer than {@code preparationBudget} fails (PreparationBudget).
 */
@ConfigurationProperties("adapter.delivery")
record DeliveryProperties(
        @DefaultValue("200ms") Duration pollInterval,
        @DefaultValue("50") int batchSize,
        @DefaultValue("8") int maxAttempts,
        @DefaultValue("2s") Duration initialBackoff,
        @DefaultValue("10m") Duration maxBackoff,
        @DefaultValue("2m") Duration lease,
        @DefaultValue("24h") Duration maxAge,
        @DefaultValue("4") int concurrency,
        @DefaultValue("2m") Duration preparationBudget) {}
