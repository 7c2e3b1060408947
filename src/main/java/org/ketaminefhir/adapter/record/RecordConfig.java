package org.ketaminefhir.adapter.record;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.ketaminefhir.adapter.instrument.InstrumentCatalog;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Reading and checking records. */
@Configuration
@EnableConfigurationProperties(RecordLimitProperties.class)
public class RecordConfig {

    @Bean
    public RecordChecker recordChecker(
            ObjectMapper json,
            InstrumentCatalog instruments,
            ClinicProperties clinic,
            RecordLimitProperties limits,
            PatientProperties patients) {
        return new RecordChecker(json, instruments, clinic.zone(), limits, patients.mrn());
    }

    @Bean
    public SubmissionChecker submissionChecker(RecordChecker checker) {
        return new SubmissionChecker(checker);
    }

    @Bean
    public JsonRecordReader jsonRecordReader(ObjectMapper json) {
        return new JsonRecordReader(json);
    }
}
