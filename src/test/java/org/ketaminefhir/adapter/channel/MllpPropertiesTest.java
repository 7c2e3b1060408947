package org.ketaminefhir.adapter.channel;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.adapter.config.InvalidConfigurationException;

/** Limits the listener cannot run with stop the start, naming the key. */
class MllpPropertiesTest {

    @Test
    void aFrameLimitBelowOneKilobyteIsRefused() {
        assertThatThrownBy(() -> properties(512, Duration.ofMinutes(5), Duration.ofSeconds(30)))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("adapter.mllp.max-frame-bytes: 512");
    }

    @Test
    void aTimeoutOfZeroIsRefused() {
        assertThatThrownBy(() -> properties(1_048_576, Duration.ZERO, Duration.ofSeconds(30)))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("adapter.mllp.idle-timeout");
        assertThatThrownBy(() -> properties(1_048_576, Duration.ofMinutes(5), Duration.ofSeconds(-1)))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("frame-timeout");
    }

    private static MllpProperties properties(int maxFrameBytes, Duration idle, Duration frame) {
        return new MllpProperties(2575, java.util.List.of("MR"), null, java.time.Duration.ofDays(1), null, null, null, maxFrameBytes, idle, frame);
    }
}
