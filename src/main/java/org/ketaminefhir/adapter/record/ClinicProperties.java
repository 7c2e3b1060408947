package org.ketaminefhir.adapter.record;

import java.time.ZoneId;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code adapter.clinic.*}: who the clinic is.
 *
 * @param identifierSystem the namespace of every business identifier the adapter writes (house rule 4);
 *                         set it once per clinic and never change it, or resends stop matching
 * @param name             the clinic's name, as Provenance's author
 * @param timeZone         read times sent without an offset in this zone (docs/interface.md, Records); unset = reject them
 */
@ConfigurationProperties("adapter.clinic")
public record ClinicProperties(
        @DefaultValue("urn:ketamine-fhir-adapter:clinic:default")
        String identifierSystem,

        @DefaultValue("Ketamine clinic") String name,
        ZoneId timeZone) {

    public Optional<ZoneId> zone() {
        return Optional.ofNullable(timeZone);
    }
}
