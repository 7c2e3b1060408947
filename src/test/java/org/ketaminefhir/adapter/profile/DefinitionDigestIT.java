package org.ketaminefhir.adapter.profile;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.adapter.instrument.InstrumentCatalog;
import org.ketaminefhir.adapter.mapping.MappingContext;
import org.ketaminefhir.adapter.mapping.RecordMapping;
import org.ketaminefhir.adapter.mapping.RemsSetting;
import org.ketaminefhir.adapter.mapping.ResourceIdentities;
import org.ketaminefhir.adapter.mapping.SessionDirectory;
import org.ketaminefhir.adapter.record.RecordChecker;

/**
 * The validator's definitions are the part of FHIR the adapter's resources reach, chosen by the build
 * ({@link DefinitionDigest}). Its answers are HAPI's on every definition ({@code ReusedValidatorIT}); here:
 * validating everything the adapter emits never asks for a definition left out (which would be answered,
 * seconds late, from every definition), and one left out is answered all the same.
 */
class DefinitionDigestIT {

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    @Test
    void everythingTheAdapterEmitsIsValidatedWithoutADefinitionLeftOut() throws IOException {
        ValidationSupportChain definitions = FhirProfiles.load(FHIR);
        ProfileValidator validator = new ProfileValidator(FHIR, () -> definitions);
        List<Bundle> bundles = new ArrayList<>(ReusedValidatorIT.goodAndBroken());
        bundles.addAll(examplesCreatingTheirPatients());
        assertThat(bundles)
                .anyMatch(
                        bundle -> bundle.getEntry().stream().anyMatch(entry -> entry.getResource() instanceof Patient));

        bundles.forEach(validator::validate);

        assertThat(leftOut(definitions).asked()).isEmpty();
    }

    @Test
    void aDefinitionLeftOutIsAnsweredFromEveryDefinition() {
        ValidationSupportChain definitions = FhirProfiles.load(FHIR);
        String allergy = "http://hl7.org/fhir/StructureDefinition/AllergyIntolerance";
        assertThat(DefinitionDigest.read(FHIR).orElseThrow().leftOut()).contains(allergy);

        assertThat(definitions.fetchStructureDefinition(allergy)).isNotNull();
        assertThat(definitions.fetchStructureDefinition("http://example.org/StructureDefinition/nowhere"))
                .isNull();

        assertThat(leftOut(definitions).asked()).containsExactly(allergy);
    }

    private static LeftOutDefinitions leftOut(ValidationSupportChain definitions) {
        return definitions.getValidationSupports().stream()
                .filter(LeftOutDefinitions.class::isInstance)
                .map(LeftOutDefinitions.class::cast)
                .findFirst()
                .orElseThrow(() -> new AssertionError("the build wrote no digest"));
    }

    /** The contract's examples, mapped as when the adapter creates patients it does not find (their Patient included). */
    private static List<Bundle> examplesCreatingTheirPatients() throws IOException {
        ObjectMapper json = new ObjectMapper();
        InstrumentCatalog instruments = InstrumentCatalog.load();
        RecordChecker checker = new RecordChecker(json, instruments, Optional.empty());
        RecordMapping mapping = RecordMapping.standard(
                        new ResourceIdentities("urn:test", "urn:oid:2.16.840.1.113883.3.999.1"),
                        instruments,
                        "Salem Ketamine Clinic",
                        RemsSetting.unconfigured())
                .creatingMissingPatients();
        MappingContext context = new MappingContext(Instant.EPOCH, SessionDirectory.NONE);
        List<Bundle> bundles = new ArrayList<>();
        try (Stream<Path> examples = Files.list(Path.of("examples"))) {
            for (Path example : examples.sorted().toList()) {
                bundles.add(mapping.transaction(
                        checker.check(json.readTree(example.toFile()), "", null).record(), context));
            }
        }
        return bundles;
    }
}
