package org.ketaminefhir.adapter.journal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import org.ketaminefhir.adapter.mapping.SessionDirectory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** The journal on the configured DataSource (H2 file by default; Flyway creates the schema). */
@Configuration
@EnableConfigurationProperties(JournalProperties.class)
class JournalConfig {

    @Bean
    public Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    public Journal journal(
            JdbcTemplate jdbc,
            TransactionTemplate transactions,
            ObjectMapper json,
            Clock clock,
            PatientKeys patientKeys) {
        return new Journal(jdbc, transactions, json, clock, patientKeys);
    }

    /** With no {@code adapter.journal.patient-key-secret}, the installation makes its own (PatientKeys). */
    @Bean
    public PatientKeys patientKeys(
            JdbcTemplate jdbc, TransactionTemplate transactions, ObjectMapper json, JournalProperties properties) {
        return PatientKeys.install(jdbc, transactions, json, properties.configuredPatientKeySecret());
    }

    @Bean
    public AuditTrail auditTrail(JdbcTemplate jdbc, Clock clock) {
        return new AuditTrail(jdbc, clock);
    }

    @Bean
    public RecordListing recordListing(JdbcTemplate jdbc) {
        return new RecordListing(jdbc);
    }

    @Bean
    public PayloadPurge payloadPurge(
            JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock, JournalProperties properties) {
        return new PayloadPurge(jdbc, transactions, clock, properties.payloadRetention());
    }

    @Bean
    public SessionDirectory sessionDirectory(Journal journal) {
        return new JournalSessionDirectory(journal);
    }
}
