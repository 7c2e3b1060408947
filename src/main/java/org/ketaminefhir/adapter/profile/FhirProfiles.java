package org.ketaminefhir.adapter.profile;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.NpmPackageValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Questionnaire;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Everything the validator knows, loaded offline from the classpath: the base R4 definitions, US Core
 * 6.1.0 (the package file in {@code fhir-profiles/dependencies/}) and the adapter's own package in
 * {@code fhir-profiles/} (profiles, CodeSystems, ValueSets, Questionnaires). Nothing is fetched.
 */
public final class FhirProfiles {

    static final String US_CORE = "classpath:fhir-profiles/dependencies/hl7.fhir.us.core-6.1.0.tgz";
    static final String OWN = "classpath*:fhir-profiles/*.json";

    private FhirProfiles() {
    }

    /** The definitions, without the parts the validator never reads ({@link UnreadParts}). */
    public static ValidationSupportChain load(FhirContext fhir) {
        return load(fhir, true);
    }

    /** The definitions as published, whole: what the trimmed ones are held to in tests. */
    static ValidationSupportChain loadAsPublished(FhirContext fhir) {
        return load(fhir, false);
    }

    private static ValidationSupportChain load(FhirContext fhir, boolean trimmed) {
        DefaultProfileValidationSupport base = new DefaultProfileValidationSupport(fhir);
        NpmPackageValidationSupport usCore = new NpmPackageValidationSupport(fhir);
        try {
            usCore.loadPackageFromClasspath(US_CORE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load US Core from " + US_CORE, e);
        }
        UnknownCodeSystemWarningValidationSupport unknownCodeSystems = new UnknownCodeSystemWarningValidationSupport(fhir);
        // LOINC, SNOMED CT, RxNorm and ICD-10-CM cannot be expanded offline: their codes are warned about, not errors
        unknownCodeSystems.setNonExistentCodeSystemSeverity(IValidationSupport.IssueSeverity.WARNING);
        PrePopulatedValidationSupport own = new PrePopulatedValidationSupport(fhir);
        QuestionnaireSupport questionnaires = new QuestionnaireSupport(fhir);
        for (IBaseResource resource : own(fhir)) {
            if (resource instanceof Questionnaire questionnaire) {
                questionnaires.add(questionnaire);
            } else {
                own.addResource(resource);
            }
        }
        if (trimmed) {
            // the base definitions load lazily: the structures on the first fetch of one, the terminology on the first code system
            base.fetchAllStructureDefinitions();
            base.fetchCodeSystem("http://hl7.org/fhir/administrative-gender");
            UnreadParts.drop(base.fetchAllConformanceResources());
            UnreadParts.drop(usCore.fetchAllConformanceResources());
            UnreadParts.drop(own.fetchAllConformanceResources());
        }
        return new ValidationSupportChain(
                base,
                own,
                questionnaires,
                usCore,
                new CommonCodeSystemsTerminologyService(fhir),
                new InMemoryTerminologyServerValidationSupport(fhir),
                new SnapshotGeneratingValidationSupport(fhir),
                unknownCodeSystems);
    }

    private static List<IBaseResource> own(FhirContext fhir) {
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
