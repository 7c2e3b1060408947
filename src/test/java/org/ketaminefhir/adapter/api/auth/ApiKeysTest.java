package org.ketaminefhir.adapter.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ketaminefhir.adapter.config.InvalidConfigurationException;

/** API keys from configuration, a key file, or (with none) the initial admin key a fresh install writes. */
class ApiKeysTest {

    @TempDir
    Path dir;

    private static ApiKeyProperties.ConfiguredKey key(String name, String role, String key) {
        return new ApiKeyProperties.ConfiguredKey(name, role, ApiKeys.sha256(key));
    }

    @Test
    void aConfiguredKeyIsKnownByItsHashAndAnyOtherIsNot() {
        ApiKeys keys = ApiKeys.load(new ApiKeyProperties(
                List.of(key("ehr-interface", "submitter", "secret-1"), key("it-desk", "operator", "secret-2")),
                null,
                dir.resolve("initial.key")));

        assertThat(keys.find("secret-1")).contains(new Caller("ehr-interface", Role.SUBMITTER));
        assertThat(keys.find("secret-2")).contains(new Caller("it-desk", Role.OPERATOR));
        assertThat(keys.find("secret-3")).isEmpty();
        assertThat(dir.resolve("initial.key"))
                .as("keys are configured: no initial key")
                .doesNotExist();
    }

    @Test
    void aKeyFileAddsKeysAndNamesTheLineThatIsWrong() throws IOException {
        Path file = Files.writeString(
                dir.resolve("keys"), "# name role sha256\n\nops operator " + ApiKeys.sha256("k1") + "\n");
        ApiKeys keys = ApiKeys.load(new ApiKeyProperties(List.of(), file, dir.resolve("initial.key")));
        assertThat(keys.find("k1")).contains(new Caller("ops", Role.OPERATOR));

        Files.writeString(
                file, "ops operator " + ApiKeys.sha256("k1") + "\nboss superuser " + ApiKeys.sha256("k2") + "\n");
        assertThatThrownBy(() -> ApiKeys.load(new ApiKeyProperties(List.of(), file, dir.resolve("initial.key"))))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage(file + ":2.role: 'superuser' is not a role; expected one of submitter, operator, admin");

        Files.writeString(file, "ops operator\n");
        assertThatThrownBy(() -> ApiKeys.load(new ApiKeyProperties(List.of(), file, dir.resolve("initial.key"))))
                .hasMessage(file + ":1: expected 'name role sha256' (three fields), found 2");
    }

    @Test
    void aMissingKeyFileStopsStartWithItsName() {
        Path missing = dir.resolve("no-such-file");
        assertThatThrownBy(() -> ApiKeys.load(new ApiKeyProperties(List.of(), missing, dir.resolve("initial.key"))))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage(
                        "adapter.security.api-keys-file: the key file " + missing.toAbsolutePath() + " does not exist");
    }

    @Test
    void aConfiguredKeyMustBeAHashNotTheKeyItself() {
        assertThatThrownBy(() -> ApiKeys.load(new ApiKeyProperties(
                        List.of(new ApiKeyProperties.ConfiguredKey("ops", "operator", "my-plain-key")),
                        null,
                        dir.resolve("initial.key"))))
                .hasMessage(
                        "adapter.security.api-keys[0].sha256: expected the 64 lower-case hex digits of the key's SHA-256");
    }

    @Test
    void withNoKeysAFreshInstallWritesOneAdminKeyOnlyItsOwnerCanReadAndKeepsIt() throws IOException {
        Path initial = dir.resolve("data").resolve("initial-admin.key");
        ApiKeys first = ApiKeys.load(new ApiKeyProperties(List.of(), null, initial));

        String key = Files.readString(initial).strip();
        assertThat(key).startsWith("kfa_").hasSize(4 + 43);
        assertThat(Files.getPosixFilePermissions(initial)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(first.find(key)).contains(new Caller("initial-admin", Role.ADMIN));
        assertThat(first.size()).isEqualTo(1);

        ApiKeys afterRestart = ApiKeys.load(new ApiKeyProperties(List.of(), null, initial));
        assertThat(afterRestart.find(key)).as("the same key after a restart").isPresent();
    }

    @Test
    void anAdminKeyHoldsEveryRoleAndTheOthersOnlyTheirOwn() {
        assertThat(Role.ADMIN.authorities())
                .extracting(Object::toString)
                .containsExactlyInAnyOrder("ROLE_SUBMITTER", "ROLE_OPERATOR", "ROLE_ADMIN");
        assertThat(Role.OPERATOR.authorities()).extracting(Object::toString).containsExactly("ROLE_OPERATOR");
        assertThat(Role.SUBMITTER.authorities()).extracting(Object::toString).containsExactly("ROLE_SUBMITTER");
    }
}
