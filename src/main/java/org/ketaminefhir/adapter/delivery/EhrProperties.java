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

    /**
     * {@code adapter.ehr.auth.*}: {@code none}; {@code basic} (username, password); {@code bearer} (token);
     * {@code smart-backend}: SMART Backend Services (token-url, client-id, key-file with a PKCS#8 PEM RSA or EC
     * private key, key-id as registered with the EHR's JWKS, scope).
     */
    public record Auth(@DefaultValue("none") String type, String username, String password, String token,
                       String tokenUrl, String clientId, java.nio.file.Path keyFile, String keyId,
                       @DefaultValue("system/Encounter.cu system/Observation.cu system/MedicationAdministration.cu "
                               + "system/QuestionnaireResponse.cu system/Provenance.cu system/Patient.rs") String scope) {
    }
}
