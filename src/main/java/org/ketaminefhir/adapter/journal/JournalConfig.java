package org.ketaminefhir.adapter.journal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.ketaminefhir.adapter.mapping.SessionDirectory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** The journal on the configured DataSource (H2 file by default; Flyway creates the schema). */
@Configuration
public class JournalConfig {

    @Bean
    public Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    public Journal journal(JdbcTemplate jdbc, TransactionTemplate transactions, ObjectMapper json, Clock clock,
                           PatientKeys patientKeys) {
        return new Journal(jdbc, transactions, json, clock, patientKeys);
    }

    /** @param secret {@code adapter.journal.patient-key-secret}: unset, the installation makes its own (PatientKeys) */
    @Bean
    public PatientKeys patientKeys(JdbcTemplate jdbc, TransactionTemplate transactions, ObjectMapper json,
                                   @Value("${adapter.journal.patient-key-secret:}") String secret) {
        return PatientKeys.install(jdbc, transactions, json, Optional.of(secret).filter(value -> !value.isBlank()));
    }

    @Bean
    public AuditTrail auditTrail(JdbcTemplate jdbc, Clock clock) {
        return new AuditTrail(jdbc, clock);
    }

    @Bean
    public RecordListing recordListing(JdbcTemplate jdbc) {
        return new RecordListing(jdbc);
    }

    /** @param retention {@code adapter.journal.payload-retention}: how long a delivered record's body is kept */
    @Bean
    public PayloadPurge payloadPurge(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock,
                                     @Value("${adapter.journal.payload-retention:30d}") Duration retention) {
        return new PayloadPurge(jdbc, transactions, clock, retention);
    }

    @Bean
    public SessionDirectory sessionDirectory(Journal journal) {
        return new JournalSessionDirectory(journal);
    }
}
