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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ketaminefhir.adapter.mapping.instrument.InstrumentCatalog;
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
        assertThat(result.errors())
                .as("errors of '%s'", bad.name())
                .anySatisfy(error -> {
                    assertThat(error.pointer()).isEqualTo(bad.pointer());
                    assertThat(error.message()).contains(bad.message());
                });
    }

    @Test
    void everyErrorOfARecordIsReportedAtOnce() {
        ObjectNode record = Examples.mutated("session-ketamine-iv.json",
                Map.of("/medication/route", TextNode.valueOf("IO"), "/vitals/0/spo2", json.getNodeFactory().numberNode(120)),
                List.of("/sourceId"));

        List<FieldError> errors = checker.check(record, "/3", null).errors();

        assertThat(errors).extracting(FieldError::pointer)
                .containsExactlyInAnyOrder("/3/sourceId", "/3/medication/route", "/3/vitals/0/spo2");
    }

    @Test
    void revisionDefaultsToOne() {
        CheckResult result = checker.check(Examples.json("vitals.json"), "", null);

        assertThat(result.record().revision()).isEqualTo(1);
        assertThat(result.normalized().get("revision").asInt()).isEqualTo(1);
    }

    @Test
    void aTimeWithoutOffsetIsReadInTheConfiguredClinicZoneAcrossDaylightSaving() {
        RecordChecker inLosAngeles = new RecordChecker(json, INSTRUMENTS, Optional.of(ZoneId.of("America/Los_Angeles")));
        ObjectNode vitals = Examples.mutated("vitals.json", Map.of(
                "/readings/0/time", TextNode.valueOf("2026-11-20T09:15:00"),
                "/readings/1/time", TextNode.valueOf("2026-07-20T09:35:00")), List.of());

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
}
