package org.ketaminefhir.adapter.channel;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code adapter.mllp.*}: the HL7 v2 listener for vital-sign monitors (contract §3.3).
 *
 * @param port               the MLLP port (contract default 2575)
 * @param mrnIdentifierType  the PID-3 identifier type (CX-5) that holds the MRN; the first repetition when none has it
 * @param codeMap            OBX-3 code (MDC or LOINC, or a vendor's) to the measurement it carries: systolic,
 *                           diastolic, heartRate, spo2, respiratoryRate, temperatureC, or ignore for codes known
 *                           but not sent (mean pressure, device rows). application.yaml holds the defaults
 *                           (domain.md §5); IT staff add a vendor's codes there.
 */
@ConfigurationProperties("adapter.mllp")
public record MllpProperties(
        @DefaultValue("2575") int port,
        @DefaultValue("MR") String mrnIdentifierType,
        Map<String, String> codeMap) {

    public MllpProperties {
        codeMap = codeMap == null ? Map.of() : Map.copyOf(codeMap);
    }
}
