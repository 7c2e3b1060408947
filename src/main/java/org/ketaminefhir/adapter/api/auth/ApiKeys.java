package org.ketaminefhir.adapter.api.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.ketaminefhir.adapter.config.InvalidConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API keys the adapter trusts, known only by their SHA-256. A key is 32 random bytes, so a plain
 * SHA-256 is enough: there is no low-entropy secret to brute-force, unlike a password.
 */
public final class ApiKeys {

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeys.class);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final String ACTION =
            "Fix the setting and start again. New keys: java -jar ketamine-fhir-adapter.jar new-api-key NAME ROLE";

    private final Map<String, Caller> byHash;

    private ApiKeys(Map<String, Caller> byHash) {
        this.byHash = Map.copyOf(byHash);
    }

    /** The caller a presented key belongs to, if any. */
    public Optional<Caller> find(String presentedKey) {
        return Optional.ofNullable(byHash.get(sha256(presentedKey)));
    }

    public int size() {
        return byHash.size();
    }

    /** A new random key: {@code kfa_} and 43 characters of base64url. */
    public static String generate() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return "kfa_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    public static String sha256(String key) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * The keys of configuration and key file; with none at all, the initial admin key (made at first start).
     *
     * @throws InvalidConfigurationException naming the key, or the file and line, that is wrong
     */
    public static ApiKeys load(ApiKeyProperties properties) {
        Map<String, Caller> keys = new HashMap<>();
        List<ApiKeyProperties.ConfiguredKey> configured = properties.apiKeys();
        for (int i = 0; i < configured.size(); i++) {
            ApiKeyProperties.ConfiguredKey key = configured.get(i);
            add(keys, "adapter.security.api-keys[" + i + "]", key.name(), key.role(), key.sha256());
        }
        if (properties.apiKeysFile() != null) {
            readKeyFile(properties.apiKeysFile(), keys);
        }
        if (keys.isEmpty()) {
            add(
                    keys,
                    properties.initialAdminKeyFile().toString(),
                    "initial-admin",
                    Role.ADMIN.wireName(),
                    sha256(initialAdminKey(properties.initialAdminKeyFile())));
        }
        return new ApiKeys(keys);
    }

    private static void readKeyFile(Path file, Map<String, Caller> keys) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidConfigurationException(
                    "adapter.security.api-keys-file: the key file " + file.toAbsolutePath() + " does not exist",
                    "Mount the key file there, or unset adapter.security.api-keys-file.");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidConfigurationException(
                    "adapter.security.api-keys-file: the key file " + file.toAbsolutePath() + " cannot be read ("
                            + e.getClass().getSimpleName() + ")",
                    "Let the adapter's user read it.");
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = file + ":" + (i + 1);
            String[] fields = line.split("\\s+");
            if (fields.length != 3) {
                throw new InvalidConfigurationException(
                        where + ": expected 'name role sha256' (three fields), found " + fields.length, ACTION);
            }
            add(keys, where, fields[0], fields[1], fields[2]);
        }
    }

    private static void add(Map<String, Caller> keys, String where, String name, String roleName, String hash) {
        if (name == null || name.isBlank()) {
            throw new InvalidConfigurationException(
                    where + ".name: every key needs a name (it is shown in the audit)", ACTION);
        }
        Role role = Role.fromWireName(roleName)
                .orElseThrow(() -> new InvalidConfigurationException(
                        where + ".role: '" + roleName + "' is not a role; expected one of " + Role.wireNames(),
                        ACTION));
        if (hash == null || !SHA256.matcher(hash).matches()) {
            throw new InvalidConfigurationException(
                    where + ".sha256: expected the 64 lower-case hex digits of the key's SHA-256", ACTION);
        }
        if (keys.putIfAbsent(hash, new Caller(name, role)) != null) {
            throw new InvalidConfigurationException(where + ".sha256: the same key is configured twice", ACTION);
        }
    }

    /** Read, or at first start write (owner-only), the key a fresh install is administered with. */
    private static String initialAdminKey(Path file) {
        try {
            if (Files.isRegularFile(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            String key = generate();
            Files.writeString(file, key + "\n", StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the folder's permissions apply
            }
            LOG.warn(
                    "No API keys are configured: an admin key was written to {}. Configure adapter.security.api-keys "
                            + "(docs/operations.md, Keys and roles) and delete that file.",
                    file.toAbsolutePath());
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the initial admin key to " + file, e);
        }
    }
}
