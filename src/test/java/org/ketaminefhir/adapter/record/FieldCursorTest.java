package org.ketaminefhir.adapter.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the checker says of one field: where (the JSON pointer), what was wrong and what is accepted. */
class FieldCursorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Optional<ZoneId> LOS_ANGELES = Optional.of(ZoneId.of("America/Los_Angeles"));

    private final List<FieldError> errors = new ArrayList<>();

    private FieldCursor cursor(String json) {
        return cursor(json, Optional.empty());
    }

    private FieldCursor cursor(String json, Optional<ZoneId> clinicZone) {
        try {
            return new FieldCursor((ObjectNode) JSON.readTree(json), "/0", errors, clinicZone);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Nothing was read, and the one error is this. */
    private void assertRefused(Optional<?> read, String error) {
        assertThat(read).isEmpty();
        assertThat(said()).containsExactly(error);
    }

    private List<String> said() {
        return errors.stream().map(FieldError::toString).toList();
    }

    @Test
    void aRequiredFieldMissingOrNullIsRequiredAndAnOptionalOneIsNothing() {
        FieldCursor record = cursor("{\"status\": null}");

        assertThat(record.string("status", true)).isEmpty();
        assertThat(record.string("sourceId", true)).isEmpty();
        assertThat(record.string("note", false)).isEmpty();
        assertThat(record.number("weightKg", false, BigDecimal.ONE, BigDecimal.TEN))
                .isEmpty();

        assertThat(said()).containsExactly("/0/status: is required", "/0/sourceId: is required");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "42 | must be a string, got the integer 42",
                "1.5 | must be a string, got the number 1.5",
                "true | must be a string, got a boolean",
                "[] | must be a string, got an array",
                "{} | must be a string, got an object",
                "'  ' | must not be blank"
            })
    void aStringFieldNamesWhatWasSentInstead(String value, String message) {
        assertRefused(
                cursor("{\"drug\": " + (value.isBlank() ? "\"" + value + "\"" : value) + "}")
                        .string("drug", true),
                "/0/drug: " + message);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "K24\\u000111A | U+0001 at position 4",
                "K24\\u007F | U+007F at position 4", // DEL
                "\\u0085K24 | U+0085 at position 1"
            }) // a C1 control (NEL)
    void aControlCharacterIsRefusedNamingItsCodeAndPosition(String escaped, String which) {
        assertRefused(
                cursor("{\"lotNumber\": \"" + escaped + "\"}").string("lotNumber", true),
                "/0/lotNumber: holds the control character " + which
                        + "; expected text without control characters (tab, CR and LF are accepted)");
    }

    @Test
    void tabCarriageReturnAndLineFeedAreText() {
        assertThat(cursor("{\"note\": \"first\\tline\\r\\nsecond\"}").string("note", true))
                .contains("first\tline\r\nsecond");
        assertThat(errors).isEmpty();
    }

    @Test
    void aValueOutsideTheAcceptedSetIsQuotedWithTheSetInOrder() {
        FieldCursor record = cursor("{\"route\": \"iv\"}");

        assertRefused(
                record.oneOf("route", true, Set.of("IV", "IM", "IN")),
                "/0/route: 'iv' is not accepted; expected one of IM, IN, IV");
    }

    @Test
    void anIdentifierOfAPatientThePatternRefusesIsNotQuotedBack() {
        FieldCursor patient = cursor("{\"mrn\": \"078-05-1120\"}");

        assertRefused(
                patient.matchingUnquoted("mrn", true, Pattern.compile("\\d{1,20}"), "1 to 20 digits"),
                "/0/mrn: is not accepted; expected 1 to 20 digits");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "3.5 | must be an integer from 1 to 10, got the number 3.5",
                "1099511627776 | must be an integer from 1 to 10, got the integer 1099511627776", // beyond an int
                "\"2\" | must be an integer from 1 to 10, got a string",
                "11 | 11 is out of range; expected an integer from 1 to 10",
                "0 | 0 is out of range; expected an integer from 1 to 10"
            })
    void anIntegerOutsideItsRangeOrOfAnotherTypeSaysTheRange(String value, String message) {
        assertRefused(
                cursor("{\"revision\": " + value + "}").integer("revision", true, 1, 10), "/0/revision: " + message);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "1e309 | got a number too large to read", // infinite as a double: no decimal value to compare
                "-1e309 | got a number too large to read",
                "\"80\" | got a string",
                "false | got a boolean"
            })
    void aNumberThatCannotBeReadSaysTheRangeAndTheUnit(String value, String sent) {
        assertRefused(
                cursor("{\"heartRate\": " + value + "}")
                        .number("heartRate", true, BigDecimal.ZERO, new BigDecimal("300"), "beats/min"),
                "/0/heartRate: must be a number from 0 to 300 (beats/min), " + sent);
    }

    @Test
    void aNumberOutOfRangeIsQuotedInPlainNotation() {
        FieldCursor reading = cursor("{\"heartRate\": 3.015e2, \"spo2\": 1e2}");

        assertThat(reading.number("heartRate", true, BigDecimal.ZERO, new BigDecimal("300"), "beats/min"))
                .isEmpty();
        assertThat(reading.number("spo2", true, BigDecimal.ZERO, new BigDecimal("100")))
                .hasValueSatisfying(spo2 -> assertThat(spo2).isEqualByComparingTo("100"));

        assertThat(said()).containsExactly("/0/heartRate: 301.5 is out of range; expected 0 to 300 (beats/min)");
    }

    @Test
    void aBooleanIsTrueOrFalseNotItsText() {
        FieldCursor session = cursor("{\"adverseEvent\": \"yes\", \"given\": false}");

        assertThat(session.bool("adverseEvent", true)).isEmpty();
        assertThat(session.bool("given", true)).contains(false);

        assertThat(said()).containsExactly("/0/adverseEvent: must be true or false, got a string");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "1984-02-30 | '1984-02-30' is not a date; expected YYYY-MM-DD, e.g. 1984-03-09",
                "09/03/1984 | '09/03/1984' is not a date; expected YYYY-MM-DD, e.g. 1984-03-09",
                "0000-01-01 | '0000-01-01' has the year 0, which FHIR cannot hold; expected a year from 0001 to 9999",
                "+10000-01-01 | '+10000-01-01' has the year 10000, which FHIR cannot hold; expected a year from 0001 to 9999"
            })
    void aDateFhirCannotHoldIsRefusedSayingTheForm(String date, String message) {
        assertRefused(cursor("{\"birthDate\": \"" + date + "\"}").date("birthDate", true), "/0/birthDate: " + message);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "2026-11-20T09:05:00+15:00 | has the UTC offset +15:00, which FHIR cannot hold; expected an offset from -14:00 to +14:00 in whole minutes, e.g. -08:00",
                "2026-11-20T09:05:00+05:30:15 | has the UTC offset +05:30:15, which FHIR cannot hold; expected an offset from -14:00 to +14:00 in whole minutes, e.g. -08:00",
                "+10000-11-20T09:05:00Z | has the year 10000, which FHIR cannot hold; expected a year from 0001 to 9999",
                "0000-11-20T09:05:00Z | has the year 0, which FHIR cannot hold; expected a year from 0001 to 9999",
                "20/11/2026 09:05 | is not an ISO-8601 time; expected e.g. 2026-11-20T09:05:00-08:00",
                "2026-11-20T09:05:00 | has no UTC offset; send it with one, e.g. 2026-11-20T09:05:00-08:00, or configure adapter.clinic.time-zone"
            })
    void aTimeFhirCannotHoldOrWithoutOffsetAndZoneIsRefusedQuotingIt(String time, String problem) {
        assertRefused(cursor("{\"time\": \"" + time + "\"}").time("time", true), "/0/time: '" + time + "' " + problem);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "2026-01-15T09:05:00 | 2026-01-15T09:05-08:00", // PST
                "2026-07-15T09:05:00 | 2026-07-15T09:05-07:00", // PDT
                "2026-07-15T09:05:00-04:00 | 2026-07-15T09:05-04:00"
            }) // an offset sent is kept, whatever the zone
    void aTimeWithoutOffsetIsReadInTheClinicZoneAndWrittenBackWithItsOffset(String sent, String read) {
        FieldCursor reading = cursor("{\"time\": \"" + sent + "\"}", LOS_ANGELES);

        assertThat(reading.time("time", true))
                .hasValueSatisfying(time -> assertThat(time).hasToString(read));

        assertThat(errors).isEmpty();
        assertThat(reading.node().get("time").asText())
                .as("what the journal keeps")
                .isEqualTo(read.replace("09:05", "09:05:00"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "2026-03-08T02:30:00 | does not exist in America/Los_Angeles (the clocks skip it for daylight saving time); "
                        + "send it with its UTC offset, e.g. 2026-11-20T09:05:00-08:00",
                "2026-11-01T01:30:00 | happens twice in America/Los_Angeles (at -07:00 and again at -08:00, when the clocks go back); "
                        + "send it with its UTC offset, e.g. 2026-11-01T01:30:00-07:00"
            })
    void aLocalTimeTheClinicZoneSkipsOrHasTwiceIsRefusedNotShifted(String time, String problem) {
        FieldCursor reading = cursor("{\"time\": \"" + time + "\"}", LOS_ANGELES);

        assertThat(reading.time("time", true)).isEmpty();

        assertThat(said()).containsExactly("/0/time: '" + time + "' " + problem);
        assertThat(reading.node().get("time").asText()).as("left as sent").isEqualTo(time);
    }

    @Test
    void nestedObjectsAndArrayElementsAreNamedByTheirFullPointer() {
        FieldCursor record =
                cursor("{\"patient\": {\"mrn\": 7}, \"readings\": [{\"time\": 1}, 5], \"medication\": \"ketamine\"}");

        record.object("patient", true).orElseThrow().string("mrn", true);
        record.objects("readings", true).forEach(reading -> reading.string("time", true));
        assertThat(record.object("medication", true)).isEmpty();
        assertThat(record.array("patient", true)).isEmpty();

        assertThat(said())
                .containsExactly(
                        "/0/patient/mrn: must be a string, got the integer 7",
                        "/0/readings/1: must be an object, got the integer 5",
                        "/0/readings/0/time: must be a string, got the integer 1",
                        "/0/medication: must be an object, got a string",
                        "/0/patient: must be an array, got an object");
    }

    @Test
    void anArrayOverItsLimitIsRefusedWholeNamingTheLimitAndItsKey() {
        FieldCursor record = cursor("{\"readings\": [{}, 5, {}]}");

        List<FieldCursor> readings = record.objects(
                "readings", true, new FieldCursor.Limit(2, "readings", "adapter.limits.readings-per-record"));

        assertThat(readings).isEmpty();
        assertThat(said())
                .as("its elements are not looked at")
                .containsExactly(
                        "/0/readings: has 3 readings; at most 2 are accepted (adapter.limits.readings-per-record)");
    }

    @Test
    void aDefaultIsSetOnlyWhereNothingWasSent() {
        FieldCursor record = cursor("{\"revision\": 3}");
        FieldCursor fresh = cursor("{\"revision\": null}");

        record.setDefault("revision", 1);
        fresh.setDefault("revision", 1);

        assertThat(record.node().get("revision").asInt()).isEqualTo(3);
        assertThat(fresh.node().get("revision").asInt()).isEqualTo(1);
    }
}
