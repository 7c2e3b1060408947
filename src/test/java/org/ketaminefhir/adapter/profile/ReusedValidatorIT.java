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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * trimmed of what it never reads (UnreadParts), and walks a profiled resource once, against its profile, where
 * HAPI walks it against its base definition too (OneWalkInstanceValidator). None of that may change an
 * answer: good and broken bundles, one after another and from several threads at once, get the messages
 * HAPI's own path gives on every definition as published, less only what its walk against the base adds
 * (see {@link #assertHapisAnswer}).
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
            for (Path file : files.filter(f -> f.toString().endsWith(".expected.json"))
                    .sorted()
                    .toList()) {
                Bundle good = FHIR.newJsonParser().parseResource(Bundle.class, Files.readString(file));
                bundles.add(good);
                bundles.add(broken(good.copy()));
            }
        }
        return bundles;
    }

    /** No status, an unknown profile, a value without its unit: errors in several resources. */
    static Bundle broken(Bundle bundle) {
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

    private static final String BASE = "http://hl7.org/fhir/StructureDefinition/\\w+\\|4\\.0\\.1";
    /** "… (from http://hl7.org/fhir/StructureDefinition/Observation|4.0.1)": a base definition's rule. */
    private static final Pattern FROM_BASE = Pattern.compile("(.*) \\(from " + BASE + "\\)");
    /** A reference's target checked against the base definition's target profile. */
    private static final Pattern BASE_TARGET =
            Pattern.compile("INFORMATION .* Details for \\S+ matching against profile " + BASE);
    /**
     * A LOINC code of Observation.code or DocumentReference.type met through the base definition's binding
     * (example, preferred), where the profile binds a value set of its own.
     */
    private static final Pattern BASE_EXAMPLE_BINDING = Pattern.compile(
            "WARNING \\S*/\\*(?:Observation/[^*]*\\*/\\.code"
                    + "|DocumentReference/[^*]*\\*/\\.type) CodeSystem is unknown and can't be validated: http://loinc\\.org .*");

    /**
     * The adapter says nothing HAPI does not, and of what HAPI says leaves out only what HAPI's walk
     * against the base definition adds to the walk against the profile: a rule's message both give (once
     * is enough), a reference's target matched against the base's looser target profile, and LOINC unknown
     * through the base's binding of Observation.code or DocumentReference.type. Errors are never among them but as repeats.
     *
     * @return how many of HAPI's messages the adapter left out
     */
    private static int assertHapisAnswer(List<String> adapter, List<String> byHapi, String bundle) {
        assertThat(byHapi)
                .as("%s: nothing the adapter says that HAPI does not", bundle)
                .containsAll(adapter);
        List<String> unsaid =
                byHapi.stream().filter(message -> !adapter.contains(message)).toList();
        assertThat(unsaid)
                .as("%s: what HAPI says and the adapter does not", bundle)
                .allMatch(message -> saidOnlyOnTheBaseWalk(message, byHapi));
        return unsaid.size();
    }

    private static boolean saidOnlyOnTheBaseWalk(String message, List<String> byHapi) {
        Matcher fromBase = FROM_BASE.matcher(message);
        if (fromBase.matches()) {
            String sameRule = fromBase.group(1) + " (from ";
            return byHapi.stream().anyMatch(other -> !other.equals(message) && other.startsWith(sameRule));
        }
        return BASE_TARGET.matcher(message).matches()
                || BASE_EXAMPLE_BINDING.matcher(message).matches();
    }

    private static List<String> byAdapter(Bundle bundle) {
        return describe(reused.validate(bundle).messages());
    }

    private static List<String> describe(List<SingleValidationMessage> messages) {
        return messages.stream()
                .map(m -> m.getSeverity() + " " + m.getLocationString() + " " + m.getMessage())
                .sorted()
                .toList();
    }

    @Test
    void oneAfterAnotherTheAnswersAreHapisOwn() throws IOException {
        List<Bundle> bundles = goodAndBroken();
        int withErrors = 0;
        int leftOut = 0;
        for (Bundle bundle : bundles) {
            List<String> expected = byHapi(bundle);
            leftOut += assertHapisAnswer(
                    byAdapter(bundle), expected, bundle.getEntryFirstRep().getFullUrl());
            withErrors += expected.stream().anyMatch(m -> m.startsWith("ERROR")) ? 1 : 0;
        }
        assertThat(withErrors)
                .as("every broken copy has errors, every golden none")
                .isEqualTo(bundles.size() / 2);
        assertThat(leftOut)
                .as("messages of HAPI's walk against the base definition left out")
                .isPositive();
    }

    @Test
    void fromSeveralThreadsAtOnceTheAnswersAreHapisOwn() throws Exception {
        List<Bundle> bundles = goodAndBroken();
        List<List<String>> expected =
                bundles.stream().map(ReusedValidatorIT::byHapi).toList();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> answers = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (Bundle bundle : bundles) {
                    answers.add(threads.submit(() -> byAdapter(bundle)));
                }
            }
            for (int i = 0; i < answers.size(); i++) {
                int bundle = i % bundles.size();
                assertHapisAnswer(answers.get(i).get(), expected.get(bundle), "bundle " + bundle);
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
        assertThat(grownMb)
                .as("heap growth after %d validations on one thread", validations)
                .isLessThan(60);
    }

    private static long heapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
