package org.ketaminefhir.adapter.mapping;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code adapter.rems.*}: what the SPRAVATO REMS Patient Monitoring Form asks that a session record
 * does not carry: the healthcare setting and how to reach its monitoring staff (docs/fhir.md, Codes and their sources).
 * Left empty, the form names them as missing. {@code enabled: false} for inpatient settings, which do
 * not submit the form.
 */
@ConfigurationProperties("adapter.rems")
public record RemsSetting(
        @DefaultValue("true") boolean enabled,
        String settingName,
        String address1,
        String address2,
        String city,
        String state,
        String zip,
        String monitoringTelephone,
        String monitoringEmail) {

    public static RemsSetting unconfigured() {
        return new RemsSetting(true, null, null, null, null, null, null, null, null);
    }
}
