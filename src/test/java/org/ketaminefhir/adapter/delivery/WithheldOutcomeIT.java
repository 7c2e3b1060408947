package org.ketaminefhir.adapter.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.adapter.ehr.DeliveryReport;
import org.ketaminefhir.adapter.instrument.InstrumentCatalog;
import org.ketaminefhir.adapter.journal.AttemptOutcome;
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
 * A gateway's "delivered" whose plan sent nothing of the record (athenahealth and a vitals record) is
 * recorded as {@code withheld}: not delivered, not retried, the report saying why for each part; and the
 * listener (the metrics) hears each part's type and disposition.
 */
class WithheldOutcomeIT {

    private final ObjectMapper json = new ObjectMapper();
    private final List<String> heard = new ArrayList<>();
    private Journal journal;
    private DeliveryQueue queue;

    @BeforeEach
    void journalWithTheExampleVitals() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:withheld-outcome-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(dataSource).load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        journal = new Journal(
                jdbc,
                transactions,
                json,
                Clock.systemUTC(),
                PatientKeys.install(jdbc, transactions, json, Optional.empty()));
        CheckResult checked = new RecordChecker(json, InstrumentCatalog.load(), Optional.empty())
                .check(Examples.json("vitals.json"), "", null);
        journal.accept(List.of(new IncomingRecord("", checked.record(), checked.normalized(), null)), "test");
        DeliveryProperties properties = new DeliveryProperties(
                Duration.ofMillis(100),
                10,
                3,
                Duration.ofSeconds(1),
                Duration.ofSeconds(10),
                Duration.ofMinutes(1),
                Duration.ofHours(1),
                1,
                Duration.ofMinutes(1));
        DeliveryQueue.DeliveryListener listener = new DeliveryQueue.DeliveryListener() {
            @Override
            public void outcome(String kind, RecordState state, Instant receivedAt) {
                heard.add(kind + " " + state.wireName());
            }

            @Override
            public void resources(String kind, String type, String disposition, int count) {
                heard.add(kind + " " + count + " " + type + " " + disposition);
            }
        };
        queue = new DeliveryQueue(
                journal,
                properties,
                Clock.systemUTC(),
                FhirContext.forR4Cached(),
                listener,
                new LeaseKeeper(journal, properties.lease()),
                EhrProperties.EncounterWaiting.DEFAULT);
    }

    @Test
    void aDeliveryThatSentNothingIsWithheldWithItsReasons() {
        DeliveryReport nothingSent = new DeliveryReport(
                Map.of(),
                List.of(),
                List.of(
                        new DeliveryReport.Part("Observation", 5, "athenahealth's FHIR API creates no Observation"),
                        new DeliveryReport.Part("Provenance", 1, "nothing it describes is sent")));

        queue.recordOutcome(claimed(), AttemptOutcome.delivered(null, "nothing to send", "[]", nothingSent));

        JournalEntry stored = journal.find("vitals", "V-88231").orElseThrow();
        assertThat(stored.state()).isEqualTo(RecordState.WITHHELD);
        assertThat(stored.lastError()).isNull();
        assertThat(journal.attempts(stored.id())).singleElement().satisfies(attempt -> {
            assertThat(attempt.outcome()).isEqualTo("withheld");
            assertThat(attempt.detail())
                    .contains("takes no part of this record")
                    .contains("not sent: 5 Observation (athenahealth's FHIR API creates no Observation)");
        });
        assertThat(stored.deliveryReport()).contains("athenahealth's FHIR API creates no Observation");
        assertThat(journal.claimDue(10, Duration.ofMinutes(1)))
                .as("never retried")
                .isEmpty();
        assertThat(heard)
                .containsExactly("vitals withheld", "vitals 5 Observation not-sent", "vitals 1 Provenance not-sent");
    }

    @Test
    void aDeliveryThatSentSomethingIsDeliveredWithWhatOnlyTheNoteCarries() {
        DeliveryReport partly = new DeliveryReport(
                Map.of("Observation", 4),
                List.of(new DeliveryReport.Part("Encounter", 1, "Epic creates no Encounter over FHIR")),
                List.of());

        queue.recordOutcome(claimed(), AttemptOutcome.delivered(200, "ok", "[]", partly));

        assertThat(journal.find("vitals", "V-88231").orElseThrow().state()).isEqualTo(RecordState.DELIVERED);
        assertThat(heard).containsExactly("vitals delivered", "vitals 4 Observation sent", "vitals 1 Encounter note");
    }

    @Test
    void aWholeBundleDeliveredWithoutAReportIsDelivered() {
        queue.recordOutcome(claimed(), AttemptOutcome.delivered(200, "ok", "[]"));

        JournalEntry stored = journal.find("vitals", "V-88231").orElseThrow();
        assertThat(stored.state()).isEqualTo(RecordState.DELIVERED);
        assertThat(stored.deliveryReport()).isNull();
        assertThat(heard).containsExactly("vitals delivered");
    }

    private JournalEntry claimed() {
        return queue.claimDue().get(0);
    }
}
