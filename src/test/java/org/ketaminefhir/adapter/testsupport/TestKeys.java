package org.ketaminefhir.adapter.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.ketaminefhir.adapter.api.auth.ApiKeys;
import org.ketaminefhir.adapter.api.auth.Role;

/** The API keys the test configuration (src/test/resources/config/application.yaml) trusts, by role. */
public final class TestKeys {

    private TestKeys() {}

    public static String of(Role role) {
        return "test-" + role.wireName() + "-key";
    }

    /** The same keys as an {@code adapter.security.api-keys-file}, for an adapter started as a jar. */
    public static Path writeKeyFile(Path directory) {
        String lines = Arrays.stream(Role.values())
                .map(role -> "test-" + role.wireName() + " " + role.wireName() + " " + ApiKeys.sha256(of(role)))
                .collect(Collectors.joining("\n", "# name role sha256\n", "\n"));
        try {
            Files.createDirectories(directory);
            return Files.writeString(directory.resolve("api-keys"), lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
