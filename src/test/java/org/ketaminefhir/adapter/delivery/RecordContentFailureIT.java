package org.ketaminefhir.adapter.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.adapter.journal.IncomingRecord;
import org.ketaminefhir.adapter.journal.Journal;
import org.ketaminefhir.adapter.journal.JournalEntry;
import org.ketaminefhir.adapter.journal.RecordState;
import org.ketaminefhir.adapter.mapping.RecordMapping;
import org.ketaminefhir.adapter.mapping.RemsSetting;
import org.ketaminefhir.adapter.mapping.ResourceIdentities;
import org.ketaminefhir.adapter.mapping.SessionDirectory;
import org.ketaminefhir.adapter.mapping.instrument.InstrumentCatalog;
import org.ketaminefhir.adapter.ops.DeliveryMetrics;
import org.ketaminefhir.adapter.profile.ProfileValidator;
import org.ketaminefhir.adapter.record.RecordBinding;
import org.ketaminefhir.adapter.record.RecordKind;
import org.ketaminefhir.adapter.testsupport.Examples;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A record whose own content the mapping cannot turn into FHIR (here a time whose offset has seconds,
 * as intake accepted before it checked offsets, so the journal may still hold one) fails at once with
 * the reason: retrying cannot change it, and meanwhile the patient's later records would wait.
 */
class RecordContentFailureIT {

    private final ObjectMapper json = new ObjectMapper();
    private final FhirContext fhir = FhirContext.forR4Cached();

    @Test
    void aRecordTheMappingCannotTurnIntoFhirFailsAtOnceWithTheReason() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:record-content-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(dataSource).load().migrate();
        Journal journal = new Journal(new JdbcTemplate(dataSource),
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)), json, Clock.systemUTC());
        ObjectNode stored = Examples.mutated("vitals.json",
                Map.of("/readings/0/time", TextNode.valueOf("2026-11-20T08:58:00+05:30:15")), List.of());
        stored.put("revision", 1);
        journal.accept(List.of(new IncomingRecord("", new RecordBinding(json).bind(RecordKind.VITALS, stored), stored, null)),
                "test");
        InstrumentCatalog instruments = InstrumentCatalog.load();
        RecordMapping mapping = RecordMapping.standard(new ResourceIdentities("urn:test", "urn:mrn"), instruments, "Test clinic",
                new RemsSetting(false, null, null, null, null, null, null, null, null));
        BundlePreparation preparation = new BundlePreparation(json, mapping, SessionDirectory.NONE, new ProfileValidator(fhir),
                new DeliveryMetrics(new SimpleMeterRegistry(), journal));
        DeliveryQueue queue = new DeliveryQueue(journal, new DeliveryProperties(Duration.ofMillis(100), 10, 8,
                Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofHours(1), 1), Clock.systemUTC(), fhir);
        JournalEntry entry = queue.claimDue().get(0);

        queue.recordFailure(entry, (Exception) catchThrowable(() -> preparation.prepare(entry)));

        JournalEntry failed = journal.find("vitals", "V-88231").orElseThrow();
        assertThat(failed.state()).isEqualTo(RecordState.FAILED);
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.lastError()).contains("cannot be mapped to FHIR").contains("Timezone offset");
    }
}
