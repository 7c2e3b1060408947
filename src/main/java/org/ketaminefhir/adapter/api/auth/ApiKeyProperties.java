package org.ketaminefhir.adapter.api.auth;

import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code adapter.security.*}: the API keys callers present as {@code Authorization: Bearer <key>}. Only
 * each key's SHA-256 is configured, never the key ({@code java -jar ketamine-fhir-adapter.jar new-api-key}
 * makes one).
 *
 * @param apiKeys            keys in configuration: name (shown in the audit), role, sha256
 * @param apiKeysFile        a file of further keys, one {@code name role sha256} per line (for a secret
 *                           store mounted as a file); the adapter does not start when it is named but missing
 * @param initialAdminKeyFile with no key configured at all, the adapter writes one admin key here at first
 *                           start (and trusts only it), so a fresh install is never open
 */
@ConfigurationProperties("adapter.security")
record ApiKeyProperties(
        List<ConfiguredKey> apiKeys,
        Path apiKeysFile,
        @DefaultValue("data/initial-admin.key") Path initialAdminKeyFile) {

    public ApiKeyProperties {
        apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
    }

    public record ConfiguredKey(String name, String role, String sha256) {}
}
