package org.ketaminefhir.adapter.record;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code adapter.patients.*} (contract §5): the identifier system of {@code patient.mrn} in Patient
 * references, and whether a patient the EHR does not have is created from the record's demographics
 * ({@code MissingPatients}).
 */
@ConfigurationProperties("adapter.patients")
public record PatientProperties(
        @DefaultValue("urn:ketamine-fhir-adapter:mrn") String mrnSystem,
        @DefaultValue("false") boolean createMissing) {
}
