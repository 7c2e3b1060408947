package org.ketaminefhir.adapter.profile;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The adapter's validator reuses InstanceValidators where HAPI's FhirValidator builds one per call
 * (ProfileValidator explains why), and reads only the definitions the build chose for it (DefinitionDigest),
 * trimmed of what it never reads (UnreadParts). None of that may change a single answer: good and broken
 * bundles, one after another and from several threads at once, get exactly the messages HAPI's own path
 * gives on every definition as published.
 */
class ReusedValidatorIT {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static ProfileValidator reused;
    private static FhirValidator hapi;

    @BeforeAll
    static void validators() {
        reused = new ProfileValidator(FHIR);
        FhirInstanceValidator module = new FhirInstanceValidator(FhirProfiles.loadAsPublished(FHIR));
        module.setAssumeValidRestReferences(true);
        module.setErrorForUnknownProfiles(true);
        hapi = FHIR.newValidator().registerValidatorModule(module);
        hapi.setValidateAgainstStandardSchema(false);
        hapi.setValidateAgainstStandardSchematron(false);
    }

    /** Every golden bundle, each followed by a broken copy of it. */
    static List<Bundle> goodAndBroken() throws IOException {
        List<Bundle> bundles = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/test/resources/fixtures"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".expected.json")).sorted().toList()) {
                Bundle good = FHIR.newJsonParser().parseResource(Bundle.class, Files.readString(file));
                bundles.add(good);
                bundles.add(broken(good.copy()));
            }
        }
        return bundles;
    }

    /** No status, an unknown profile, a value without its unit: errors in several resources. */
    private static Bundle broken(Bundle bundle) {
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            Resource resource = entry.getResource();
            if (resource instanceof Observation observation) {
                observation.setStatus(null);
                if (observation.hasValueQuantity()) {
                    observation.getValueQuantity().setCode(null).setSystem(null);
                }
            } else if (resource instanceof Encounter encounter) {
                encounter.getMeta().addProfile("http://example.org/fhir/StructureDefinition/no-such-profile");
            }
        }
        return bundle;
    }

    private static List<String> byHapi(Bundle bundle) {
        return describe(hapi.validateWithResult(bundle).getMessages());
    }

    private static List<String> byAdapter(Bundle bundle) {
        return describe(reused.validate(bundle).messages());
    }

    private static List<String> describe(List<SingleValidationMessage> messages) {
        return messages.stream().map(m -> m.getSeverity() + " " + m.getLocationString() + " " + m.getMessage()).sorted().toList();
    }

    @Test
    void oneAfterAnotherTheAnswersAreHapisOwn() throws IOException {
        List<Bundle> bundles = goodAndBroken();
        int withErrors = 0;
        for (Bundle bundle : bundles) {
            List<String> expected = byHapi(bundle);
            assertThat(byAdapter(bundle)).as(bundle.getEntryFirstRep().getFullUrl()).isEqualTo(expected);
            withErrors += expected.stream().anyMatch(m -> m.startsWith("ERROR")) ? 1 : 0;
        }
        assertThat(withErrors).as("every broken copy has errors, every golden none").isEqualTo(bundles.size() / 2);
    }

    @Test
    void fromSeveralThreadsAtOnceTheAnswersAreHapisOwn() throws Exception {
        List<Bundle> bundles = goodAndBroken();
        List<List<String>> expected = bundles.stream().map(ReusedValidatorIT::byHapi).toList();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> answers = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (Bundle bundle : bundles) {
                    answers.add(threads.submit(() -> byAdapter(bundle)));
                }
            }
            for (int i = 0; i < answers.size(); i++) {
                assertThat(answers.get(i).get()).isEqualTo(expected.get(i % bundles.size()));
            }
        } finally {
            threads.shutdown();
        }
    }

    /**
     * A validator kept for good must not keep what it validated: before SeenCodings, each session bundle
     * left about 2 MB behind (its element tree, held by the codings the validator had seen).
     */
    @Test
    void aValidatorServesForGoodWithoutKeepingWhatItValidated() throws IOException {
        List<Bundle> bundles = goodAndBroken();
        reused.validate(bundles.get(0));
        long before = heapAfterGc();
        int validations = 0;
        for (int round = 0; round < 5; round++) {
            for (Bundle bundle : bundles) {
                reused.validate(bundle);
                validations++;
            }
        }
        long grownMb = (heapAfterGc() - before) >> 20;
        assertThat(grownMb).as("heap growth after %d validations on one thread", validations).isLessThan(60);
    }

    private static long heapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
