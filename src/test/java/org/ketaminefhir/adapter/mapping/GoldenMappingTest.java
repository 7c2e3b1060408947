package org.ketaminefhir.adapter.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.DocumentReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ketaminefhir.adapter.instrument.InstrumentCatalog;
import org.ketaminefhir.adapter.record.CheckResult;
import org.ketaminefhir.adapter.record.ClinicRecord;
import org.ketaminefhir.adapter.record.PatientRef;
import org.ketaminefhir.adapter.record.RecordChecker;
import org.ketaminefhir.adapter.testsupport.GoldenClinic;

/**
 * Golden files (house rule 6): each {@code fixtures/<kind>/<case>.input.json} must map to exactly
 * {@code <case>.expected.json}, and a session's or questionnaire's note must read exactly
 * {@code <case>.note.txt}; with a {@code <case>.delivered.json}, the input is a correction of that
 * revision, which the EHR already holds. A new case is a new pair (or triple) of files. To accept a deliberate change of
 * the mapping, run with {@code -Dgolden.update=true} and commit the changed expected files with it.
 */
class GoldenMappingTest {

    private static final Path FIXTURES = Path.of("src/test/resources/fixtures");
    private static final InstrumentCatalog INSTRUMENTS = InstrumentCatalog.load();
    /** Provenance.recorded comes from the journal; fixed here so the expected files are stable. */
    private static final Instant RECEIVED = Instant.parse("2026-11-20T20:00:00Z");

    private final ObjectMapper json = new ObjectMapper();
    private final FhirContext fhir = FhirContext.forR4Cached();
    private final RecordChecker checker = new RecordChecker(json, INSTRUMENTS, Optional.empty());
    private final RecordMapping mapping = GoldenClinic.mapping(INSTRUMENTS);

    /** The journal as the fixtures assume it: session S-2026-000123 of MRN 100234 ran 08:58 to 10:35 (-08:00). */
    private final SessionDirectory sessions = new SessionDirectory() {
        @Override
        public boolean isKnown(String sessionSourceId) {
            return sessionSourceId.equals("S-2026-000123");
        }

        @Override
        public Optional<String> sessionAt(PatientRef patient, OffsetDateTime time) {
            boolean inWindow = !time.isBefore(OffsetDateTime.parse("2026-11-20T08:58:00-08:00"))
                    && !time.isAfter(OffsetDateTime.parse("2026-11-20T10:35:00-08:00"));
            return patient.mrn().equals("100234") && inWindow ? Optional.of("S-2026-000123") : Optional.empty();
        }
    };

    static List<Path> cases() throws IOException {
        try (Stream<Path> files = Files.walk(FIXTURES)) {
            return files.filter(f -> f.toString().endsWith(".input.json"))
                    .sorted()
                    .toList();
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void mapsToTheExpectedBundle(Path input) throws IOException {
        CheckResult checked = checker.check(json.readTree(input.toFile()), "", null);
        assertThat(checked.errors()).as("fixture input must be valid").isEmpty();

        Path deliveredFile = Path.of(input.toString().replace(".input.json", ".delivered.json"));
        Optional<ClinicRecord> delivered = Files.exists(deliveredFile)
                ? Optional.of(checker.check(json.readTree(deliveredFile.toFile()), "", null)
                        .record())
                : Optional.empty();
        String bundle = fhir.newJsonParser()
                .setPrettyPrint(true)
                .encodeResourceToString(
                        mapping.transaction(checked.record(), delivered, new MappingContext(RECEIVED, sessions)));

        Path expected = Path.of(input.toString().replace(".input.json", ".expected.json"));
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(expected, bundle + "\n");
        }
        assertThat(Files.exists(expected))
                .as("expected file %s (create with -Dgolden.update=true)", expected)
                .isTrue();
        JsonNode actualTree = json.readTree(bundle);
        JsonNode expectedTree = json.readTree(expected.toFile());
        assertThat(actualTree).as("bundle of %s", input.getFileName()).isEqualTo(expectedTree);
    }

    /** The note a clinician reads: {@code <case>.note.txt}, the text of the bundle's DocumentReference. */
    @ParameterizedTest
    @MethodSource("notedCases")
    void rendersTheExpectedNote(Path input) throws IOException {
        ClinicRecord record =
                checker.check(json.readTree(input.toFile()), "", null).record();
        List<DocumentReference> notes = mapping.resources(record, new MappingContext(RECEIVED, sessions)).stream()
                .map(MappedResource::resource)
                .filter(DocumentReference.class::isInstance)
                .map(DocumentReference.class::cast)
                .toList();
        assertThat(notes).as("notes of %s", input.getFileName()).hasSize(1);
        assertThat(notes.get(0).getContent()).hasSize(1);
        String text =
                new String(notes.get(0).getContentFirstRep().getAttachment().getData(), StandardCharsets.UTF_8);

        Path expected = Path.of(input.toString().replace(".input.json", ".note.txt"));
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(expected, text);
        }
        assertThat(Files.exists(expected))
                .as("expected note %s (create with -Dgolden.update=true)", expected)
                .isTrue();
        assertThat(text).as("note of %s", input.getFileName()).isEqualTo(Files.readString(expected));
    }

    /** Every session and questionnaire fixture becomes a note; vitals records make none. */
    static List<Path> notedCases() throws IOException {
        return cases().stream()
                .filter(c -> !c.getParent().getFileName().toString().equals("vitals"))
                .toList();
    }
}
