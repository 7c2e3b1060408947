package org.ketaminefhir.adapter.delivery;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code adapter.ehr.*} (contract §5): the EHR's FHIR R4 base URL (none: bundles go to the outbox),
 * the delivery dialect and the authentication to use.
 */
@ConfigurationProperties("adapter.ehr")
public record EhrProperties(
        String baseUrl,
        @DefaultValue("auto") String dialect,
        @DefaultValue Auth auth,
        @DefaultValue("10s") Duration connectTimeout,
        @DefaultValue("60s") Duration readTimeout) {

    public boolean configured() {
        return baseUrl != null && !baseUrl.isBlank();
    }

    /** {@code adapter.ehr.auth.*}: {@code none}, {@code basic} (username, password) or {@code bearer} (token). */
    public record Auth(@DefaultValue("none") String type, String username, String password, String token) {
    }
}
