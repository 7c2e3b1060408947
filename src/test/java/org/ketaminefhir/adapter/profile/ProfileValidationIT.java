package org.ketaminefhir.adapter.profile;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * House rule 5: every expected bundle of the golden files validates against the profiles its
 * resources name, with zero errors; and a deliberately wrong mapping is caught.
 * (Heavy, not Spring: building the validator and its first run take seconds, so it is an IT.)
 */
class ProfileValidationIT {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final Path IV_SESSION =
            Path.of("src/test/resources/fixtures/session/ketamine-iv-completed.expected.json");
    private static ProfileValidator validator;

    @BeforeAll
    static void validator() {
        validator = new ProfileValidator(FHIR);
    }

    static List<Path> expectedBundles() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/test/resources/fixtures"))) {
            return files.filter(f -> f.toString().endsWith(".expected.json"))
                    .sorted()
                    .toList();
        }
    }

    @ParameterizedTest
    @MethodSource("expectedBundles")
    void everyExpectedBundleValidatesWithoutErrors(Path expected) throws IOException {
        ValidationReport report = validator.validate(read(expected));

        assertThat(report.errors())
                .extracting(m -> m.getLocationString() + " " + m.getMessage())
                .isEmpty();
    }

    @Test
    void aWrongLoincCodeOnAHeartRateIsAnError() throws IOException {
        assertError(
                entry -> {
                    if (entry instanceof Observation o
                            && o.getCode().getCodingFirstRep().getCode().equals("8867-4")) {
                        o.getCode().getCodingFirstRep().setCode("8480-6");
                    }
                },
                "8867-4");
    }

    @Test
    void aBloodPressureWithoutItsDiastolicComponentIsAnError() throws IOException {
        assertError(
                entry -> {
                    if (entry instanceof Observation o
                            && o.getCode().getCodingFirstRep().getCode().equals("85354-9")) {
                        o.getComponent().remove(1);
                    }
                },
                "component");
    }

    @Test
    void aUnitThatIsNotUcumIsAnError() throws IOException {
        assertError(
                entry -> {
                    if (entry instanceof Observation o
                            && o.getCode().getCodingFirstRep().getCode().equals("8867-4")) {
                        o.getValueQuantity().setCode("beats per minute");
                    }
                },
                "beats per minute");
    }

    @Test
    void aCompletedAdministrationWithoutItsDosageBreaksTheAdaptersOwnProfile() throws IOException {
        assertError(
                entry -> {
                    if (entry instanceof MedicationAdministration administration) {
                        administration.setDosage(null);
                    }
                },
                "kma-1");
    }

    @Test
    void anInSessionAssessmentWithoutItsEncounterBreaksTheAdaptersProfileDerivedFromUsCore() throws IOException {
        assertError(
                entry -> {
                    if (entry instanceof Observation o
                            && o.getMeta()
                                    .hasProfile(
                                            "https://fhir.ketamine-fhir-adapter.example/StructureDefinition/ketamine-session-assessment")) {
                        o.setEncounter(null);
                    }
                },
                "Observation.encounter");
    }

    @Test
    void aSessionNoteWithoutItsCategoryBreaksUsCoreDocumentReference() throws IOException {
        assertError(
                entry -> {
                    if (entry instanceof DocumentReference note) {
                        note.getCategory().clear();
                    }
                },
                "DocumentReference.category");
    }

    @Test
    void aProfileTheValidatorDoesNotKnowIsAnError() throws IOException {
        assertError(
                entry -> {
                    if (entry instanceof MedicationAdministration administration) {
                        administration
                                .getMeta()
                                .getProfile()
                                .get(0)
                                .setValue("https://example.org/StructureDefinition/nowhere");
                    }
                },
                "nowhere");
    }

    @Test
    void anAnswerOutsideTheQuestionnairesOptionsIsAnError() throws IOException {
        Bundle bundle = read(Path.of("src/test/resources/fixtures/questionnaire/phq9-with-session.expected.json"));
        org.hl7.fhir.r4.model.QuestionnaireResponse response = (org.hl7.fhir.r4.model.QuestionnaireResponse)
                bundle.getEntryFirstRep().getResource();
        response.getItemFirstRep().getAnswerFirstRep().getValueCoding().setCode("LA9999-9");

        assertThat(validator.validate(bundle).errors())
                .anySatisfy(e ->
                        assertThat(e.getLocationString() + " " + e.getMessage()).contains("LA9999-9"));
    }

    private static void assertError(Consumer<Resource> breakIt, String mentioned) throws IOException {
        Bundle bundle = read(IV_SESSION);
        bundle.getEntry().forEach(e -> breakIt.accept(e.getResource()));

        List<SingleValidationMessage> errors = validator.validate(bundle).errors();

        assertThat(errors).as("errors").isNotEmpty();
        assertThat(errors)
                .anySatisfy(e ->
                        assertThat(e.getLocationString() + " " + e.getMessage()).contains(mentioned));
    }

    private static Bundle read(Path file) throws IOException {
        return FHIR.newJsonParser().parseResource(Bundle.class, Files.readString(file));
    }
}
