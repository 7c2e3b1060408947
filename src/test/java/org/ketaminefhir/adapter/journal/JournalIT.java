package org.ketaminefhir.adapter.journal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.adapter.ehr.DeliveryReport;
import org.ketaminefhir.adapter.instrument.InstrumentCatalog;
import org.ketaminefhir.adapter.record.CheckResult;
import org.ketaminefhir.adapter.record.PatientRef;
import org.ketaminefhir.adapter.record.RecordChecker;
import org.ketaminefhir.adapter.testsupport.Examples;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The journal's rules on a real database with the production migrations: H2 here, PostgreSQL in
 * {@link PostgresJournalIT}, so the same migrations and queries are proven on both.
 */
class JournalIT {

    private final ObjectMapper json = new ObjectMapper();
    private final RecordChecker checker = new RecordChecker(json, InstrumentCatalog.load(), Optional.empty());
    private Journal journal;
    private AuditTrail audit;
    private PayloadPurge purge;

    /** An empty database for one test. */
    protected DataSource emptyDatabase() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:journal-it-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        return dataSource;
    }

    /** Each reading a millisecond after the one before: events stand in the order they happened, with no waiting. */
    private final Clock clock = new Clock() {
        private final AtomicLong readings = new AtomicLong();
        private final Instant start = Instant.now();

        @Override
        public Instant instant() {
            return start.plusMillis(readings.incrementAndGet());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    };

    @BeforeEach
    void freshJournal() {
        DataSource dataSource = emptyDatabase();
        Flyway.configure().dataSource(dataSource).load().migrate();
        journal = new Journal(
                new JdbcTemplate(dataSource),
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
                json,
                clock,
                PatientKeys.install(
                        new JdbcTemplate(dataSource),
                        new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
                        json,
                        Optional.empty()));
        audit = new AuditTrail(new JdbcTemplate(dataSource), clock);
        purge = new PayloadPurge(
                new JdbcTemplate(dataSource),
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
                clock,
                Duration.ofDays(30));
    }

    /** What an athenahealth plan makes of a vitals record: nothing sent, each part's reason. */
    private static final DeliveryReport NOTHING_SENT = new DeliveryReport(
            Map.of(),
            List.of(),
            List.of(
                    new DeliveryReport.Part("Observation", 5, "athenahealth's FHIR API creates no Observation"),
                    new DeliveryReport.Part("Provenance", 1, "nothing it describes is sent")));

    @Test
    void theDeliveryReportIsKeptWithItsRevisionAndOutlivesALaterFailureAndThePurge() throws Exception {
        accept(vitals("V-r1", "100234", 1));
        JournalEntry entry = journal.claimDue(10, Duration.ofMinutes(1)).get(0);
        DeliveryReport report = new DeliveryReport(
                Map.of("Observation", 4),
                List.of(),
                List.of(new DeliveryReport.Part("Provenance", 1, "Epic's FHIR API creates no Provenance (read only)")));
        journal.recordAttempt(entry, AttemptOutcome.delivered(200, "ok", "[]", report));

        accept(vitals("V-r1", "100234", 2));
        JournalEntry correction = journal.claimDue(10, Duration.ofMinutes(1)).get(0);
        journal.recordAttempt(
                correction,
                new AttemptOutcome(
                        RecordState.RETRYING,
                        503,
                        "unavailable",
                        null,
                        Instant.now().plusSeconds(60),
                        null));
        purge.purgeDeliveredOlderThan(Duration.ZERO);

        JournalEntry stored = journal.find("vitals", "V-r1").orElseThrow();
        assertThat(stored.reportRevision())
                .as("the revision the report describes")
                .isEqualTo(1);
        assertThat(json.readValue(stored.deliveryReport(), DeliveryReport.class))
                .isEqualTo(report);
    }

    @Test
    void aWithheldRecordIsSettledNotADeadLetterKeepsNoErrorIsPurgedAndMayBeReplayed() {
        accept(vitals("V-w1", "100234", 1));
        accept(vitals("V-w2", "100234", 1));
        JournalEntry entry = journal.claimDue(10, Duration.ofMinutes(1)).get(0);

        journal.recordAttempt(
                entry,
                new AttemptOutcome(
                        RecordState.WITHHELD, null, "the plan takes none of it", "[]", null, null, NOTHING_SENT));

        JournalEntry withheld = journal.find("vitals", "V-w1").orElseThrow();
        assertThat(withheld.state()).isEqualTo(RecordState.WITHHELD);
        assertThat(withheld.lastError()).as("not an error").isNull();
        assertThat(withheld.deliveredPayload()).as("the EHR holds none of it").isNull();
        assertThat(journal.deadLetters(10)).isEmpty();
        assertThat(journal.claimDue(10, Duration.ofMinutes(1)))
                .as("settled: the patient's next record goes")
                .extracting(JournalEntry::sourceId)
                .containsExactly("V-w2");
        assertThat(journal.waitingCount()).isEqualTo(1);

        assertThat(journal.replay(withheld.id(), "it-desk"))
                .as("after the plan changed")
                .isTrue();
        assertThat(journal.find("vitals", "V-w1").orElseThrow().state()).isEqualTo(RecordState.PENDING);
    }

    @Test
    void retentionPurgesAWithheldRecordsBodyAndThenItIsNotReplayed() {
        accept(vitals("V-w3", "100234", 1));
        JournalEntry entry = journal.claimDue(10, Duration.ofMinutes(1)).get(0);
        journal.recordAttempt(
                entry,
                new AttemptOutcome(
                        RecordState.WITHHELD, null, "the plan takes none of it", "[]", null, null, NOTHING_SENT));

        assertThat(purge.purgeDeliveredOlderThan(Duration.ZERO)).isEqualTo(1);

        JournalEntry purged = journal.find("vitals", "V-w3").orElseThrow();
        assertThat(purged.payload()).isNull();
        assertThat(purged.deliveryReport())
                .as("types, counts and reasons: no patient data")
                .contains("Observation");
        assertThat(journal.replay(purged.id(), "it-desk"))
                .as("nothing left to send")
                .isFalse();
    }

    @Test
    void theAuditListsSubmissionsReplaysAndRevealsNewestFirst() {
        accept(vitals("V-a1", "100234", 1));
        JournalEntry entry = journal.claimDue(10, Duration.ofMinutes(1)).get(0);
        journal.recordAttempt(entry, new AttemptOutcome(RecordState.FAILED, 422, "refused", null, null, null));
        assertThat(journal.replay(entry.id(), "it-desk")).isTrue();
        audit.revealedMrn("boss", entry.id());
        accept(vitals("V-a2", "555555", 1));

        assertThat(audit.recent(10))
                .extracting(e -> e.action() + " " + e.actor() + " " + e.sourceId())
                .containsExactly("submit test V-a2", "reveal-mrn boss V-a1", "replay it-desk V-a1", "submit test V-a1");
        assertThat(audit.recent(2)).extracting(AuditTrail.Event::action).containsExactly("submit", "reveal-mrn");
    }

    @Test
    void aPatientsRecordsAreClaimedInTheOrderReceived() {
        accept(vitals("V-1", "100234", 1));
        accept(vitals("V-2", "100234", 1));
        accept(vitals("V-3", "555555", 1));

        List<JournalEntry> first = journal.claimDue(10, Duration.ofMinutes(1));

        assertThat(first).extracting(JournalEntry::sourceId).containsExactly("V-1", "V-3");
        journal.recordAttempt(first.get(0), AttemptOutcome.delivered(200, "ok", "[]"));
        assertThat(journal.claimDue(10, Duration.ofMinutes(1)))
                .extracting(JournalEntry::sourceId)
                .containsExactly("V-2");
    }

    @Test
    void aRecordStillRetryingHoldsBackThePatientsLaterRecords() {
        accept(vitals("V-1", "100234", 1));
        accept(vitals("V-2", "100234", 1));
        JournalEntry first = journal.claimDue(10, Duration.ofMinutes(1)).get(0);

        journal.recordAttempt(
                first,
                new AttemptOutcome(
                        RecordState.RETRYING,
                        503,
                        "unavailable",
                        null,
                        java.time.Instant.now().plusSeconds(60),
                        null));

        assertThat(journal.claimDue(10, Duration.ofMinutes(1))).isEmpty();
    }

    @Test
    void aClaimedRecordIsNotClaimedAgainWhileLeased() {
        accept(vitals("V-1", "100234", 1));

        assertThat(journal.claimDue(10, Duration.ofMinutes(1))).hasSize(1);
        assertThat(journal.claimDue(10, Duration.ofMinutes(1))).isEmpty();
    }

    @Test
    void aCorrectionArrivingDuringDeliveryIsDeliveredNext() {
        accept(vitals("V-1", "100234", 1));
        JournalEntry inFlight = journal.claimDue(10, Duration.ofMinutes(1)).get(0);

        accept(vitals("V-1", "100234", 2));
        journal.recordAttempt(inFlight, AttemptOutcome.delivered(200, "ok", "[]"));

        assertThat(journal.find("vitals", "V-1").orElseThrow().state()).isEqualTo(RecordState.PENDING);
        List<JournalEntry> next = journal.claimDue(10, Duration.ofMinutes(1));
        assertThat(next).extracting(JournalEntry::revision).containsExactly(2);
        assertThat(journal.attempts(inFlight.id()))
                .extracting(DeliveryAttempt::revision)
                .containsExactly(1);
    }

    @Test
    void aRevisionFoundAgainIsADuplicateWithItsOriginalReceipt() {
        Receipt first = accept(vitals("V-1", "100234", 1));
        Receipt second = accept(vitals("V-1", "100234", 2));

        Receipt late = accept(vitals("V-1", "100234", 1));

        assertThat(late.duplicate()).isTrue();
        assertThat(late.receiptId()).isEqualTo(first.receiptId());
        assertThat(second.receiptId()).isNotEqualTo(first.receiptId());
        assertThat(journal.find("vitals", "V-1").orElseThrow().revision()).isEqualTo(2);
    }

    @Test
    void theSameContentWithKeysInAnotherOrderIsTheSameRecord() {
        ObjectNode record = vitals("V-1", "100234", 1);
        Receipt first = accept(record);
        ObjectNode reordered = json.createObjectNode();
        List.of("readings", "patient", "sourceId", "kind", "sessionSourceId", "revision")
                .forEach(key -> reordered.set(key, record.get(key)));

        assertThat(accept(reordered).receiptId()).isEqualTo(first.receiptId());
    }

    @Test
    void patientKeysOfAnEarlierVersionAreMadeAgainWithTheInstallationSecret() {
        DataSource dataSource = emptyDatabase();
        Flyway.configure().dataSource(dataSource).target("8").load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        // as version 8 kept them: the patient key an unsalted SHA-256 of the MRN
        String unsalted = CanonicalJson.sha256("mrn|100234");
        insertAsVersion8(
                jdbc, "vitals", "V-old", "pending", "{\"kind\":\"vitals\",\"patient\":{\"mrn\":\"100234\"}}", unsalted);
        insertAsVersion8(
                jdbc,
                "session",
                "S-old",
                "delivered",
                "{\"kind\":\"session\",\"patient\":{\"mrn\":\"100234\"}}",
                unsalted);
        insertAsVersion8(jdbc, "session", "S-purged", "delivered", null, unsalted);
        jdbc.update(
                "insert into session_window (source_id, patient_key, window_start, window_end) values "
                        + "('S-old', ?, timestamp with time zone '2026-11-20 17:00:00+00:00', timestamp with time zone '2026-11-20 19:00:00+00:00'), "
                        + "('S-purged', ?, timestamp with time zone '2026-10-20 17:00:00+00:00', timestamp with time zone '2026-10-20 19:00:00+00:00')",
                unsalted,
                unsalted);

        Flyway.configure().dataSource(dataSource).load().migrate();
        Journal upgraded = new Journal(
                jdbc,
                transactions,
                json,
                Clock.systemUTC(),
                PatientKeys.install(jdbc, transactions, json, Optional.of("installation-secret")));

        String keyed = hmac("installation-secret", "mrn|100234");
        assertThat(jdbc.queryForList("select patient_key from journal_record where payload is not null", String.class))
                .containsOnly(keyed);
        assertThat(jdbc.queryForObject(
                        "select count(*) from journal_record where patient_key = ?", Integer.class, unsalted))
                .as("rows still keyed by the unsalted hash, purged ones included")
                .isZero();
        assertThat(upgraded.sessionAt(patient("100234", null), OffsetDateTime.parse("2026-11-20T18:00:00Z")))
                .contains("S-old");
        assertThat(jdbc.queryForList("select source_id from session_window", String.class))
                .as("a purged session's window cannot be keyed again")
                .containsExactly("S-old");
        // a record accepted now is the same patient's: it waits behind the one received before the upgrade
        journal = upgraded;
        accept(vitals("V-new", "100234", 1));
        assertThat(upgraded.claimDue(10, Duration.ofMinutes(1)))
                .extracting(JournalEntry::sourceId)
                .containsExactly("V-old");
    }

    @Test
    void aSecretMadeAtFirstStartIsKeptAndSharedByLaterStarts() {
        DataSource dataSource = emptyDatabase();
        Flyway.configure().dataSource(dataSource).load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));

        PatientKeys first = PatientKeys.install(jdbc, transactions, json, Optional.empty());
        PatientKeys second = PatientKeys.install(jdbc, transactions, json, Optional.empty());

        PatientRef mrn = patient("100234", null);
        assertThat(second.key(mrn)).isEqualTo(first.key(mrn)).isNotEqualTo(CanonicalJson.sha256("mrn|100234"));
        assertThat(first.key(mrn))
                .isNotEqualTo(first.key(patient("100235", null)))
                .isNotEqualTo(first.key(patient("100234", "urn:oid:1.2.3.4.5.facility-b")));
        assertThat(PatientKeys.install(jdbc, transactions, json, Optional.of("configured"))
                        .key(mrn))
                .isEqualTo(hmac("configured", "mrn|100234"));
        assertThat(jdbc.queryForObject("select secret from patient_key_scheme where id = 1", String.class))
                .as("once a secret is configured, none is kept in the database")
                .isNull();
    }

    private static void insertAsVersion8(
            JdbcTemplate jdbc, String kind, String sourceId, String state, String payload, String key) {
        java.time.OffsetDateTime now = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC);
        jdbc.update(
                "insert into journal_record (kind, source_id, revision, content_hash, receipt_id, patient_key, payload, state, "
                        + "attempts, received_at, updated_at, next_attempt_at, purged_at) values (?, ?, 1, 'h', 'r', ?, ?, ?, 0, ?, ?, ?, ?)",
                kind,
                sourceId,
                key,
                payload,
                state,
                now,
                now,
                now,
                payload == null ? now : null);
    }

    /** HMAC-SHA256 as an operator could compute it, independently of PatientKeys. */
    private static String hmac(String secret, String text) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(
                    secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
            return java.util.HexFormat.of()
                    .formatHex(mac.doFinal(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private Receipt accept(ObjectNode node) {
        CheckResult checked = checker.check(node, "", null);
        assertThat(checked.errors()).isEmpty();
        return journal.accept(List.of(new IncomingRecord("", checked.record(), checked.normalized(), null)), "test")
                .get(0);
    }

    @Test
    void anotherFacilitysEqualMrnIsAnotherPatientsSessionWindow() {
        ObjectNode session = Examples.json("session-ketamine-iv.json");
        ((ObjectNode) session.get("patient")).put("mrnSystem", "urn:oid:1.2.3.4.5.facility-a");
        CheckResult checked = checker.check(session, "", null);
        assertThat(checked.errors()).isEmpty();
        journal.accept(
                List.of(new IncomingRecord(
                        "",
                        checked.record(),
                        checked.normalized(),
                        new IncomingRecord.SessionWindow(
                                OffsetDateTime.parse("2026-11-20T09:05:00-08:00"),
                                OffsetDateTime.parse("2026-11-20T10:35:00-08:00")))),
                "test");
        OffsetDateTime during = OffsetDateTime.parse("2026-11-20T09:30:00-08:00");

        assertThat(journal.sessionAt(patient("100234", "urn:oid:1.2.3.4.5.facility-a"), during))
                .contains("S-2026-000123");
        assertThat(journal.sessionAt(patient("100234", null), during))
                .as("the same MRN in the default system")
                .isEmpty();
        assertThat(journal.sessionAt(patient("100234", "urn:oid:1.2.3.4.5.facility-b"), during))
                .isEmpty();
    }

    private static PatientRef patient(String mrn, String mrnSystem) {
        return new PatientRef(mrn, null, null, null, null, mrnSystem);
    }

    private static ObjectNode vitals(String sourceId, String mrn, int revision) {
        ObjectNode record = Examples.json("vitals.json");
        record.put("sourceId", sourceId).put("revision", revision);
        ((ObjectNode) record.get("patient")).put("mrn", mrn);
        ((ObjectNode) record.at("/readings/0")).put("heartRate", 80 + revision);
        return record;
    }
}
