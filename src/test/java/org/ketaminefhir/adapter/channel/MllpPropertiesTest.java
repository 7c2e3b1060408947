package org.ketaminefhir.adapter.channel;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.adapter.config.InvalidConfigurationException;

/** Limits and identifier types the listener cannot run with stop the start, naming the key. */
class MllpPropertiesTest {

    @Test
    void aFrameLimitBelowOneKilobyteIsRefused() {
        assertThatThrownBy(() -> properties(512, Duration.ofMinutes(5), Duration.ofSeconds(30)))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("adapter.mllp.max-frame-bytes: 512");
    }

    @Test
    void aTimeoutOfZeroIsRefused() {
        assertThatThrownBy(() -> properties(1_048_576, Duration.ZERO, Duration.ofSeconds(30)))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("adapter.mllp.idle-timeout");
        assertThatThrownBy(() -> properties(1_048_576, Duration.ofMinutes(5), Duration.ofSeconds(-1)))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("frame-timeout");
    }

    @Test
    void aPersonsNationalOrInsuranceNumberIsRefusedAsAnMrnType() {
        assertThatThrownBy(() -> new MllpProperties(
                        2575,
                        List.of("MR", "ss"),
                        null,
                        Duration.ofDays(1),
                        null,
                        null,
                        null,
                        1_048_576,
                        Duration.ofMinutes(5),
                        Duration.ofSeconds(30),
                        StandardCharsets.UTF_8))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("adapter.mllp.mrn-identifier-types: ss")
                .hasMessageContaining("table 0203");
    }

    @Test
    void aCodeMappedToNoKnownMeasurementIsRefusedAtStart() {
        assertThatThrownBy(() -> new MllpProperties(
                        2575,
                        List.of("MR"),
                        null,
                        Duration.ofDays(1),
                        Map.of("VND-HR", "heartrate"),
                        null,
                        null,
                        1_048_576,
                        Duration.ofMinutes(5),
                        Duration.ofSeconds(30),
                        StandardCharsets.UTF_8))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("adapter.mllp.code-map")
                .hasMessageContaining("VND-HR: heartrate");
        assertThatThrownBy(() -> new MllpProperties(
                        2575,
                        List.of("MR"),
                        null,
                        Duration.ofDays(1),
                        Map.of("VND-X", "ignore"),
                        Map.of("ward-b", Map.of("VND-T", "temperature")),
                        null,
                        1_048_576,
                        Duration.ofMinutes(5),
                        Duration.ofSeconds(30),
                        StandardCharsets.UTF_8))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("adapter.mllp.vendor-code-maps.ward-b")
                .hasMessageContaining("VND-T: temperature");
    }

    private static MllpProperties properties(int maxFrameBytes, Duration idle, Duration frame) {
        return new MllpProperties(
                2575,
                List.of("MR"),
                null,
                Duration.ofDays(1),
                null,
                null,
                null,
                maxFrameBytes,
                idle,
                frame,
                StandardCharsets.UTF_8);
    }
}
