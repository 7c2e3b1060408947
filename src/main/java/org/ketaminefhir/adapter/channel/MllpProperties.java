package org.ketaminefhir.adapter.channel;

import java.nio.charset.Charset;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ketaminefhir.adapter.config.InvalidConfigurationException;
import org.ketaminefhir.adapter.record.Hl7PatientIdentifier;
import org.ketaminefhir.adapter.record.Hl7VitalsReader;
import org.ketaminefhir.adapter.vitalsign.VitalSignCatalog;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code adapter.mllp.*}: the HL7 v2 listener for vital-sign monitors (docs/interface.md, HL7 v2 from monitors).
 *
 * @param port               the MLLP port (default 2575)
 * @param mrnIdentifierTypes the PID-3 identifier types (CX-5) that may hold the MRN, in order of preference; an
 *                           untyped identifier only when it is PID-3's only one; never SS, DL, PPN or an insurance
 *                           number ({@link Hl7PatientIdentifier#NEVER_MRN}, HL7 table 0203)
 * @param assigningAuthoritySystems PID-3's assigning authority (CX-4: its namespace or universal id) to the EHR
 *                           identifier system of that facility's MRNs; an authority not listed (or none) gives
 *                           {@code adapter.patients.mrn-system}
 * @param maxReadingSkew     a reading time further than this from MSH-7 is named in the ACK (still taken)
 * @param codeMap            OBX-3 code (a vendor's, or one of the catalog's to override) to the measurement field it
 *                           carries (as vital-signs/*.json names them), or ignore for codes known but not sent. Laid
 *                           over the vital-sign catalog's MDC and LOINC codes, which are the defaults; empty unless
 *                           IT staff add codes.
 * @param vendorCodeMaps     further code maps by name, each laid over {@code codeMap}, for a listener of its own
 *                           (a second MLLP route passes the name: docs/extending.md, "A monitor vendor's codes")
 * @param allowedPeers       addresses or CIDR ranges allowed to connect; empty: any
 * @param maxFrameBytes      the largest message taken, in bytes between the MLLP start and end blocks; a longer one
 *                           is answered AE and its connection closed, so no sender makes the listener hold more
 * @param idleTimeout        a connection that completes no message for this long is closed (monitors reconnect)
 * @param frameTimeout       a message begun must end within this long, or its connection is closed (a sender that
 *                           trickles bytes, or stops mid-message, holds a connection no longer than this)
 * @param charset            the character set of a message without MSH-18; a message whose bytes are not valid in
 *                           its set (MSH-18's, else this) is answered AE, never read with characters replaced
 */
@ConfigurationProperties("adapter.mllp")
public record MllpProperties(
        @DefaultValue("2575") int port,
        @DefaultValue({"MR", "PI", "PT", "MRN"}) List<String> mrnIdentifierTypes,
        Map<String, String> assigningAuthoritySystems,
        @DefaultValue("1d") Duration maxReadingSkew,
        Map<String, String> codeMap,
        Map<String, Map<String, String>> vendorCodeMaps,
        List<String> allowedPeers,
        @DefaultValue("1048576") int maxFrameBytes,
        @DefaultValue("5m") Duration idleTimeout,
        @DefaultValue("30s") Duration frameTimeout,
        @DefaultValue("UTF-8") Charset charset) {

    public MllpProperties {
        allowedPeers = allowedPeers == null ? List.of() : List.copyOf(allowedPeers);
        mrnIdentifierTypes = mrnIdentifierTypes == null
                ? List.of()
                : mrnIdentifierTypes.stream().map(String::strip).toList();
        assigningAuthoritySystems =
                assigningAuthoritySystems == null ? Map.of() : Map.copyOf(assigningAuthoritySystems);
        List<String> refused = mrnIdentifierTypes.stream()
                .filter(t -> Hl7PatientIdentifier.NEVER_MRN.contains(t.toUpperCase()))
                .toList();
        if (!refused.isEmpty()) {
            throw new InvalidConfigurationException(
                    "adapter.mllp.mrn-identifier-types: " + String.join(", ", refused)
                            + " identifies a person outside the clinic's records (HL7 table 0203) and is never an MRN",
                    "Remove it from adapter.mllp.mrn-identifier-types (default MR, PI, PT, MRN) and start again.");
        }
        if (maxReadingSkew.isNegative() || maxReadingSkew.isZero()) {
            throw new InvalidConfigurationException(
                    "adapter.mllp.max-reading-skew must be a positive duration, e.g. 1d",
                    "Fix adapter.mllp.max-reading-skew and start again.");
        }
        codeMap = codeMap == null ? Map.of() : Map.copyOf(codeMap);
        vendorCodeMaps = vendorCodeMaps == null ? Map.of() : Map.copyOf(vendorCodeMaps);
        // a misspelt measurement would make every OBX with that code "unknown", message after message
        checkMeasurements("adapter.mllp.code-map", codeMap);
        vendorCodeMaps.forEach((vendor, codes) -> checkMeasurements("adapter.mllp.vendor-code-maps." + vendor, codes));
        if (maxFrameBytes < 1024) {
            throw new InvalidConfigurationException(
                    "adapter.mllp.max-frame-bytes: " + maxFrameBytes + " is too small; expected at "
                            + "least 1024 (a monitor's message is a few kilobytes)",
                    "Fix adapter.mllp.max-frame-bytes and start again.");
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero() || frameTimeout.isNegative() || frameTimeout.isZero()) {
            throw new InvalidConfigurationException(
                    "adapter.mllp.idle-timeout and frame-timeout must be positive durations, " + "e.g. 5m and 30s",
                    "Fix adapter.mllp.idle-timeout or adapter.mllp.frame-timeout and start again.");
        }
    }

    /** The reader of this listener's messages; times without offset are read in the clinic's zone, if any. */
    public Hl7VitalsReader reader(Optional<ZoneId> clinicZone) {
        return new Hl7VitalsReader(
                new Hl7PatientIdentifier(mrnIdentifierTypes, assigningAuthoritySystems), clinicZone, maxReadingSkew);
    }

    /** The default code map with the named vendor's codes laid over it. */
    public Map<String, String> codeMap(String vendor) {
        if (vendor == null || vendor.isEmpty()) {
            return codeMap;
        }
        Map<String, String> vendorCodes = vendorCodeMaps.get(vendor);
        if (vendorCodes == null) {
            throw new IllegalArgumentException(
                    "no code map adapter.mllp.vendor-code-maps." + vendor + " is configured");
        }
        Map<String, String> merged = new java.util.HashMap<>(codeMap);
        merged.putAll(vendorCodes);
        return Map.copyOf(merged);
    }

    private static void checkMeasurements(String key, Map<String, String> codes) {
        VitalSignCatalog catalog = VitalSignCatalog.standard();
        List<String> unknown = codes.entrySet().stream()
                .filter(code -> !code.getValue().equals(VitalSignCatalog.IGNORE)
                        && catalog.measurement(code.getValue()).isEmpty())
                .map(code -> code.getKey() + ": " + code.getValue())
                .sorted()
                .toList();
        if (!unknown.isEmpty()) {
            throw new InvalidConfigurationException(
                    key + " maps codes to no measurement the adapter knows (" + String.join(", ", unknown) + ")",
                    "Map each code to one of "
                            + catalog.measurements().stream()
                                    .map(m -> m.field())
                                    .sorted()
                                    .toList() + " or to " + VitalSignCatalog.IGNORE + ", and start again.");
        }
    }
}
