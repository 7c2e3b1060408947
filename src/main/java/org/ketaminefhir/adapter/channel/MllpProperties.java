package org.ketaminefhir.adapter.channel;

import java.time.Duration;
import java.util.Map;
import org.ketaminefhir.adapter.config.InvalidConfigurationException;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code adapter.mllp.*}: the HL7 v2 listener for vital-sign monitors (contract §3.3).
 *
 * @param port               the MLLP port (contract default 2575)
 * @param mrnIdentifierType  the PID-3 identifier type (CX-5) that holds the MRN; the first repetition when none has it
 * @param codeMap            OBX-3 code (a vendor's, or one of the catalog's to override) to the measurement field it
 *                           carries (as vital-signs/*.json names them), or ignore for codes known but not sent. Laid
 *                           over the vital-sign catalog's MDC and LOINC codes, which are the defaults; empty unless
 *                           IT staff add codes.
 * @param vendorCodeMaps     further code maps by name, each laid over {@code codeMap}, for a listener of its own
 *                           (a second MLLP route passes the name: README, "a second monitor vendor")
 * @param allowedPeers       addresses or CIDR ranges allowed to connect; empty: any
 * @param maxFrameBytes      the largest message taken, in bytes between the MLLP start and end blocks; a longer one
 *                           is answered AE and its connection closed, so no sender makes the listener hold more
 * @param idleTimeout        a connection that completes no message for this long is closed (monitors reconnect)
 * @param frameTimeout       a message begun must end within this long, or its connection is closed (a sender that
 *                           trickles bytes, or stops mid-message, holds a connection no longer than this)
 */
@ConfigurationProperties("adapter.mllp")
public record MllpProperties(
        @DefaultValue("2575") int port,
        @DefaultValue("MR") String mrnIdentifierType,
        Map<String, String> codeMap,
        Map<String, Map<String, String>> vendorCodeMaps,
        java.util.List<String> allowedPeers,
        @DefaultValue("1048576") int maxFrameBytes,
        @DefaultValue("5m") Duration idleTimeout,
        @DefaultValue("30s") Duration frameTimeout) {

    public MllpProperties {
        allowedPeers = allowedPeers == null ? java.util.List.of() : java.util.List.copyOf(allowedPeers);
        codeMap = codeMap == null ? Map.of() : Map.copyOf(codeMap);
        vendorCodeMaps = vendorCodeMaps == null ? Map.of() : Map.copyOf(vendorCodeMaps);
        if (maxFrameBytes < 1024) {
            throw new InvalidConfigurationException("adapter.mllp.max-frame-bytes: " + maxFrameBytes + " is too small; expected at "
                    + "least 1024 (a monitor's message is a few kilobytes)", "Fix adapter.mllp.max-frame-bytes and start again.");
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero() || frameTimeout.isNegative() || frameTimeout.isZero()) {
            throw new InvalidConfigurationException("adapter.mllp.idle-timeout and frame-timeout must be positive durations, "
                    + "e.g. 5m and 30s", "Fix adapter.mllp.idle-timeout or adapter.mllp.frame-timeout and start again.");
        }
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
