package org.ketaminefhir.adapter.journal;

import java.time.Duration;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code adapter.journal.*}: how long a delivered record's body is kept ({@code payloadRetention}), how often
 * the purge route ({@code routes/purge-payloads.camel.yaml}, which reads {@code purgeInterval} itself) runs,
 * and the secret of the patient keys ({@link PatientKeys}). Bound here so a value that is no duration stops the
 * start naming its key.
 */
@ConfigurationProperties("adapter.journal")
record JournalProperties(
        @DefaultValue("30d") Duration payloadRetention,
        @DefaultValue("1h") Duration purgeInterval,
        String patientKeySecret) {

    /** The configured secret; empty (unset or blank) when the installation makes its own. */
    public Optional<String> configuredPatientKeySecret() {
        return Optional.ofNullable(patientKeySecret).filter(secret -> !secret.isBlank());
    }
}
