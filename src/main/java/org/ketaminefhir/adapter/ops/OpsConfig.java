package org.ketaminefhir.adapter.ops;

import io.micrometer.core.instrument.MeterRegistry;
import org.ketaminefhir.adapter.journal.Journal;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Operations: metrics (exposed at /actuator/prometheus). */
@Configuration
public class OpsConfig {

    @Bean
    public DeliveryMetrics deliveryMetrics(MeterRegistry registry, Journal journal) {
        return new DeliveryMetrics(registry, journal);
    }
}
