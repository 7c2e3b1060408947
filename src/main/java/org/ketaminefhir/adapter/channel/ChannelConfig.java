package org.ketaminefhir.adapter.channel;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.ketaminefhir.adapter.journal.RecordIntake;
import org.ketaminefhir.adapter.record.JsonRecordReader;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The beans the channel routes (routes/inbox-*.camel.yaml) call by name. */
@Configuration
public class ChannelConfig {

    @Bean
    public FileDropIntake fileDropIntake(RecordIntake intake, JsonRecordReader reader, ObjectMapper json) {
        return new FileDropIntake(intake, reader, json);
    }
}
