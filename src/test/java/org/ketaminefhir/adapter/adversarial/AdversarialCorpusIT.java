package org.ketaminefhir.adapter.adversarial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.ketaminefhir.adapter.testsupport.AdapterClient.Answer;
import org.ketaminefhir.adapter.testsupport.Mllp;
import org.ketaminefhir.adapter.testsupport.RunningAdapter;

/**
 * The adversarial corpus in src/test/resources/adversarial/: hostile or careless input on every channel,
 * each case with the answer it must get (the format is in that folder's README.md). One adapter, with no
 * EHR (bundles to an outbox), takes every case; each case is a test of its own, named by its file.
 */
class AdversarialCorpusIT {

    private static final Path CORPUS = Path.of("src/test/resources/adversarial");
    private static final Path WORK = Path.of("target", "adversarial-it", "run-" + System.nanoTime());
    private static final ObjectMapper JSON = new ObjectMapper();

    private static RunningAdapter adapter;
    private static int mllpPort;

    @BeforeAll
    static void start() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            mllpPort = free.getLocalPort();
        }
        adapter = new RunningAdapter(Map.of(
                "spring.datasource.url", "jdbc:h2:mem:adversarial-it;DB_CLOSE_DELAY=-1",
                "adapter.inbox.dir", WORK.resolve("inbox").toString(),
                "adapter.inbox.poll-interval", "200",
                "adapter.outbox.dir", WORK.resolve("outbox").toString(),
                "adapter.mllp.port", String.valueOf(mllpPort)));
    }

    @AfterAll
    static void stop() {
        adapter.close();
    }

    @TestFactory
    Stream<DynamicTest> restBodies() {
        return cases(CORPUS.resolve("rest"), ".json")
                .map(file -> DynamicTest.dynamicTest(name(file, ".json"), () -> {
                    CorpusCase.Rest rest = CorpusCase.Rest.read(JSON.readTree(file.toFile()));
                    Answer answer = rest.send(adapter.client());
                    rest.check(answer);
                }));
    }

    @TestFactory
    Stream<DynamicTest> droppedFiles() {
        return cases(CORPUS.resolve("files"), "")
                .filter(Files::isDirectory)
                .map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> dropAndCheck(dir)));
    }

    @TestFactory
    Stream<DynamicTest> mllpMessages() {
        return cases(CORPUS.resolve("mllp"), ".hl7")
                .map(file -> DynamicTest.dynamicTest(name(file, ".hl7"), () -> {
                    JsonNode expect = JSON.readTree(file.resolveSibling(name(file, ".hl7") + ".expect.json")
                            .toFile());
                    String message =
                            String.join(
                                            "\r",
                                            Files.readString(file)
                                                    .lines()
                                                    .filter(l -> !l.isEmpty())
                                                    .toList()) + "\r";
                    String ack = Mllp.send(mllpPort, message);
                    CorpusCase.checkAck(ack, expect);
                }));
    }

    private static void dropAndCheck(Path dir) throws IOException {
        JsonNode expect = JSON.readTree(dir.resolve("expect.json").toFile());
        Path input;
        try (Stream<Path> files = Files.list(dir)) {
            input = files.filter(f -> !f.getFileName().toString().equals("expect.json"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(dir + " holds no input file beside expect.json"));
        }
        Path folder = WORK.resolve("inbox").resolve(expect.path("folder").asText());
        Files.createDirectories(folder);
        // the case's name in front, so cases that use the same file name do not meet
        String dropped = dir.getFileName() + "-" + input.getFileName();
        Path staging = Files.copy(input, WORK.resolve(dropped), StandardCopyOption.REPLACE_EXISTING);
        Files.move(staging, folder.resolve(dropped), StandardCopyOption.ATOMIC_MOVE);

        Path movedTo = folder.resolve(expect.path("movesTo").asText());
        Path moved = await("the file in " + movedTo)
                .atMost(Duration.ofMinutes(2))
                .until(() -> find(movedTo, dropped, false), Optional::isPresent)
                .orElseThrow();
        assertThat(Files.exists(folder.resolve(dropped)))
                .as("the file left the inbox")
                .isFalse();
        Optional<Path> report = find(movedTo, dropped, true);
        CorpusCase.checkFileReport(
                expect, moved, report.map(CorpusCase::readJson).orElse(null));
    }

    /** The moved file (or its errors report): the intake may add a suffix so that no earlier one is overwritten. */
    private static Optional<Path> find(Path folder, String dropped, boolean report) throws IOException {
        if (!Files.isDirectory(folder)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().startsWith(dropped))
                    .filter(f -> f.getFileName().toString().endsWith(".errors.json") == report)
                    .findFirst();
        }
    }

    private static Stream<Path> cases(Path folder, String suffix) {
        if (!Files.isDirectory(folder)) {
            return Stream.empty();
        }
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> found = files.filter(f -> f.getFileName().toString().endsWith(suffix))
                    .filter(f -> !f.getFileName().toString().endsWith(".expect.json"))
                    .sorted()
                    .toList();
            return found.stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String name(Path file, String suffix) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - suffix.length());
    }
}
