package org.ketaminefhir.adapter.profile;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The library's merge of a walk's messages through {@link MessagesMergedByIndex} changes no answer: every golden
 * bundle, a broken copy of each, and a session of a few hundred readings, good and broken, get from the adapter's
 * validator the very messages, in the same order, with the same severities, locations, lines, columns and ids, that
 * the same validator gives with the library's own search.
 */
class IndexedMergeIT {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final Path IV_SESSION =
            Path.of("src/test/resources/fixtures/session/ketamine-iv-completed.expected.json");
    private static ProfileValidator byIndex;
    private static ProfileValidator byTheLibrarysSearch;

    @BeforeAll
    static void validators() {
        IValidationSupport definitions = FhirProfiles.load(FHIR);
        byIndex = new ProfileValidator(FHIR, () -> definitions);
        byTheLibrarysSearch =
                new ProfileValidator(FHIR, () -> definitions, OneWalkInstanceValidator::mergeByTheLibrarysSearch);
    }

    @Test
    void goldenAndBrokenBundlesGetTheSameMessages() throws IOException {
        List<Bundle> bundles = ReusedValidatorIT.goodAndBroken();
        for (Bundle bundle : bundles) {
            assertSameMessages(bundle);
        }
    }

    @Test
    void aLargeSessionGoodAndBrokenGetsTheSameMessages() throws IOException {
        Bundle large = withObservationsRepeated(
                FHIR.newJsonParser().parseResource(Bundle.class, Files.readString(IV_SESSION)), 20);
        List<String> good = assertSameMessages(large);
        List<String> broken = assertSameMessages(ReusedValidatorIT.broken(large.copy()));

        assertThat(large.getEntry()).as("entries").hasSizeGreaterThan(400);
        assertThat(good).as("the large session's messages").noneMatch(m -> m.startsWith("ERROR"));
        assertThat(broken)
                .as("the broken one's errors")
                .filteredOn(m -> m.startsWith("ERROR"))
                .hasSizeGreaterThan(400);
    }

    /** The bundle with each Observation entry repeated {@code times} more times, each copy under a URL of its own. */
    private static Bundle withObservationsRepeated(Bundle bundle, int times) {
        List<Bundle.BundleEntryComponent> copies = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
                if (entry.getResource() instanceof Observation) {
                    copies.add(entry.copy().setFullUrl("urn:uuid:" + UUID.randomUUID()));
                }
            }
        }
        copies.forEach(bundle::addEntry);
        return bundle;
    }

    private static List<String> assertSameMessages(Bundle bundle) {
        List<String> expected = describe(byTheLibrarysSearch.validate(bundle).messages());
        List<String> actual = describe(byIndex.validate(bundle).messages());
        assertThat(actual)
                .as(
                        "%s, %d entries",
                        bundle.getEntryFirstRep().getFullUrl(),
                        bundle.getEntry().size())
                .containsExactlyElementsOf(expected);
        return actual;
    }

    private static List<String> describe(List<SingleValidationMessage> messages) {
        return messages.stream()
                .map(m -> String.join(
                        " | ",
                        String.valueOf(m.getSeverity()),
                        m.getLocationString(),
                        m.getLocationLine() + ":" + m.getLocationCol(),
                        m.getMessageId(),
                        m.getMessage()))
                .toList();
    }
}
