package org.ketaminefhir.adapter.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ketaminefhir.adapter.testsupport.AdapterClient;
import org.ketaminefhir.adapter.testsupport.Examples;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Contract §3.2: files dropped in the inbox, taken by the routes in routes/inbox-*.camel.yaml. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class FileDropIT {

    /** How long a state may take to come on a busy machine: a bound for a stuck test, not a measure. */
    private static final Duration STATE = Duration.ofMinutes(3);

    static final Path INBOX = Path.of("target", "file-drop-it", "inbox-" + System.nanoTime());

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:file-drop-it;DB_CLOSE_DELAY=-1");
        registry.add("adapter.inbox.dir", INBOX::toString);
        registry.add("adapter.inbox.poll-interval", () -> "200");
        registry.add("adapter.outbox.dir", () -> INBOX.resolveSibling("outbox").toString());
        // the shipped routes, plus a second drop folder added the way docs/extending.md's recipe says
        registry.add(
                "camel.main.routes-include-pattern",
                () -> "file:routes/*.camel.yaml,file:src/test/resources/routes/inbox-vitals-ward-b.camel.yaml");
    }

    @LocalServerPort
    int port;

    private final ObjectMapper json = new ObjectMapper();
    private AdapterClient adapter;

    @BeforeEach
    void client() {
        adapter = new AdapterClient(port);
    }

    @Test
    void aCsvWithBadRowsKeepsTheGoodOnesAndNamesEachBadLineAndColumn() throws IOException {
        String csv = """
                source_id,mrn,session_source_id,time,systolic,diastolic,heart_rate,spo2,respiratory_rate,temperature_c
                VC-1,100234,S-2026-000123,2026-11-20T09:15:00-08:00,151,94,88,97,16,

                VC-2,100234,,2026-11-20T09:20:00-08:00,,,84,140,,
                VC-3,100234,,"2026-11-20T09:25:00-08:00",148,92,,,,
                VC-4,100234,,20/11/2026 09:30,,,80,,,
                """;

        drop("vitals", "monitor-export.csv", csv.getBytes(StandardCharsets.UTF_8));

        Path errors = INBOX.resolve("vitals/error/monitor-export.csv.errors.json");
        await().atMost(STATE).until(() -> Files.exists(INBOX.resolve("vitals/error/monitor-export.csv")));
        JsonNode report = json.readTree(errors.toFile());
        assertThat(report.get("accepted").asInt()).isEqualTo(2);
        assertThat(report.get("errors")).hasSize(2);
        assertThat(report.at("/errors/0/line").asInt()).isEqualTo(4);
        assertThat(report.at("/errors/0/column").asText()).isEqualTo("spo2");
        assertThat(report.at("/errors/0/message").asText()).contains("140", "expected 1 to 100");
        assertThat(report.at("/errors/1/line").asInt()).isEqualTo(6);
        assertThat(report.at("/errors/1/column").asText()).isEqualTo("time");
        assertThat(report.at("/errors/1/message").asText()).contains("is not an ISO-8601 time");
        assertThat(adapter.get("/api/v1/records/vitals/VC-1").status()).isEqualTo(200);
        assertThat(adapter.get("/api/v1/records/vitals/VC-1")
                        .body()
                        .at("/submissions/0/submittedBy")
                        .asText())
                .as("the audit names the drop folder, not the file")
                .isEqualTo("file-drop:vitals");
        assertThat(adapter.get("/api/v1/records/vitals/VC-3").status()).isEqualTo(200);
        assertThat(adapter.get("/api/v1/records/vitals/VC-2").status()).isEqualTo(404);
    }

    @Test
    void aJsonArrayOfSessionsGoesToDoneAndDroppingItAgainChangesNothing() throws IOException {
        byte[] sessions = ("["
                        + new String(Examples.bytes("session-ketamine-iv.json"), StandardCharsets.UTF_8)
                                .replace("S-2026-000123", "S-FILE-1")
                        + "]")
                .getBytes(StandardCharsets.UTF_8);

        drop("sessions", "sessions.json", sessions);
        await().atMost(STATE).until(() -> Files.exists(INBOX.resolve("sessions/done/sessions.json")));
        JsonNode first = adapter.get("/api/v1/records/session/S-FILE-1").body();

        drop("sessions", "sessions.json", sessions);
        await().atMost(STATE).until(() -> !Files.exists(INBOX.resolve("sessions/sessions.json")));
        JsonNode second = adapter.get("/api/v1/records/session/S-FILE-1").body();

        assertThat(second.get("receiptId")).isEqualTo(first.get("receiptId"));
        assertThat(second.get("revision").asInt()).isEqualTo(1);
        assertThat(Files.exists(INBOX.resolve("sessions/error/sessions.json"))).isFalse();
        try (var done = Files.list(INBOX.resolve("sessions/done"))) {
            assertThat(done.map(path -> path.getFileName().toString()).filter(name -> name.startsWith("sessions")))
                    .as("the second drop is kept beside the first")
                    .hasSize(2);
        }
    }

    @Test
    void ndjsonQuestionnairesAreTakenLineByLine() throws IOException {
        String one = Examples.json("questionnaire-phq9.json")
                .put("sourceId", "Q-ND-1")
                .toString();
        String two = Examples.json("questionnaire-phq9.json")
                .put("sourceId", "Q-ND-2")
                .put("total", 20)
                .toString();

        drop("questionnaires", "scales.ndjson", (one + "\n" + two + "\n").getBytes(StandardCharsets.UTF_8));

        await().atMost(STATE).until(() -> Files.exists(INBOX.resolve("questionnaires/error/scales.ndjson")));
        JsonNode report = json.readTree(
                INBOX.resolve("questionnaires/error/scales.ndjson.errors.json").toFile());
        assertThat(report.at("/errors/0/line").asInt()).isEqualTo(2);
        assertThat(report.at("/errors/0/sourceId").asText()).isEqualTo("Q-ND-2");
        assertThat(report.at("/errors/0/field").asText()).isEqualTo("/total");
        assertThat(report.at("/errors/0/message").asText()).contains("20", "13");
        assertThat(adapter.get("/api/v1/records/questionnaire/Q-ND-1").status()).isEqualTo(200);
    }

    @Test
    void aCsvWithAMissingHeaderColumnIsRefusedWhole() throws IOException {
        drop(
                "vitals",
                "no-mrn.csv",
                "source_id,time,heart_rate\nVH-1,2026-11-20T09:15:00-08:00,80\n".getBytes(StandardCharsets.UTF_8));

        await().atMost(STATE).until(() -> Files.exists(INBOX.resolve("vitals/error/no-mrn.csv")));
        JsonNode report = json.readTree(
                INBOX.resolve("vitals/error/no-mrn.csv.errors.json").toFile());
        assertThat(report.at("/errors/0/line").asInt()).isEqualTo(1);
        assertThat(report.at("/errors/0/message").asText()).contains("the header lacks mrn");
        assertThat(adapter.get("/api/v1/records/vitals/VH-1").status()).isEqualTo(404);
    }

    @Test
    void aFileThatIsNotUtf8IsRefusedSayingSo() throws IOException {
        byte[] latin1 =
                "source_id,mrn,time,heart_rate\nVL-1,100234,2026-11-20T09:15:00-08:00,80 (r\u00e9p\u00e9t\u00e9)\n"
                        .getBytes(StandardCharsets.ISO_8859_1);

        drop("vitals", "latin1.csv", latin1);

        await().atMost(STATE).until(() -> Files.exists(INBOX.resolve("vitals/error/latin1.csv")));
        JsonNode report = json.readTree(
                INBOX.resolve("vitals/error/latin1.csv.errors.json").toFile());
        assertThat(report.at("/errors/0/message").asText()).contains("UTF-8");
    }

    @Test
    void aSessionsCsvWithReorderedColumnsAndAQuotedCommaIsReadByItsHeader() throws IOException {
        String csv = """
                mrn,source_id,status,drug,route,dose_mg,lot_number,administration_start,administration_end,prescriber_npi
                200999,S-CSV-1,completed,ketamine,IV,35,"K24,11A",2026-11-20T09:05:00-08:00,2026-11-20T09:45:00-08:00,1467582934
                200999,S-CSV-2,completed,ketamine,IV,35,K2411A,2026-11-20T09:05:00-08:00,2026-11-20T08:45:00-08:00,1467582934
                """;

        drop("sessions", "sessions.csv", csv.getBytes(StandardCharsets.UTF_8));

        await().atMost(STATE).until(() -> Files.exists(INBOX.resolve("sessions/error/sessions.csv")));
        JsonNode report = json.readTree(
                INBOX.resolve("sessions/error/sessions.csv.errors.json").toFile());
        assertThat(report.get("accepted").asInt()).isEqualTo(1);
        assertThat(report.at("/errors/0/line").asInt()).isEqualTo(3);
        assertThat(report.at("/errors/0/column").asText()).isEqualTo("administration_end");
        assertThat(report.at("/errors/0/message").asText()).contains("is before administration start");
        // its own patient: delivery keeps each patient's order, and other tests queue records for 100234
        await().atMost(STATE).until(() -> !adapter.state("session", "S-CSV-1").equals("pending"));
        assertThat(adapter.get("/api/v1/records/session/S-CSV-1")
                        .body()
                        .get("state")
                        .asText())
                .as(adapter.get("/api/v1/records/session/S-CSV-1").text())
                .isEqualTo("delivered");
        JsonNode bundle = json.readTree(INBOX.resolveSibling("outbox")
                .resolve("session-S-CSV-1-r1.json")
                .toFile());
        assertThat(bundle.toString()).contains("\"lotNumber\":\"K24,11A\"");
    }

    @Test
    void aSpreadsheetCsvNamesEachBadRowByItsTrueLineAndSourceIdAndReadsOnPastIt() throws IOException {
        // as a spreadsheet saves it: a byte-order mark, CRLF line ends, a column of its own, a cell over two lines
        String csv = "\uFEFFsource_id,mrn,time,heart_rate,spo2,nurse_note\r\n"
                + "VT-1,100234,2026-11-20T09:15:00-08:00,80,97,\"calm,\r\nsleeping\"\r\n"
                + "VT-2,100234,2026-11-20T09:16:00-08:00,80,140,\r\n"
                + "\r\n"
                + "\r\n"
                + "VT-3,100234,2026-11-20T09:17:00-08:00,80,97,fine,extra\r\n"
                + "VT-4,100234,2026-11-20T09:18:00-08:00\r\n"
                + "VT-5,100234,2026-11-20T09:19:00-08:00,81,98,\r\n";

        drop("vitals", "spreadsheet.csv", csv.getBytes(StandardCharsets.UTF_8));

        await().atMost(STATE).until(() -> Files.exists(INBOX.resolve("vitals/error/spreadsheet.csv")));
        JsonNode report = json.readTree(
                INBOX.resolve("vitals/error/spreadsheet.csv.errors.json").toFile());
        assertThat(report.get("accepted").asInt()).isEqualTo(2);
        assertThat(report.get("errors")).hasSize(3);
        assertThat(report.at("/errors/0/line").asInt()).isEqualTo(4);
        assertThat(report.at("/errors/0/sourceId").asText()).isEqualTo("VT-2");
        assertThat(report.at("/errors/0/column").asText()).isEqualTo("spo2");
        assertThat(report.at("/errors/1/line").asInt()).isEqualTo(7);
        assertThat(report.at("/errors/1/sourceId").asText()).isEqualTo("VT-3");
        assertThat(report.at("/errors/1/message").asText()).contains("7 cells but the header has 6 columns");
        assertThat(report.at("/errors/2/line").asInt()).isEqualTo(8);
        assertThat(report.at("/errors/2/sourceId").asText()).isEqualTo("VT-4");
        assertThat(report.at("/errors/2/message").asText()).contains("3 cells but the header has 6 columns");
        assertThat(adapter.get("/api/v1/records/vitals/VT-1").status()).isEqualTo(200);
        assertThat(adapter.get("/api/v1/records/vitals/VT-5").status())
                .as("read on past the bad rows")
                .isEqualTo(200);
    }

    @Test
    void anythingAfterTheFirstJsonValueOfAFileIsAnErrorNamingWhereItStarts() throws IOException {
        String one = Examples.json("vitals.json").put("sourceId", "VJ-1").toString();
        String two = Examples.json("vitals.json").put("sourceId", "VJ-2").toString();

        drop("vitals", "two-objects.json", (one + "\n" + two + "\n").getBytes(StandardCharsets.UTF_8));

        await().atMost(STATE).until(() -> Files.exists(INBOX.resolve("vitals/error/two-objects.json")));
        JsonNode report = json.readTree(
                INBOX.resolve("vitals/error/two-objects.json.errors.json").toFile());
        assertThat(report.at("/errors/0/line").asInt()).isEqualTo(2);
        assertThat(report.at("/errors/0/message").asText())
                .contains("line 2, column 1", "content after the first JSON value");
        assertThat(adapter.get("/api/v1/records/vitals/VJ-1").status())
                .as("nothing taken from a file that is not JSON")
                .isEqualTo(404);
    }

    @Test
    void twoRecordsOnOneNdjsonLineNameThatLineAndTheOtherLinesAreTaken() throws IOException {
        String one = Examples.json("vitals.json").put("sourceId", "VN-1").toString();
        String two = Examples.json("vitals.json").put("sourceId", "VN-2").toString();
        String three = Examples.json("vitals.json").put("sourceId", "VN-3").toString();

        drop("vitals", "glued.ndjson", ("\uFEFF" + one + "\n" + two + three + "\n").getBytes(StandardCharsets.UTF_8));

        await().atMost(STATE).until(() -> Files.exists(INBOX.resolve("vitals/error/glued.ndjson")));
        JsonNode report = json.readTree(
                INBOX.resolve("vitals/error/glued.ndjson.errors.json").toFile());
        assertThat(report.get("errors")).hasSize(1);
        assertThat(report.at("/errors/0/line").asInt()).isEqualTo(2);
        assertThat(report.at("/errors/0/message").asText()).contains("one record per line");
        assertThat(adapter.get("/api/v1/records/vitals/VN-1").status())
                .as("after a byte-order mark")
                .isEqualTo(200);
        assertThat(adapter.get("/api/v1/records/vitals/VN-3").status()).isEqualTo(404);
    }

    @Test
    void anEmptyFileIsAnsweredInErrorAtOnceAndDoesNotHoldUpItsFolder(CapturedOutput output) throws IOException {
        drop("questionnaires", "empty.csv", new byte[0]);
        drop(
                "questionnaires",
                "after-empty.json",
                Examples.json("questionnaire-phq9.json")
                        .put("sourceId", "Q-AFTER-EMPTY")
                        .toString()
                        .getBytes(StandardCharsets.UTF_8));

        await().atMost(STATE)
                .until(() -> Files.exists(INBOX.resolve("questionnaires/error/empty.csv"))
                        && Files.exists(INBOX.resolve("questionnaires/done/after-empty.json")));
        // a file the read lock never takes costs its folder the lock's whole wait at every poll, and says so
        assertThat(output.getAll()).doesNotContain("Cannot acquire read lock");
        JsonNode report = json.readTree(
                INBOX.resolve("questionnaires/error/empty.csv.errors.json").toFile());
        assertThat(report.at("/errors/0/message").asText()).contains("the file is empty");
    }

    @Test
    void aFileDroppedUnderANameAlreadyInErrorKeepsTheEarlierFileAndItsReport() throws IOException {
        String header = "source_id,mrn,time,heart_rate\n";
        drop(
                "vitals",
                "daily.csv",
                (header + "VD-1,100234,2026-11-20T09:15:00-08:00,-1\n").getBytes(StandardCharsets.UTF_8));
        await().atMost(STATE).until(() -> Files.exists(INBOX.resolve("vitals/error/daily.csv")));

        drop(
                "vitals",
                "daily.csv",
                (header + "VD-2,100234,2026-11-21T09:15:00-08:00,-2\n").getBytes(StandardCharsets.UTF_8));
        await().atMost(STATE).until(() -> !Files.exists(INBOX.resolve("vitals/daily.csv")));

        assertThat(Files.readString(INBOX.resolve("vitals/error/daily.csv"))).contains("VD-1");
        assertThat(json.readTree(INBOX.resolve("vitals/error/daily.csv.errors.json")
                                .toFile())
                        .at("/errors/0/sourceId")
                        .asText())
                .isEqualTo("VD-1");
        Path second;
        try (var error = Files.list(INBOX.resolve("vitals/error"))) {
            second = error.filter(path -> path.getFileName().toString().matches("daily-.+\\.csv"))
                    .findFirst()
                    .orElseThrow();
        }
        assertThat(Files.readString(second)).contains("VD-2");
        JsonNode report = json.readTree(
                second.resolveSibling(second.getFileName() + ".errors.json").toFile());
        assertThat(report.get("file").asText()).isEqualTo(second.getFileName().toString());
        assertThat(report.get("droppedAs").asText()).isEqualTo("daily.csv");
        assertThat(report.at("/errors/0/sourceId").asText()).isEqualTo("VD-2");
    }

    @Test
    void aFileStillBeingWrittenIsNotPickedUpHalfWay() throws Exception {
        Path dir = Files.createDirectories(INBOX.resolve("vitals"));
        Path file = dir.resolve("slow-export.csv");
        Files.writeString(file, "source_id,mrn,time,heart_rate\nVS-1,300001,2026-11-20T09:15:00-08:00,80\n");
        for (int i = 2; i <= 6; i++) {
            // an exporter still writing: the file changes more often than readLockMinAge (1 s). The adapter must
            // have time to look at it between the writes, so 300 ms pass, checking meanwhile that it leaves the
            // half-written file where it is
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> Files.exists(file));
            Files.writeString(
                    file,
                    "VS-" + i + ",300001,2026-11-20T09:1" + i + ":00-08:00,8" + i + "\n",
                    java.nio.file.StandardOpenOption.APPEND);
        }

        await().atMost(STATE).until(() -> Files.exists(dir.resolve("done/slow-export.csv")));
        for (int i = 1; i <= 6; i++) {
            assertThat(adapter.get("/api/v1/records/vitals/VS-" + i).status())
                    .as("VS-" + i)
                    .isEqualTo(200);
        }
    }

    @Test
    void aLargeCsvGoesThroughInBatchesAndOneBadRowAmongThousandsIsFound() throws IOException {
        StringBuilder csv = new StringBuilder("source_id,mrn,time,heart_rate\n");
        for (int i = 1; i <= 1201; i++) {
            csv.append("VB-")
                    .append(i)
                    .append(",100234,2026-11-20T09:15:00-08:00,")
                    .append(i == 1001 ? "-5" : "70")
                    .append('\n');
        }

        drop("vitals", "large.csv", csv.toString().getBytes(StandardCharsets.UTF_8));

        await().atMost(STATE).until(() -> Files.exists(INBOX.resolve("vitals/error/large.csv")));
        JsonNode report = json.readTree(
                INBOX.resolve("vitals/error/large.csv.errors.json").toFile());
        assertThat(report.get("accepted").asInt()).isEqualTo(1200);
        assertThat(report.get("errors")).hasSize(1);
        assertThat(report.at("/errors/0/line").asInt()).isEqualTo(1002);
        assertThat(report.at("/errors/0/column").asText()).isEqualTo("heart_rate");
    }

    @Test
    void aSecondDropFolderIsOneMoreRouteFile() throws IOException {
        drop(
                "ward-b-vitals",
                "ward-b.json",
                Examples.json("vitals.json")
                        .put("sourceId", "V-WARD-B")
                        .toString()
                        .getBytes(StandardCharsets.UTF_8));

        await().atMost(STATE).until(() -> Files.exists(INBOX.resolve("ward-b-vitals/done/ward-b.json")));
        assertThat(adapter.get("/api/v1/records/vitals/V-WARD-B").status()).isEqualTo(200);
    }

    @Test
    void aFileDroppedWhileTheJournalCannotWriteWaitsInTheInboxAndGoesThroughAfterwards(CapturedOutput output)
            throws Exception {
        String name = "Smithfield_Janelle_1961-04-02.json"; // as clinics name exports: after the patient
        Path dir = INBOX.resolve("vitals");
        try (Connection journal = DriverManager.getConnection("jdbc:h2:mem:file-drop-it", "sa", "")) {
            renameJournalTable(journal, "journal_record", "journal_record_away");
            try {
                drop(
                        "vitals",
                        name,
                        Examples.json("vitals.json")
                                .put("sourceId", "V-JOURNAL-DOWN")
                                .toString()
                                .getBytes(StandardCharsets.UTF_8));
                // three polls that could not journal it: the file must still not be moved anywhere
                await().atMost(STATE).until(() -> occurrences(output.getAll(), "not taken after 0 record(s)") >= 3);
                assertThat(dir.resolve(name)).as("left in the inbox").exists();
                assertThat(dir.resolve("error/" + name)).doesNotExist();
            } finally {
                renameJournalTable(journal, "journal_record_away", "journal_record");
            }
        }

        await().atMost(STATE).until(() -> Files.exists(dir.resolve("done/" + name)));
        assertThat(adapter.get("/api/v1/records/vitals/V-JOURNAL-DOWN").status())
                .isEqualTo(200);
        assertThat(output.getAll())
                .as("the log names the folder, never the file")
                .contains("file from file-drop:vitals not taken")
                .doesNotContain("Smithfield")
                .doesNotContain("Janelle");
    }

    /** The journal's main table gone for a while: every write of a record fails, as when its database is down. */
    private static void renameJournalTable(Connection journal, String from, String to) throws SQLException {
        try (var statement = journal.createStatement()) {
            statement.execute("alter table " + from + " rename to " + to);
        }
    }

    /** As a careful exporter does: write elsewhere, then move into the watched folder in one step. */
    private static void drop(String folder, String name, byte[] content) throws IOException {
        Path dir = Files.createDirectories(INBOX.resolve(folder));
        Path partial = Files.createTempFile(INBOX.getParent(), "drop-", ".part");
        Files.write(partial, content);
        Files.move(partial, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }
}
