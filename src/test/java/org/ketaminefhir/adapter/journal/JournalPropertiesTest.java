package org.ketaminefhir.adapter.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.adapter.testsupport.ShippedSettings;
import org.springframework.boot.context.properties.bind.BindException;

/** {@code adapter.journal.*} as docs/interface.md documents it, bound into one record. */
class JournalPropertiesTest {

    @Test
    void theShippedSettingsKeepBodiesThirtyDaysPurgeHourlyAndLetTheInstallationMakeItsSecret() {
        JournalProperties journal = ShippedSettings.bind("adapter.journal", JournalProperties.class, Map.of());

        assertThat(journal.payloadRetention()).isEqualTo(Duration.ofDays(30));
        assertThat(journal.purgeInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(journal.configuredPatientKeySecret()).isEmpty();
    }

    @Test
    void anOperatorsValuesAreTaken() {
        JournalProperties journal = ShippedSettings.bind(
                "adapter.journal",
                JournalProperties.class,
                Map.of(
                        "adapter.journal.payload-retention",
                        "7d",
                        "adapter.journal.purge-interval",
                        "500ms",
                        "adapter.journal.patient-key-secret",
                        "same-on-every-instance"));

        assertThat(journal.payloadRetention()).isEqualTo(Duration.ofDays(7));
        assertThat(journal.purgeInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(journal.configuredPatientKeySecret()).contains("same-on-every-instance");
    }

    @Test
    void aBlankSecretIsNoSecret() {
        assertThat(ShippedSettings.bind(
                                "adapter.journal",
                                JournalProperties.class,
                                Map.of("adapter.journal.patient-key-secret", "   "))
                        .configuredPatientKeySecret())
                .isEmpty();
    }

    @Test
    void aRetentionThatIsNoDurationIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> ShippedSettings.bind(
                        "adapter.journal",
                        JournalProperties.class,
                        Map.of("adapter.journal.payload-retention", "a month")))
                .isInstanceOf(BindException.class)
                .hasMessageContaining("adapter.journal.payload-retention");
    }
}
