package org.ketaminefhir.adapter.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.ketaminefhir.adapter.journal.Journal;
import org.ketaminefhir.adapter.journal.RecordIntake;
import org.ketaminefhir.adapter.ops.DeliveryMetrics;
import org.ketaminefhir.adapter.record.JsonRecordReader;
import org.ketaminefhir.adapter.record.SubmissionChecker;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The REST API's collaborators. */
@Configuration
@EnableConfigurationProperties(ApiProperties.class)
class ApiConfig {

    @Bean
    SubmissionBody submissionBody(JsonRecordReader reader, ApiProperties limits) {
        return new SubmissionBody(reader, limits);
    }

    @Bean
    ProblemReportValve.Installer problemReportValve(ObjectMapper json) {
        return new ProblemReportValve.Installer(json);
    }

    @Bean
    public RecordIntake recordIntake(SubmissionChecker checker, Journal journal, DeliveryMetrics metrics) {
        return new RecordIntake(checker, journal, receipt -> metrics.received(receipt.kind()));
    }
}
