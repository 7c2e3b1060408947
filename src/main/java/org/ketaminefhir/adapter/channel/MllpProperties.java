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
 *                           (domain.md §5); IT staff add codes there.
 * @param vendorCodeMaps     further code maps by name, each laid over {@code codeMap}, for a listener of its own
 *                           (a second MLLP route passes the name: README, "a second monitor vendor")
 * @param allowedPeers       addresses or CIDR ranges allowed to connect; empty: any
 */
@ConfigurationProperties("adapter.mllp")
public record MllpProperties(
        @DefaultValue("2575") int port,
        @DefaultValue("MR") String mrnIdentifierType,
        Map<String, String> codeMap,
        Map<String, Map<String, String>> vendorCodeMaps,
        java.util.List<String> allowedPeers) {

    public MllpProperties {
        allowedPeers = allowedPeers == null ? java.util.List.of() : java.util.List.copyOf(allowedPeers);
        codeMap = codeMap == null ? Map.of() : Map.copyOf(codeMap);
        vendorCodeMaps = vendorCodeMaps == null ? Map.of() : Map.copyOf(vendorCodeMaps);
    }

    /** The default code map with the named vendor's codes laid over it. */
    public Map<String, String> codeMap(String vendor) {
        if (vendor == null || vendor.isEmpty()) {
            return codeMap;
        }
        Map<String, String> vendorCodes = vendorCodeMaps.get(vendor);
        if (vendorCodes == null) {
            throw new IllegalArgumentException("no code map adapter.mllp.vendor-code-maps." + vendor + " is configured");
        }
        Map<String, String> merged = new java.util.HashMap<>(codeMap);
        merged.putAll(vendorCodes);
        return Map.copyOf(merged);
    }
}
