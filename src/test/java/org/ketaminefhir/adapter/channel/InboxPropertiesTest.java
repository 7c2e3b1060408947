package org.ketaminefhir.adapter.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.adapter.testsupport.ShippedSettings;
import org.springframework.boot.context.properties.bind.BindException;

/** {@code adapter.inbox.*} as docs/interface.md documents it (the poll interval a number of milliseconds), in one record. */
class InboxPropertiesTest {

    @Test
    void theShippedSettingsWatchInboxEverySecond() {
        InboxProperties inbox = ShippedSettings.bind("adapter.inbox", InboxProperties.class, Map.of());

        assertThat(inbox.dir()).isEqualTo(Path.of("inbox"));
        assertThat(inbox.pollInterval()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void anOperatorsFolderAndMillisecondsAreTaken() {
        InboxProperties inbox = ShippedSettings.bind(
                "adapter.inbox",
                InboxProperties.class,
                Map.of("adapter.inbox.dir", "/srv/drop", "adapter.inbox.poll-interval", "200"));

        assertThat(inbox.dir()).isEqualTo(Path.of("/srv/drop"));
        assertThat(inbox.pollInterval()).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void anIntervalThatIsNoDurationIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> ShippedSettings.bind(
                        "adapter.inbox", InboxProperties.class, Map.of("adapter.inbox.poll-interval", "often")))
                .isInstanceOf(BindException.class)
                .hasMessageContaining("adapter.inbox.poll-interval");
    }
}
