package org.ketaminefhir.adapter.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.SingleValidationMessage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.adapter.instrument.InstrumentCatalog;
import org.ketaminefhir.adapter.mapping.MappingContext;
import org.ketaminefhir.adapter.mapping.MappingScope;
import org.ketaminefhir.adapter.mapping.MappingTrace;
import org.ketaminefhir.adapter.mapping.RecordMapper;
import org.ketaminefhir.adapter.mapping.RecordMapping;
import org.ketaminefhir.adapter.mapping.ResourceIdentities;
import org.ketaminefhir.adapter.mapping.SessionDirectory;
import org.ketaminefhir.adapter.record.FieldError;
import org.ketaminefhir.adapter.record.JsonRecordReader.Located;
import org.ketaminefhir.adapter.record.RecordBinding;
import org.ketaminefhir.adapter.record.RecordChecker;
import org.ketaminefhir.adapter.record.RecordKind;
import org.ketaminefhir.adapter.record.SubmissionChecker;
import org.ketaminefhir.adapter.record.VitalsRecord;
import org.ketaminefhir.adapter.testsupport.Examples;
import org.ketaminefhir.adapter.testsupport.GoldenClinic;

/**
 * The one conversion pipeline the delivery, the dry runs and the warm-up share: a record in, its checked,
 * mapped and validated Bundle out; a record refused or unmappable says why, and an invalid Bundle comes
 * with the validator's errors.
 */
class RecordConversionTest {

    private static final InstrumentCatalog INSTRUMENTS = InstrumentCatalog.load();
    private static final Path GOLDEN = Path.of("src/test/resources/fixtures/session/ketamine-iv-completed");
    /** As in the golden files: Provenance.recorded, which the journal gives in service. */
    private static final MappingContext CONTEXT =
            new MappingContext(Instant.parse("2026-11-20T20:00:00Z"), SessionDirectory.NONE);

    private final ObjectMapper json = new ObjectMapper();
    private final FhirContext fhir = FhirContext.forR4Cached();
    private final ProfileValidator validator = new ProfileValidator(fhir);
    private final SubmissionChecker checker =
            new SubmissionChecker(new RecordChecker(json, INSTRUMENTS, Optional.empty()));
    private final ResourceIdentities ids = GoldenClinic.IDENTITIES;
    private final RecordMapping mapping = GoldenClinic.mapping(INSTRUMENTS);
    private final RecordConversion conversion =
            new RecordConversion(checker, mapping, validator, MappingTrace.load(fhir, INSTRUMENTS));

    @Test
    void aGoldenRecordBecomesItsExpectedBundleValidAndTracedWhenAsked() throws IOException {
        RecordConversion.Submission submission = conversion.convert(List.of(located("", input(GOLDEN))), CONTEXT, true);

        assertThat(submission.accepted()).isTrue();
        assertThat(submission.converted()).hasSize(1);
        RecordConversion.Converted converted = submission.converted().get(0);
        assertThat(converted.record().sourceId())
                .isEqualTo(input(GOLDEN).path("sourceId").asText());
        assertThat(json.readTree(fhir.newJsonParser().encodeResourceToString(converted.bundle())))
                .isEqualTo(json.readTree(Path.of(GOLDEN + ".expected.json").toFile()));
        assertThat(converted.report().errors())
                .extracting(SingleValidationMessage::getMessage)
                .isEmpty();
        assertThat(converted.valid()).isTrue();
        assertThat(converted.trace())
                .hasValueSatisfying(trace -> assertThat(trace.mapped())
                        .extracting(landing -> landing.input())
                        .contains("/sourceId"));

        assertThat(conversion
                        .convert(List.of(located("", input(GOLDEN))), CONTEXT, false)
                        .converted()
                        .get(0)
                        .trace())
                .as("no trace unless asked")
                .isEmpty();
    }

    @Test
    void aSubmissionWithARefusedRecordConvertsNoneAndNamesTheRecordAndField() throws IOException {
        ObjectNode unknownInstrument = Examples.mutated(
                "questionnaire-phq9.json", Map.of("/instrument", TextNode.valueOf("NOT-AN-INSTRUMENT")), List.of());

        RecordConversion.Submission submission = conversion.convert(
                List.of(located("/0", input(GOLDEN)), located("/1", unknownInstrument)), CONTEXT, false);

        assertThat(submission.accepted()).isFalse();
        assertThat(submission.converted())
                .as("a submission is converted whole or not at all")
                .isEmpty();
        assertThat(submission.rejections()).singleElement().satisfies(rejection -> {
            assertThat(rejection.pointer()).isEqualTo("/1");
            assertThat(rejection.label()).startsWith("questionnaire ");
            assertThat(rejection.errors()).extracting(FieldError::pointer).contains("/1/instrument");
        });
    }

    /**
     * A record the journal holds from before a check existed (here a time whose offset has seconds) cannot
     * be mapped: the conversion lets the mapping's reason through to the delivery, which fails the record with it.
     */
    @Test
    void aCheckedRecordTheMappingCannotTurnIntoFhirFailsWithTheReason() {
        ObjectNode stored = Examples.mutated(
                "vitals.json", Map.of("/readings/0/time", TextNode.valueOf("2026-11-20T08:58:00+05:30:15")), List.of());
        VitalsRecord record = (VitalsRecord) new RecordBinding(json).bind(RecordKind.VITALS, stored);

        assertThatThrownBy(() -> RecordConversion.ofCheckedRecords(mapping, validator)
                        .convert(record, Optional.empty(), CONTEXT))
                .hasMessageContaining("Timezone offset");
    }

    @Test
    void aBundleThatBreaksItsProfilesComesWithTheValidatorsErrors() {
        RecordMapping unprofiled = new RecordMapping(ids, List.of(new CodelessVitalsMapper()), "Test clinic");
        RecordConversion broken =
                new RecordConversion(checker, unprofiled, validator, MappingTrace.load(fhir, INSTRUMENTS));

        RecordConversion.Submission submission =
                broken.convert(List.of(located("", Examples.json("vitals.json"))), CONTEXT, false);

        assertThat(submission.accepted()).as("the record itself is fine").isTrue();
        RecordConversion.Converted converted = submission.converted().get(0);
        assertThat(converted.valid()).isFalse();
        assertThat(converted.bundle().getEntry())
                .as("the dry run still shows what would be sent")
                .isNotEmpty();
        assertThat(converted.report().errors())
                .extracting(SingleValidationMessage::getMessage)
                .anyMatch(message -> message.contains("Observation.code"));
    }

    /** A mapping gone wrong: a vital-signs Observation without the code every vital sign must carry. */
    private static final class CodelessVitalsMapper implements RecordMapper<VitalsRecord> {
        @Override
        public RecordKind kind() {
            return RecordKind.VITALS;
        }

        @Override
        public void map(VitalsRecord record, MappingScope scope) {
            Observation observation = new Observation().setStatus(Observation.ObservationStatus.FINAL);
            observation.getMeta().addProfile("http://hl7.org/fhir/StructureDefinition/vitalsigns");
            observation.setSubject(scope.patient());
            scope.add("codeless", observation);
        }
    }

    private JsonNode input(Path golden) throws IOException {
        return json.readTree(Path.of(golden + ".input.json").toFile());
    }

    private static Located located(String pointer, JsonNode node) {
        return new Located(pointer, node);
    }
}
