package org.ketaminefhir.adapter.channel;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.ChannelHandler;
import java.nio.charset.StandardCharsets;
import org.apache.camel.component.hl7.HL7MLLPNettyEncoderFactory;
import org.apache.camel.component.netty.ChannelHandlerFactory;
import org.apache.camel.component.netty.DefaultChannelHandlerFactory;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.ketaminefhir.adapter.journal.RecordIntake;
import org.ketaminefhir.adapter.record.ClinicProperties;
import org.ketaminefhir.adapter.record.JsonRecordReader;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The beans the channel routes (routes/inbox-*.camel.yaml, routes/mllp-monitors.camel.yaml) call by name. */
@Configuration
@EnableConfigurationProperties({MllpProperties.class, InboxProperties.class})
class ChannelConfig {

    /**
     * MLLP framing for the Netty listener, one decoder per connection: two messages in one TCP read and one
     * message across several are both read whole, as Strings (in MSH-18's character set, else adapter.mllp.charset, invalid bytes refused) with no HAPI parsing or validation (the
     * intake reads the message itself and answers every problem with an ACK). Bounded in size and time
     * (adapter.mllp.max-frame-bytes, idle-timeout, frame-timeout), which camel-hl7's own decoder is not.
     */
    @Bean
    public ChannelHandlerFactory mllpFrameDecoder(MllpProperties properties) {
        return new DefaultChannelHandlerFactory() {
            @Override
            public ChannelHandler newChannelHandler() {
                return new MllpFrameDecoder(
                        properties.maxFrameBytes(),
                        properties.charset(),
                        properties.idleTimeout(),
                        properties.frameTimeout());
            }
        };
    }

    /** First in an MLLP route's decoders: closes connections from peers not in adapter.mllp.allowed-peers. */
    @Bean
    public MllpPeerFilter mllpPeerFilter(MllpProperties properties) {
        return MllpPeerFilter.of(properties.allowedPeers());
    }

    /** camel-hl7's MLLP framing of the ACK (start block, text, end block), UTF-8. */
    @Bean
    public HL7MLLPNettyEncoderFactory hl7MllpEncoder() {
        HL7MLLPNettyEncoderFactory encoder = new HL7MLLPNettyEncoderFactory();
        encoder.setCharset(StandardCharsets.UTF_8);
        return encoder;
    }

    @Bean
    public Hl7Intake hl7Intake(RecordIntake intake, MllpProperties properties, ClinicProperties clinic) {
        return new Hl7Intake(intake, properties, properties.reader(clinic.zone()));
    }

    /** Stops the start when an MLLP route names a vendor code map that is not configured. */
    @Bean
    public CamelContextConfiguration vendorCodeMapRoutes(MllpProperties properties) {
        return new VendorCodeMapRoutes(properties);
    }

    @Bean
    public FileDropIntake fileDropIntake(RecordIntake intake, JsonRecordReader reader, ObjectMapper json) {
        return new FileDropIntake(intake, reader, json);
    }
}
