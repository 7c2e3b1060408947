package org.ketaminefhir.adapter.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ketaminefhir.adapter.instrument.InstrumentCatalog;
import org.ketaminefhir.adapter.testsupport.Examples;
import org.ketaminefhir.adapter.testsupport.Rejections;

class RecordCheckerTest {

    private static final InstrumentCatalog INSTRUMENTS = InstrumentCatalog.load();
    private final ObjectMapper json = new ObjectMapper();
    private final RecordChecker checker = new RecordChecker(json, INSTRUMENTS, Optional.empty());

    static List<Path> examples() {
        return Examples.all();
    }

    static List<Rejections.Case> rejections() {
        return Rejections.all();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyContractExampleIsAcceptedAsWritten(Path example) {
        CheckResult result = checker.check(Examples.json(example.getFileName().toString()), "", null);

        assertThat(result.errors()).isEmpty();
        assertThat(result.record().sourceId()).isNotBlank();
    }

    @ParameterizedTest
    @MethodSource("rejections")
    void badInputIsRejectedNamingTheField(Rejections.Case bad) {
        CheckResult result = checker.check(bad.record(), "", null);

        assertThat(result.isAccepted()).isFalse();
        assertThat(result.errors()).as("errors of '%s'", bad.name()).anySatisfy(error -> {
            assertThat(error.pointer()).isEqualTo(bad.pointer());
            assertThat(error.message()).contains(bad.message());
        });
    }

    @Test
    void everyErrorOfARecordIsReportedAtOnce() {
        ObjectNode record = Examples.mutated(
                "session-ketamine-iv.json",
                Map.of(
                        "/medication/route",
                        TextNode.valueOf("IO"),
                        "/vitals/0/spo2",
                        json.getNodeFactory().numberNode(120)),
                List.of("/sourceId"));

        List<FieldError> errors = checker.check(record, "/3", null).errors();

        assertThat(errors)
                .extracting(FieldError::pointer)
                .containsExactlyInAnyOrder("/3/sourceId", "/3/medication/route", "/3/vitals/0/spo2");
    }

    @Test
    void aSessionNamesTheEhrsVisitByItsIdOrByItsVisitNumber() {
        ObjectNode byId = Examples.mutated(
                "session-ketamine-iv.json",
                Map.of("/ehrEncounter", json.createObjectNode().put("id", "eVfX3.1-a")),
                List.of());

        SessionRecord.EhrEncounter named =
                ((SessionRecord) checker.check(byId, "", null).record()).ehrEncounter();
        SessionRecord.EhrEncounter numbered = ((SessionRecord)
                        checker.check(Examples.json("session-ketamine-im-ehr-visit.json"), "", null)
                                .record())
                .ehrEncounter();

        assertThat(named).isEqualTo(new SessionRecord.EhrEncounter("eVfX3.1-a", null));
        assertThat(numbered)
                .isEqualTo(new SessionRecord.EhrEncounter(
                        null, new SessionRecord.VisitIdentifier("urn:oid:2.16.840.1.113883.3.999.7", "7001234")));
    }

    @Test
    void aVisitNumberRefusedIsNotQuotedBack() {
        ObjectNode tooLong = Examples.mutated(
                "session-ketamine-im-ehr-visit.json",
                Map.of("/ehrEncounter/identifier/value", TextNode.valueOf("7001234".repeat(30))),
                List.of());

        assertThat(checker.check(tooLong, "", null).errors()).singleElement().satisfies(error -> {
            assertThat(error.pointer()).isEqualTo("/ehrEncounter/identifier/value");
            assertThat(error.message())
                    .isEqualTo("is not accepted; expected the EHR's visit number, 1 to 200 characters");
        });
    }

    @Test
    void anMrnSystemOfTheRecordIsAnIdentifierSystemThatStaysOneSearchToken() {
        ObjectNode facilityB = Examples.mutated(
                "vitals.json", Map.of("/patient/mrnSystem", TextNode.valueOf("urn:oid:1.3.4.565")), List.of());
        ObjectNode piped = Examples.mutated(
                "vitals.json", Map.of("/patient/mrnSystem", TextNode.valueOf("urn:oid:1.3|x")), List.of());

        assertThat(checker.check(facilityB, "", null).record().patient().mrnSystem())
                .isEqualTo("urn:oid:1.3.4.565");
        assertThat(checker.check(piped, "", null).errors())
                .extracting(FieldError::pointer)
                .containsExactly("/patient/mrnSystem");
    }

    @Test
    void revisionDefaultsToOne() {
        CheckResult result = checker.check(Examples.json("vitals.json"), "", null);

        assertThat(result.record().revision()).isEqualTo(1);
        assertThat(result.normalized().get("revision").asInt()).isEqualTo(1);
    }

    @Test
    void aTimeWithoutOffsetIsReadInTheConfiguredClinicZoneAcrossDaylightSaving() {
        RecordChecker inLosAngeles =
                new RecordChecker(json, INSTRUMENTS, Optional.of(ZoneId.of("America/Los_Angeles")));
        ObjectNode vitals = Examples.mutated(
                "vitals.json",
                Map.of(
                        "/readings/0/time", TextNode.valueOf("2026-11-20T09:15:00"),
                        "/readings/1/time", TextNode.valueOf("2026-07-20T09:35:00")),
                List.of());

        CheckResult result = inLosAngeles.check(vitals, "", null);

        assertThat(result.errors()).isEmpty();
        assertThat(result.normalized().at("/readings/0/time").asText()).isEqualTo("2026-11-20T09:15:00-08:00");
        assertThat(result.normalized().at("/readings/1/time").asText()).isEqualTo("2026-07-20T09:35:00-07:00");
    }

    @Test
    void aChannelThatImpliesTheKindRefusesAnotherKind() {
        CheckResult result = checker.check(Examples.json("vitals.json"), "", RecordKind.SESSION);

        assertThat(result.errors()).extracting(FieldError::pointer).contains("/kind");
    }

    @Test
    void aQuestionnaireWithOnlyATotalIsAccepted() {
        ObjectNode totalOnly = Examples.mutated("questionnaire-phq9.json", Map.of(), List.of("/answers"));

        assertThat(checker.check(totalOnly, "", null).errors()).isEmpty();
    }

    @Test
    void aLocalTimeTheClocksSkipIsRefusedNamingTheGap() {
        RecordChecker inLosAngeles =
                new RecordChecker(json, INSTRUMENTS, Optional.of(ZoneId.of("America/Los_Angeles")));
        ObjectNode vitals = Examples.mutated(
                "vitals.json", Map.of("/readings/0/time", TextNode.valueOf("2026-03-08T02:30:00")), List.of());

        List<FieldError> errors = inLosAngeles.check(vitals, "", null).errors();

        assertThat(errors).singleElement().satisfies(error -> {
            assertThat(error.pointer()).isEqualTo("/readings/0/time");
            assertThat(error.message())
                    .contains("does not exist in America/Los_Angeles")
                    .contains("daylight saving");
        });
        assertThat(vitals.at("/readings/0/time").asText()).as("not shifted").isEqualTo("2026-03-08T02:30:00");
    }

    @Test
    void aLocalTimeThatHappensTwiceIsRefusedNamingBothOffsets() {
        RecordChecker inLosAngeles =
                new RecordChecker(json, INSTRUMENTS, Optional.of(ZoneId.of("America/Los_Angeles")));
        ObjectNode vitals = Examples.mutated(
                "vitals.json", Map.of("/readings/0/time", TextNode.valueOf("2026-11-01T01:30:00")), List.of());

        List<FieldError> errors = inLosAngeles.check(vitals, "", null).errors();

        assertThat(errors).singleElement().satisfies(error -> {
            assertThat(error.pointer()).isEqualTo("/readings/0/time");
            assertThat(error.message())
                    .contains("happens twice in America/Los_Angeles")
                    .contains("-07:00")
                    .contains("-08:00")
                    .contains("2026-11-01T01:30:00-07:00");
        });
    }

    @Test
    void aSessionNeverGivenIsAcceptedWithoutAdministrationTimes() {
        for (String status : List.of("not-done", "cancelled", "entered-in-error")) {
            ObjectNode session = Examples.mutated(
                    "session-ketamine-iv.json",
                    Map.of(
                            "/status",
                            TextNode.valueOf(status),
                            "/statusReason",
                            TextNode.valueOf("blood pressure 172/106 at the gate")),
                    List.of("/administration", "/medication/doseMg"));

            CheckResult result = checker.check(session, "", null);

            assertThat(result.errors()).as(status).isEmpty();
            assertThat(((SessionRecord) result.record()).administration()).isNull();
        }
    }

    @Test
    void anMrnThePatternRefusesIsNotQuotedBack() {
        ObjectNode vitals =
                Examples.mutated("vitals.json", Map.of("/patient/mrn", TextNode.valueOf("100234|x")), List.of());

        List<FieldError> errors = checker.check(vitals, "", null).errors();

        assertThat(errors).singleElement().satisfies(error -> {
            assertThat(error.pointer()).isEqualTo("/patient/mrn");
            assertThat(error.message()).doesNotContain("100234");
        });
    }

    @Test
    void anMrnIsCheckedAgainstTheConfiguredPattern() {
        RecordChecker spaced = new RecordChecker(
                json,
                INSTRUMENTS,
                Optional.empty(),
                RecordLimitProperties.defaults(),
                Pattern.compile("[0-9]+( [0-9]+)*"));

        assertThat(spaced.check(
                                Examples.mutated(
                                        "vitals.json", Map.of("/patient/mrn", TextNode.valueOf("100 234")), List.of()),
                                "",
                                null)
                        .errors())
                .isEmpty();
        assertThat(spaced.check(Examples.json("questionnaire-phq9.json"), "", null)
                        .errors())
                .isEmpty();
        assertThat(spaced.check(
                                Examples.mutated(
                                        "vitals.json", Map.of("/patient/mrn", TextNode.valueOf("E100234")), List.of()),
                                "",
                                null)
                        .errors())
                .extracting(FieldError::message)
                .singleElement()
                .asString()
                .contains("[0-9]+( [0-9]+)*");
    }

    @Test
    void tooManyReadingsAreRefusedAsAWholeNamingTheLimitAndItsKey() {
        RecordChecker small = new RecordChecker(
                json,
                INSTRUMENTS,
                Optional.empty(),
                new RecordLimitProperties(262_144, 1, 3, 100, 100, 20),
                Pattern.compile(PatientProperties.DEFAULT_MRN_PATTERN));

        List<FieldError> vitals =
                small.check(Examples.json("vitals.json"), "/2", null).errors();
        List<FieldError> session =
                small.check(Examples.json("session-ketamine-iv.json"), "", null).errors();

        assertThat(vitals).singleElement().satisfies(error -> {
            assertThat(error.pointer()).isEqualTo("/2/readings");
            assertThat(error.message())
                    .isEqualTo("has 2 readings; at most 1 are accepted (adapter.limits.readings-per-record)");
        });
        assertThat(session)
                .extracting(FieldError::toString)
                .containsExactly("/vitals: has 4 readings; at most 3 are accepted (adapter.limits.vitals-per-session)");
    }

    @Test
    void aRecordOverTheByteLimitIsRefusedBeforeItsFieldsAreChecked() {
        RecordChecker small = new RecordChecker(
                json,
                INSTRUMENTS,
                Optional.empty(),
                new RecordLimitProperties(300, 500, 500, 100, 100, 20),
                Pattern.compile(PatientProperties.DEFAULT_MRN_PATTERN));
        ObjectNode session = Examples.mutated(
                "session-ketamine-iv.json", Map.of("/medication/route", TextNode.valueOf("IO")), List.of());

        CheckResult result = small.check(session, "/0", null);

        assertThat(result.sourceIdIfKnown()).isEqualTo("S-2026-000123");
        assertThat(result.errors()).singleElement().satisfies(error -> {
            assertThat(error.pointer()).isEqualTo("/0");
            assertThat(error.message()).contains("at most 300 are accepted (adapter.limits.record-bytes)");
        });
    }

    @Test
    void theDefaultLimitsAreTheDocumentedOnes() {
        assertThat(RecordLimitProperties.defaults())
                .isEqualTo(new RecordLimitProperties(262_144, 500, 500, 100, 100, 20));
    }
}
