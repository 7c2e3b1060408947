package org.ketaminefhir.adapter.ops;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.ketaminefhir.adapter.delivery.EhrGateway;
import org.ketaminefhir.adapter.journal.Journal;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Operations: metrics (/actuator/prometheus), the EHR's health, route status for the dashboard. */
@Configuration
class OpsConfig {

    @Bean
    public DeliveryMetrics deliveryMetrics(MeterRegistry registry, Journal journal) {
        return new DeliveryMetrics(registry, journal);
    }

    @Bean
    public EhrReachability ehrReachability(EhrGateway gateway, Clock clock) {
        return new EhrReachability(gateway, clock, Duration.ofSeconds(15));
    }

    /** Bean name {@code ehr}: the component's name in /actuator/health. */
    @Bean
    public EhrHealthIndicator ehr(EhrReachability reachability) {
        return new EhrHealthIndicator(reachability);
    }

    @Bean
    public RouteStatuses routeStatuses(CamelContext camel) {
        return new RouteStatuses(camel);
    }
}
