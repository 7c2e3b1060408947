package org.ketaminefhir.adapter.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.adapter.config.InvalidConfigurationException;

class EhrPropertiesTest {

    @Test
    void aRetryOfNothingOrAWaitBeforeReceiptStopsTheStartNamingTheKey() {
        assertThat(problem(Duration.ZERO, Duration.ofHours(24)))
                .startsWith("adapter.ehr.encounter-retry: PT0S is not a wait");
        assertThat(problem(Duration.ofMinutes(5), Duration.ofHours(-1)))
                .startsWith("adapter.ehr.encounter-wait: PT-1H is negative");
        assertThatCode(() -> ehr(Duration.ofMinutes(5), Duration.ZERO).check())
                .as("no waiting at all")
                .doesNotThrowAnyException();
    }

    private static String problem(Duration retry, Duration wait) {
        try {
            ehr(retry, wait).check();
            throw new AssertionError("accepted");
        } catch (InvalidConfigurationException e) {
            return e.getMessage();
        }
    }

    private static EhrProperties ehr(Duration retry, Duration wait) {
        return new EhrProperties(
                "https://ehr.example.org/fhir/R4",
                "auto",
                null,
                new EhrProperties.Auth("none", null, null, null, null, null, null, null, null),
                Duration.ofSeconds(10),
                Duration.ofSeconds(60),
                retry,
                wait);
    }
}
