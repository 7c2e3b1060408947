package org.ketaminefhir.adapter.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.adapter.instrument.InstrumentCatalog;
import org.ketaminefhir.adapter.journal.IncomingRecord;
import org.ketaminefhir.adapter.journal.Journal;
import org.ketaminefhir.adapter.journal.JournalEntry;
import org.ketaminefhir.adapter.journal.PatientKeys;
import org.ketaminefhir.adapter.journal.RecordState;
import org.ketaminefhir.adapter.mapping.MappingScope;
import org.ketaminefhir.adapter.mapping.RecordMapper;
import org.ketaminefhir.adapter.mapping.RecordMapping;
import org.ketaminefhir.adapter.mapping.RemsSetting;
import org.ketaminefhir.adapter.mapping.ResourceIdentities;
import org.ketaminefhir.adapter.mapping.SessionDirectory;
import org.ketaminefhir.adapter.ops.DeliveryMetrics;
import org.ketaminefhir.adapter.profile.InvalidBundleException;
import org.ketaminefhir.adapter.profile.ProfileValidator;
import org.ketaminefhir.adapter.record.CheckResult;
import org.ketaminefhir.adapter.record.RecordBinding;
import org.ketaminefhir.adapter.record.RecordChecker;
import org.ketaminefhir.adapter.record.RecordKind;
import org.ketaminefhir.adapter.record.VitalsRecord;
import org.ketaminefhir.adapter.testsupport.Examples;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Validation before sending: a record whose resources break their profiles, or that the mapping cannot
 * turn into FHIR, or whose preparation outlasts its budget, is never sent; it ends {@code failed} at once
 * (the validator's OperationOutcome kept for the status API), never retried.
 */
class ValidationGateIT {

    private final ObjectMapper json = new ObjectMapper();
    private final FhirContext fhir = FhirContext.forR4Cached();

    /** A deliberately wrong vitals mapping: a heart-rate profile on an Observation with no status and value. */
    static final class BrokenVitalsMapper implements RecordMapper<VitalsRecord> {
        @Override
        public RecordKind kind() {
            return RecordKind.VITALS;
        }

        @Override
        public void map(VitalsRecord record, MappingScope scope) {
            Observation observation = new Observation();
            observation.getMeta().addProfile("http://hl7.org/fhir/us/core/StructureDefinition/us-core-heart-rate");
            observation.setCode(new CodeableConcept(new Coding("http://loinc.org", "8867-4", "Heart rate")));
            observation.setSubject(scope.patient());
            scope.add("broken", observation);
        }
    }

    @Test
    void aRecordWhoseResourcesDoNotValidateIsNotSentAndFailsWithTheOutcome() {
        Journal journal = journalWithTheExampleVitals();
        RecordMapping broken = new RecordMapping(
                new ResourceIdentities("urn:test", "urn:mrn"), List.of(new BrokenVitalsMapper()), "Test clinic");
        BundlePreparation preparation = new BundlePreparation(
                json,
                broken,
                SessionDirectory.NONE,
                new ProfileValidator(fhir),
                new DeliveryMetrics(new SimpleMeterRegistry(), journal));
        DeliveryQueue queue = queue(journal);
        JournalEntry entry = queue.claimDue().get(0);

        InvalidBundleException invalid = (InvalidBundleException)
                org.assertj.core.api.Assertions.catchThrowable(() -> preparation.prepare(entry));
        queue.recordFailure(entry, invalid);

        assertThat(invalid.report().errors()).isNotEmpty();
        JournalEntry failed = journal.find("vitals", "V-88231").orElseThrow();
        assertThat(failed.state()).isEqualTo(RecordState.FAILED);
        assertThat(failed.lastError())
                .startsWith(invalid.report().errors().size() + " validation error(s)")
                .contains("status");
        assertThat(failed.lastOutcome())
                .contains("\"resourceType\":\"OperationOutcome\"")
                .contains("Observation.status");
        assertThatThrownBy(() -> preparation.prepare(entry)).isInstanceOf(InvalidBundleException.class);
    }

    @Test
    void aRecordWhosePreparationOutlastsItsBudgetFailsAtOnceAndFreesItsWorker() throws Exception {
        Journal journal = journalWithTheExampleVitals();
        DeliveryQueue queue = queue(journal);
        JournalEntry entry = queue.claimDue().get(0);
        CountDownLatch endless = new CountDownLatch(1);
        ExecutorService preparers = Executors.newCachedThreadPool();
        PreparationBudget budget = new PreparationBudget(
                claimed -> {
                    try {
                        endless.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return null;
                },
                Duration.ofMillis(200),
                preparers);
        try {
            Exception overBudget =
                    (Exception) org.assertj.core.api.Assertions.catchThrowable(() -> budget.prepare(entry));
            queue.recordFailure(entry, overBudget);

            JournalEntry failed = journal.find("vitals", "V-88231").orElseThrow();
            assertThat(failed.state()).isEqualTo(RecordState.FAILED);
            assertThat(failed.lastError())
                    .contains("adapter.delivery.preparation-budget (PT0.2S)")
                    .contains("not retried");
        } finally {
            endless.countDown();
            preparers.shutdownNow();
        }
    }

    /**
     * A record whose own content the mapping cannot turn into FHIR (here a time whose offset has seconds,
     * as intake accepted before it checked offsets, so the journal may still hold one) fails at once with
     * the reason: retrying cannot change it, and meanwhile the patient's later records would wait.
     */
    @Test
    void aRecordTheMappingCannotTurnIntoFhirFailsAtOnceWithTheReason() {
        ObjectNode stored = Examples.mutated(
                "vitals.json", Map.of("/readings/0/time", TextNode.valueOf("2026-11-20T08:58:00+05:30:15")), List.of());
        stored.put("revision", 1);
        Journal journal = journalHolding(
                new IncomingRecord("", new RecordBinding(json).bind(RecordKind.VITALS, stored), stored, null));
        RecordMapping mapping = RecordMapping.standard(
                new ResourceIdentities("urn:test", "urn:mrn"),
                InstrumentCatalog.load(),
                "Test clinic",
                new RemsSetting(false, null, null, null, null, null, null, null, null));
        BundlePreparation preparation = new BundlePreparation(
                json,
                mapping,
                SessionDirectory.NONE,
                new ProfileValidator(fhir),
                new DeliveryMetrics(new SimpleMeterRegistry(), journal));
        DeliveryQueue queue = queue(journal);
        JournalEntry entry = queue.claimDue().get(0);

        queue.recordFailure(
                entry, (Exception) org.assertj.core.api.Assertions.catchThrowable(() -> preparation.prepare(entry)));

        JournalEntry failed = journal.find("vitals", "V-88231").orElseThrow();
        assertThat(failed.state()).isEqualTo(RecordState.FAILED);
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.lastError()).contains("cannot be mapped to FHIR").contains("Timezone offset");
    }

    private Journal journalWithTheExampleVitals() {
        CheckResult checked = new RecordChecker(json, InstrumentCatalog.load(), Optional.empty())
                .check(Examples.json("vitals.json"), "", null);
        return journalHolding(new IncomingRecord("", checked.record(), checked.normalized(), null));
    }

    private Journal journalHolding(IncomingRecord record) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:validation-gate-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(dataSource).load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        Journal journal = new Journal(
                jdbc,
                transactions,
                json,
                Clock.systemUTC(),
                PatientKeys.install(jdbc, transactions, json, Optional.empty()));
        journal.accept(List.of(record), "test");
        return journal;
    }

    private DeliveryQueue queue(Journal journal) {
        return new DeliveryQueue(
                journal,
                new DeliveryProperties(
                        Duration.ofMillis(100),
                        10,
                        3,
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(10),
                        Duration.ofMinutes(1),
                        Duration.ofHours(1),
                        1,
                        Duration.ofMinutes(1)),
                Clock.systemUTC(),
                fhir);
    }
}
