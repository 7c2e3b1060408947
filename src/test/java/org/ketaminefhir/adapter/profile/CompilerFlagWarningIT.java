package org.ketaminefhir.adapter.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ketaminefhir.adapter.testsupport.AdapterClient;
import org.ketaminefhir.adapter.testsupport.TestKeys;

/**
 * An operator who starts the packaged adapter without {@code -XX:-DontCompileHugeMethods} (docs/operations.md, Running
 * the packaged jar) is told in the log that validation runs slower; with the flag, as the tests run, nothing.
 */
class CompilerFlagWarningIT {

    private static final String WARNING = "the JVM runs without -XX:-DontCompileHugeMethods";

    @Test
    void withTheFlagTheHugeMethodsAreCompiled() {
        assertThat(ValidatorWarmUp.hugeMethodsStayInterpreted())
                .as("failsafe runs the tests with the adapter's flags")
                .isFalse();
    }

    @Test
    void startedWithoutTheFlagTheAdapterSaysSoOnce(@TempDir Path dir) throws Exception {
        int port = freePort();
        Path log = dir.resolve("adapter.log");
        Process adapter = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx512m",
                        "-jar",
                        Path.of("target", "ketamine-fhir-adapter.jar")
                                .toAbsolutePath()
                                .toString(),
                        "--server.port=" + port,
                        "--adapter.mllp.port=" + freePort(),
                        "--adapter.security.api-keys-file="
                                + TestKeys.writeKeyFile(dir).toAbsolutePath(),
                        "--camel.main.routes-include-pattern=file:"
                                + Path.of("routes").toAbsolutePath() + "/*.camel.yaml"))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            AdapterClient client = new AdapterClient(port);
            // UP comes after the validator's warm-up, which is where the flag is checked
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions()
                    .until(() -> client.anonymous()
                            .get("/actuator/health")
                            .body()
                            .path("status")
                            .asText()
                            .equals("UP"));
        } finally {
            adapter.destroy();
            adapter.waitFor();
        }
        assertThat(Files.readAllLines(log).stream().filter(line -> line.contains(WARNING)))
                .as("the warning in the adapter's log")
                .hasSize(1)
                .allMatch(line -> line.contains("WARN"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
