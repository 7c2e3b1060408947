package org.ketaminefhir.adapter.journal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import org.ketaminefhir.adapter.mapping.SessionDirectory;
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
    public Journal journal(JdbcTemplate jdbc, TransactionTemplate transactions, ObjectMapper json, Clock clock) {
        return new Journal(jdbc, transactions, json, clock);
    }

    @Bean
    public SessionDirectory sessionDirectory(Journal journal) {
        return new JournalSessionDirectory(journal);
    }
}
