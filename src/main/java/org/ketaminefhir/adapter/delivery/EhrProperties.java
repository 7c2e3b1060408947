package org.ketaminefhir.adapter.delivery;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.ketaminefhir.adapter.config.InvalidConfigurationException;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code adapter.ehr.*} (docs/interface.md, Configuration): the EHR's FHIR R4 base URL (none: bundles go to the outbox),
 * the write plan (or its older alias, the dialect) and the authentication to use. Where the EHR owns encounters,
 * a record for which it holds no visit yet is tried again every {@code encounterRetry} until {@code encounterWait}
 * after its receipt (a registration may come late, or the visit be opened after the clinic's system sent the session).
 *
 * @param plan    a write plan's name ({@code ehr-plans/<name>.json}) or {@code auto}; unset: {@code auto}, or
 *                what {@code dialect} names
 * @param dialect the older key: {@code transaction} is the plan {@code full}, {@code batch} the plan
 *                {@code batch}, {@code auto} is {@code auto}
 */
@ConfigurationProperties("adapter.ehr")
record EhrProperties(
        String baseUrl,
        String plan,
        String dialect,
        @DefaultValue Auth auth,
        @DefaultValue("10s") Duration connectTimeout,
        @DefaultValue("60s") Duration readTimeout,
        @DefaultValue("5m") Duration encounterRetry,
        @DefaultValue("24h") Duration encounterWait) {

    public static final String AUTO = "auto";
    private static final Map<String, String> DIALECTS = Map.of("transaction", "full", "batch", "batch", AUTO, AUTO);
    private static final List<String> AUTH_TYPES = List.of("none", "basic", "bearer", "smart-backend");

    public EhrProperties {
        // an empty key in application.yaml binds as "": unset, as when left out
        plan = plan == null || plan.isBlank() ? null : plan.strip();
        dialect = dialect == null || dialect.isBlank() ? null : dialect.strip();
    }

    /** How long a record waits for its visit on the EHR, and how often it looks again. */
    public EncounterWaiting encounterWaiting() {
        return new EncounterWaiting(encounterRetry, encounterWait);
    }

    public record EncounterWaiting(Duration retry, Duration window) {
        public static final EncounterWaiting DEFAULT =
                new EncounterWaiting(Duration.ofMinutes(5), Duration.ofHours(24));
    }

    public boolean configured() {
        return baseUrl != null && !baseUrl.isBlank();
    }

    /**
     * Checked at start, so a typo stops the adapter with the key's name rather than failing every
     * delivery later.
     *
     * @throws InvalidConfigurationException naming the first key that is wrong
     */
    public void check() {
        requireHttpUrl("adapter.ehr.base-url", baseUrl);
        if (dialect != null && !DIALECTS.containsKey(dialect)) {
            throw invalid(
                    "adapter.ehr.dialect: '" + dialect + "' is not a dialect; expected transaction, batch or auto");
        }
        if (plan != null && dialect != null && !plan.equals(DIALECTS.get(dialect))) {
            throw invalid("adapter.ehr.plan (" + plan + ") and adapter.ehr.dialect (" + dialect + ") name different "
                    + "plans; adapter.ehr.dialect is the older name of adapter.ehr.plan (transaction = full, batch = batch): "
                    + "set adapter.ehr.plan only");
        }
        if (!AUTH_TYPES.contains(auth.type())) {
            throw invalid("adapter.ehr.auth.type: '" + auth.type()
                    + "' is not known; expected none, basic, bearer or smart-backend");
        }
        if (encounterRetry.isNegative() || encounterRetry.isZero()) {
            // zero would look for a missing visit again at every poll, a search per record per 200 ms
            throw invalid("adapter.ehr.encounter-retry: " + encounterRetry
                    + " is not a wait; expected a positive duration such as 5m");
        }
        if (encounterWait.isNegative()) {
            throw invalid("adapter.ehr.encounter-wait: " + encounterWait
                    + " is negative; expected a duration such as 24h (0: no waiting)");
        }
        switch (auth.type()) {
            case "basic" -> {
                require("adapter.ehr.auth.username", auth.username());
                require("adapter.ehr.auth.password", auth.password());
            }
            case "bearer" -> require("adapter.ehr.auth.token", auth.token());
            case "smart-backend" -> {
                require("adapter.ehr.auth.token-url", auth.tokenUrl());
                requireHttpUrl("adapter.ehr.auth.token-url", auth.tokenUrl());
                require("adapter.ehr.auth.client-id", auth.clientId());
                require("adapter.ehr.auth.key-id", auth.keyId());
                if (auth.keyFile() == null) {
                    throw invalid("adapter.ehr.auth.key-file: smart-backend needs the PKCS#8 PEM private key file");
                }
                if (!Files.isReadable(auth.keyFile())) {
                    throw invalid("adapter.ehr.auth.key-file: the key file "
                            + auth.keyFile().toAbsolutePath() + " does not exist or cannot be read");
                }
            }
            default -> {}
        }
    }

    /** The plan asked for: {@code plan}, else the one {@code dialect} names, else {@code auto}. */
    public String planName() {
        if (plan != null) {
            return plan;
        }
        return dialect != null ? DIALECTS.get(dialect) : AUTO;
    }

    /**
     * @throws InvalidConfigurationException when the plan asked for is neither {@code auto} nor one of {@code known}
     */
    public void checkPlan(java.util.Collection<String> known) {
        if (!planName().equals(AUTO) && !known.contains(planName())) {
            throw invalid("adapter.ehr.plan: '" + planName() + "' is not a write plan; expected auto or one of "
                    + String.join(", ", known));
        }
    }

    private static void requireHttpUrl(String key, String value) {
        String expected = "; expected an absolute http(s) URL such as https://ehr.example.org/fhir/R4";
        try {
            URI uri = new URI(value.strip());
            if (uri.getScheme() == null
                    || !List.of("http", "https").contains(uri.getScheme().toLowerCase())
                    || uri.getHost() == null) {
                throw invalid(key + ": '" + value + "' is not an http(s) URL with a host" + expected);
            }
        } catch (URISyntaxException e) {
            throw invalid(key + ": '" + value + "' is not a URL (" + e.getReason() + " at index " + e.getIndex() + ")"
                    + expected);
        }
    }

    private void require(String key, String value) {
        if (value == null || value.isBlank()) {
            throw invalid(key + ": must be set when adapter.ehr.auth.type is " + auth.type());
        }
    }

    private static InvalidConfigurationException invalid(String message) {
        return new InvalidConfigurationException(
                message,
                "Fix the setting (application.yaml, a --key=value argument or "
                        + "its ADAPTER_EHR_... environment variable) and start again.");
    }

    /**
     * {@code adapter.ehr.auth.*}: {@code none}; {@code basic} (username, password); {@code bearer} (token);
     * {@code smart-backend}: SMART Backend Services (token-url, client-id, key-file with a PKCS#8 PEM RSA or EC
     * private key, key-id as registered with the EHR's JWKS, scope).
     */
    public record Auth(
            @DefaultValue("none") String type,
            String username,
            String password,
            String token,
            String tokenUrl,
            String clientId,
            java.nio.file.Path keyFile,
            String keyId,

            @DefaultValue("system/Encounter.cu system/Observation.cu system/MedicationAdministration.cu "
                    + "system/QuestionnaireResponse.cu system/Provenance.cu system/Patient.rs")
            String scope) {}
}
