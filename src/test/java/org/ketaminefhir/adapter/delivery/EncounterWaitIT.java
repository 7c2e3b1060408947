package org.ketaminefhir.adapter.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.adapter.instrument.InstrumentCatalog;
import org.ketaminefhir.adapter.journal.IncomingRecord;
import org.ketaminefhir.adapter.journal.Journal;
import org.ketaminefhir.adapter.journal.JournalEntry;
import org.ketaminefhir.adapter.journal.PatientKeys;
import org.ketaminefhir.adapter.journal.RecordState;
import org.ketaminefhir.adapter.record.CheckResult;
import org.ketaminefhir.adapter.record.RecordChecker;
import org.ketaminefhir.adapter.testsupport.Examples;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What delivery records when the EHR holds no visit for a record yet: it waits, looked for again every
 * adapter.ehr.encounter-retry however many attempts that takes, until adapter.ehr.encounter-wait after its
 * receipt; then it fails saying what was searched. Each decision is taken at a time the test gives: no waiting.
 */
class EncounterWaitIT {

    private static final String SEARCHED = "searched Encounter?patient=7&date=ge2026-11-19T17:05:00Z"
            + "&date=le2026-11-21T17:05:00Z&_count=100: 0 Encounters of the patient, none open";
    private static final Instant RECEIVED = Instant.parse("2026-11-20T18:00:00Z");

    private final ObjectMapper json = new ObjectMapper();
    private Journal journal;

    @BeforeEach
    void journalWithOneSession() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:encounter-wait-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(dataSource).load().migrate();
        journal = new Journal(
                new JdbcTemplate(dataSource),
                transactions(dataSource),
                json,
                Clock.fixed(RECEIVED, ZoneOffset.UTC),
                PatientKeys.install(new JdbcTemplate(dataSource), transactions(dataSource), json, Optional.empty()));
        CheckResult checked = new RecordChecker(json, InstrumentCatalog.load(), Optional.empty())
                .check(Examples.json("session-ketamine-iv.json"), "", null);
        journal.accept(List.of(new IncomingRecord("", checked.record(), checked.normalized(), null)), "test");
    }

    @Test
    void aRecordWithoutItsVisitIsTriedAgainEveryRetryPastTheAttemptLimit() {
        for (int attempt = 1; attempt <= 12; attempt++) {
            queueAt(RECEIVED.plus(Duration.ofMinutes(5L * attempt)))
                    .recordFailure(session(), new EncounterNotYetHeldException(SEARCHED));
        }

        JournalEntry waiting = session();
        assertThat(waiting.attempts())
                .as("more than adapter.delivery.max-attempts (8)")
                .isEqualTo(12);
        assertThat(waiting.state()).isEqualTo(RecordState.RETRYING);
        assertThat(waiting.nextAttemptAt()).isEqualTo(RECEIVED.plus(Duration.ofMinutes(65)));
        assertThat(waiting.lastError())
                .isEqualTo("waiting for a visit the EHR holds (until 2026-11-21T18:00:00Z,"
                        + " adapter.ehr.encounter-wait): " + SEARCHED);
    }

    @Test
    void theLastTryIsAtTheEndOfTheWaitNotAfterIt() {
        queueAt(RECEIVED.plus(Duration.ofHours(24)).minus(Duration.ofMinutes(2)))
                .recordFailure(session(), new EncounterNotYetHeldException(SEARCHED));

        assertThat(session().nextAttemptAt()).isEqualTo(RECEIVED.plus(Duration.ofHours(24)));
    }

    @Test
    void afterTheWaitTheRecordFailsNamingWhatWasSearched() {
        queueAt(RECEIVED.plus(Duration.ofHours(24)))
                .recordFailure(session(), new EncounterNotYetHeldException(SEARCHED));

        JournalEntry failed = session();
        assertThat(failed.state()).isEqualTo(RecordState.FAILED);
        assertThat(failed.lastError())
                .isEqualTo("no visit held by the EHR for session S-2026-000123 within PT24H of its"
                        + " receipt (adapter.ehr.encounter-wait); " + SEARCHED);
        assertThat(journal.attempts(failed.id()))
                .singleElement()
                .satisfies(attempt -> assertThat(attempt.detail()).isEqualTo(failed.lastError()));
    }

    @Test
    void aVisitOfAnotherPatientFailsAtOnce() {
        queueAt(RECEIVED)
                .recordFailure(
                        session(),
                        new EncounterRefusedException("the record's ehrEncounter names a visit of another patient"));

        assertThat(session().state()).isEqualTo(RecordState.FAILED);
        assertThat(session().lastError()).isEqualTo("the record's ehrEncounter names a visit of another patient");
    }

    /** The delivery queue as it decides at {@code now}. */
    private DeliveryQueue queueAt(Instant now) {
        DeliveryProperties delivery = new DeliveryProperties(
                Duration.ofMillis(200),
                50,
                8,
                Duration.ofSeconds(2),
                Duration.ofMinutes(10),
                Duration.ofMinutes(2),
                Duration.ofHours(24),
                4,
                Duration.ofMinutes(2));
        return new DeliveryQueue(
                journal,
                delivery,
                Clock.fixed(now, ZoneOffset.UTC),
                FhirContext.forR4Cached(),
                DeliveryQueue.DeliveryListener.NONE,
                new LeaseKeeper(journal, delivery.lease()),
                new EhrProperties.EncounterWaiting(Duration.ofMinutes(5), Duration.ofHours(24)));
    }

    private JournalEntry session() {
        return journal.find("session", "S-2026-000123").orElseThrow();
    }

    private static TransactionTemplate transactions(DataSource dataSource) {
        return new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }
}
