package org.ketaminefhir.adapter.channel;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.ketaminefhir.adapter.journal.RecordIntake;
import org.ketaminefhir.adapter.record.JsonRecordReader;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The beans the channel routes (routes/inbox-*.camel.yaml, routes/mllp-monitors.camel.yaml) call by name. */
@Configuration
@EnableConfigurationProperties(MllpProperties.class)
public class ChannelConfig {

    @Bean
    public Hl7Intake hl7Intake(RecordIntake intake, MllpProperties properties) {
        return new Hl7Intake(intake, properties);
    }

    @Bean
    public FileDropIntake fileDropIntake(RecordIntake intake, JsonRecordReader reader, ObjectMapper json) {
        return new FileDropIntake(intake, reader, json);
    }
}
