package org.ketaminefhir.adapter.profile;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.NpmPackageValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Questionnaire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Everything the validator knows, loaded offline from the classpath: the base R4 definitions, US Core
 * 6.1.0 (the package file in {@code fhir-profiles/dependencies/}) and the adapter's own package in
 * {@code fhir-profiles/} (profiles, CodeSystems, ValueSets, Questionnaires). Nothing is fetched.
 *
 * <p>The adapter validates with the part of them its resources can reach, chosen and trimmed at build time
 * ({@link DefinitionDigest}); the rest stays within call ({@link LeftOutDefinitions}).
 */
final class FhirProfiles {

    private static final Logger log = LoggerFactory.getLogger(FhirProfiles.class);

    static final String US_CORE = "classpath:fhir-profiles/dependencies/hl7.fhir.us.core-6.1.0.tgz";
    static final String OWN = "classpath*:fhir-profiles/*.json";

    private FhirProfiles() {}

    /** The definitions the adapter's resources reach ({@link DefinitionDigest}), the others loaded only if asked for. */
    public static ValidationSupportChain load(FhirContext fhir) {
        Optional<DefinitionDigest> digest = DefinitionDigest.read(fhir);
        if (digest.isEmpty()) {
            log.warn(
                    "no {} on the class path (the build writes it): the validator loads every definition, seconds slower",
                    DefinitionDigest.FOLDER);
            return loadAll(fhir);
        }
        PrePopulatedValidationSupport reached = new PrePopulatedValidationSupport(fhir);
        QuestionnaireSupport questionnaires = new QuestionnaireSupport(fhir);
        digest.get().definitions().forEach(definition -> add(definition, reached, questionnaires));
        return chain(
                fhir,
                reached,
                questionnaires,
                new LeftOutDefinitions(fhir, digest.get().leftOut(), () -> loadAll(fhir)));
    }

    /** Every definition, without the parts the validator never reads ({@link UnreadParts}). */
    static ValidationSupportChain loadAll(FhirContext fhir) {
        return Published.load(fhir, true).chain();
    }

    /** Every definition as published, whole: what the adapter's are held to in tests. */
    static ValidationSupportChain loadAsPublished(FhirContext fhir) {
        return Published.load(fhir, false).chain();
    }

    /** The sources of definitions, in the order the validator's chain asks them: base, the adapter's own (its Questionnaires apart), US Core. */
    record Published(
            FhirContext fhir,
            DefaultProfileValidationSupport base,
            PrePopulatedValidationSupport own,
            QuestionnaireSupport questionnaires,
            NpmPackageValidationSupport usCore) {

        static Published load(FhirContext fhir, boolean trimmed) {
            DefaultProfileValidationSupport base = new DefaultProfileValidationSupport(fhir);
            NpmPackageValidationSupport usCore = new NpmPackageValidationSupport(fhir);
            try {
                usCore.loadPackageFromClasspath(US_CORE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot load US Core from " + US_CORE, e);
            }
            PrePopulatedValidationSupport own = new PrePopulatedValidationSupport(fhir);
            QuestionnaireSupport questionnaires = new QuestionnaireSupport(fhir);
            ownPackage(fhir).forEach(definition -> add(definition, own, questionnaires));
            if (trimmed) {
                // the base definitions load lazily: the structures on the first fetch of one, the terminology on the
                // first code system
                base.fetchAllStructureDefinitions();
                base.fetchCodeSystem("http://hl7.org/fhir/administrative-gender");
                UnreadParts.drop(base.fetchAllConformanceResources());
                UnreadParts.drop(usCore.fetchAllConformanceResources());
                UnreadParts.drop(own.fetchAllConformanceResources());
            }
            return new Published(fhir, base, own, questionnaires, usCore);
        }

        ValidationSupportChain chain() {
            return FhirProfiles.chain(fhir, base, own, questionnaires, usCore);
        }

        /** Every definition, source by source in the chain's order (the first of a URL is the one it answers). */
        List<List<? extends IBaseResource>> inChainOrder() {
            return List.of(
                    base.fetchAllConformanceResources(),
                    own.fetchAllConformanceResources(),
                    questionnaires.all(),
                    usCore.fetchAllConformanceResources());
        }
    }

    /** The definitions first, then terminology: the common code systems, expansion in memory, snapshots, unknown systems. */
    private static ValidationSupportChain chain(FhirContext fhir, IValidationSupport... definitions) {
        UnknownCodeSystemWarningValidationSupport unknownCodeSystems =
                new UnknownCodeSystemWarningValidationSupport(fhir);
        // LOINC, SNOMED CT, RxNorm and ICD-10-CM cannot be expanded offline: their codes are warned about, not errors
        unknownCodeSystems.setNonExistentCodeSystemSeverity(IValidationSupport.IssueSeverity.WARNING);
        List<IValidationSupport> supports = new ArrayList<>(List.of(definitions));
        supports.add(new CommonCodeSystemsTerminologyService(fhir));
        supports.add(new InMemoryTerminologyServerValidationSupport(fhir));
        supports.add(new SnapshotGeneratingValidationSupport(fhir));
        supports.add(unknownCodeSystems);
        return new ValidationSupportChain(supports.toArray(IValidationSupport[]::new));
    }

    private static void add(
            IBaseResource definition, PrePopulatedValidationSupport definitions, QuestionnaireSupport questionnaires) {
        if (definition instanceof Questionnaire questionnaire) {
            questionnaires.add(questionnaire);
        } else {
            definitions.addResource(definition);
        }
    }

    private static List<IBaseResource> ownPackage(FhirContext fhir) {
        List<IBaseResource> own = new ArrayList<>();
        try {
            for (Resource file : new PathMatchingResourcePatternResolver().getResources(OWN)) {
                if (file.getFilename() == null || file.getFilename().equals("package.json")) {
                    continue;
                }
                try (InputStream in = file.getInputStream()) {
                    own.add(fhir.newJsonParser().parseResource(in));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the adapter's profiles in fhir-profiles/", e);
        }
        return own;
    }
}
