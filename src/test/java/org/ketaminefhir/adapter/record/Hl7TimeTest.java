package org.ketaminefhir.adapter.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** HL7 TS/DTM values: the time sent, how precise it is and its offset, or nothing when it is no time. */
class Hl7TimeTest {

    @ParameterizedTest
    @CsvSource({
        "2024, YEARS, 2024-01-01T00:00",
        "202403, MONTHS, 2024-03-01T00:00",
        "20240309, DAYS, 2024-03-09T00:00",
        "2024030914, HOURS, 2024-03-09T14:00",
        "202403091405, MINUTES, 2024-03-09T14:05",
        "20240309140507, SECONDS, 2024-03-09T14:05:07",
        "20240309140507.1234, SECONDS, 2024-03-09T14:05:07.123400"
    })
    void aSenderMayStopAtAnyComponentAndTheRestAreTheirFirstValue(
            String value, ChronoUnit precision, LocalDateTime local) {
        Hl7Time time = Hl7Time.parse(value).orElseThrow();

        assertThat(time.precision()).isEqualTo(precision);
        assertThat(time.local()).isEqualTo(local);
        assertThat(time.offset()).isEmpty();
        assertThat(time.toTheMinute()).isEqualTo(precision.compareTo(ChronoUnit.MINUTES) <= 0);
    }

    @ParameterizedTest
    @CsvSource({"202403091405+0000, Z", "202403091405-0430, -04:30", " 202403091405+0530 , +05:30", "2024+1400, +14:00"
    })
    void theOffsetIsReadWithItsSignAndMinutes(String value, ZoneOffset offset) {
        assertThat(Hl7Time.parse(value).orElseThrow().offset()).contains(offset);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "20240230",
                "20241301",
                "202403091460",
                "2024-03-09T14:05",
                "202403091405+05",
                "202403091405+2500",
                "20240309140507.12345",
                "202403091405Z"
            })
    void aValueThatIsNoHl7TimeOrNamesNoRealDateIsNothing(String value) {
        assertThat(Hl7Time.parse(value)).isEmpty();
    }
}
