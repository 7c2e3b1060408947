package org.ketaminefhir.adapter.journal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.adapter.mapping.instrument.InstrumentCatalog;
import org.ketaminefhir.adapter.record.CheckResult;
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

    /** An empty database for one test. */
    protected DataSource emptyDatabase() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:journal-it-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        return dataSource;
    }

    @BeforeEach
    void freshJournal() {
        DataSource dataSource = emptyDatabase();
        Flyway.configure().dataSource(dataSource).load().migrate();
        journal = new Journal(new JdbcTemplate(dataSource),
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)), json, Clock.systemUTC());
        audit = new AuditTrail(new JdbcTemplate(dataSource), Clock.systemUTC());
    }

    @Test
    void theAuditListsSubmissionsReplaysAndRevealsNewestFirst() throws InterruptedException {
        accept(vitals("V-a1", "100234", 1));
        JournalEntry entry = journal.claimDue(10, Duration.ofMinutes(1)).get(0);
        journal.recordAttempt(entry, new AttemptOutcome(RecordState.FAILED, 422, "refused", null, null, null));
        Thread.sleep(5);
        assertThat(journal.replay(entry.id(), "it-desk")).isTrue();
        Thread.sleep(5);
        audit.revealedMrn("boss", entry.id());
        Thread.sleep(5);
        accept(vitals("V-a2", "555555", 1));

        assertThat(audit.recent(10)).extracting(e -> e.action() + " " + e.actor() + " " + e.sourceId())
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
        assertThat(journal.claimDue(10, Duration.ofMinutes(1))).extracting(JournalEntry::sourceId).containsExactly("V-2");
    }

    @Test
    void aRecordStillRetryingHoldsBackThePatientsLaterRecords() {
        accept(vitals("V-1", "100234", 1));
        accept(vitals("V-2", "100234", 1));
        JournalEntry first = journal.claimDue(10, Duration.ofMinutes(1)).get(0);

        journal.recordAttempt(first, new AttemptOutcome(RecordState.RETRYING, 503, "unavailable", null,
                java.time.Instant.now().plusSeconds(60), null));

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
        assertThat(journal.attempts(inFlight.id())).extracting(DeliveryAttempt::revision).containsExactly(1);
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

    private Receipt accept(ObjectNode node) {
        CheckResult checked = checker.check(node, "", null);
        assertThat(checked.errors()).isEmpty();
        return journal.accept(List.of(new IncomingRecord("", checked.record(), checked.normalized(), null)), "test").get(0);
    }

    private static ObjectNode vitals(String sourceId, String mrn, int revision) {
        ObjectNode record = Examples.json("vitals.json");
        record.put("sourceId", sourceId).put("revision", revision);
        ((ObjectNode) record.get("patient")).put("mrn", mrn);
        ((ObjectNode) record.at("/readings/0")).put("heartRate", 80 + revision);
        return record;
    }
}
