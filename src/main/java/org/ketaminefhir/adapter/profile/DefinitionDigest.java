package org.ketaminefhir.adapter.profile;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.ValidationSupportContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.StructureDefinition.StructureDefinitionKind;
import org.hl7.fhir.r4.model.StructureDefinition.TypeDerivationRule;
import org.ketaminefhir.adapter.mapping.CodeSystems;
import org.ketaminefhir.adapter.mapping.Profiles;
import org.ketaminefhir.adapter.vitalsign.VitalSignCatalog;

/**
 * The validator's definitions, chosen at build time: of the 3,145 definitions in base FHIR R4, US Core and
 * the adapter's package, the ones the adapter's resources can reach ({@link DefinitionClosure}), trimmed of
 * what the validator never reads ({@link UnreadParts}), the adapter's own profiles with their snapshots.
 * Loading them all took seconds at every start and held most of the validator's heap, though the adapter
 * emits eight resource types.
 *
 * <p>The roots: everything in the adapter's package ({@code fhir-profiles/}), every profile the mapping
 * names ({@link Profiles}) and every code system it codes with ({@link CodeSystems}), the base definitions
 * of the resources it emits without naming a profile (the Bundle and the contained Medication), and every
 * base data type, so FHIRPath knows all type names. What is left out is listed, URL by URL, for
 * {@link LeftOutDefinitions}.
 *
 * <p>Written by the build ({@code process-classes}, pom.xml: public for its {@code main}) into the
 * classes; {@link #read} finds it there.
 */
public record DefinitionDigest(List<IBaseResource> definitions, Set<String> leftOut) {

    static final String FOLDER = "validator-definitions";
    private static final String DEFINITIONS = FOLDER + "/definitions.json";
    private static final String LEFT_OUT = FOLDER + "/left-out.txt";

    /** Resource types the mapping emits without naming a profile for them. */
    static final List<String> UNPROFILED_TYPES = List.of("Bundle", "Medication");

    /** Writes the digest into the given classes folder. */
    public static void main(String[] arguments) throws IOException {
        Path classes = Path.of(arguments[0]);
        long start = System.nanoTime();
        DefinitionDigest digest = of(FhirProfiles.Published.load(FhirContext.forR4(), true));
        digest.write(classes, FhirContext.forR4());
        System.out.printf(
                "validator definitions: %d reached, %d left out, in %d ms%n",
                digest.definitions.size(), digest.leftOut.size(), (System.nanoTime() - start) / 1_000_000);
    }

    static DefinitionDigest of(FhirProfiles.Published published) {
        DefinitionClosure closure = new DefinitionClosure(published.fhir(), published.inChainOrder());
        Map<String, IBaseResource> reached = closure.from(roots(published));
        Set<String> leftOut = new TreeSet<>(closure.known().keySet());
        leftOut.removeAll(reached.keySet());
        withSnapshots(reached, published);
        return new DefinitionDigest(List.copyOf(reached.values()), leftOut);
    }

    /**
     * The adapter's own profiles come as differentials; their snapshots are generated here, once, as the
     * validator's worker context would generate them at every start (the same generator, called the same way).
     */
    private static void withSnapshots(Map<String, IBaseResource> reached, FhirProfiles.Published published) {
        ValidationSupportChain everything = published.chain();
        SnapshotGeneratingValidationSupport generator = new SnapshotGeneratingValidationSupport(
                published.fhir(), new WorkerContextValidationSupportAdapter(everything));
        reached.replaceAll(
                (url, definition) -> definition instanceof StructureDefinition structure && !structure.hasSnapshot()
                        ? generator.generateSnapshot(new ValidationSupportContext(everything), structure, "", null, "")
                        : definition);
    }

    private static List<String> roots(FhirProfiles.Published published) {
        List<String> roots = new ArrayList<>();
        published
                .own()
                .fetchAllConformanceResources()
                .forEach(definition -> roots.add(((MetadataResource) definition).getUrl()));
        published.questionnaires().all().forEach(questionnaire -> roots.add(questionnaire.getUrl()));
        roots.addAll(namedByTheMapping());
        UNPROFILED_TYPES.forEach(type -> roots.add(DefinitionClosure.BASE + type));
        for (IBaseResource definition : published.base().fetchAllStructureDefinitions()) {
            StructureDefinition structure = (StructureDefinition) definition;
            if (structure.getDerivation() == TypeDerivationRule.SPECIALIZATION
                    && (structure.getKind() == StructureDefinitionKind.PRIMITIVETYPE
                            || structure.getKind() == StructureDefinitionKind.COMPLEXTYPE)) {
                roots.add(structure.getUrl());
            }
        }
        return roots;
    }

    /**
     * The profiles and code systems the mapping names: each is a constant of {@link Profiles} or {@link CodeSystems},
     * or a vital sign's profile in the vital-sign catalog.
     */
    static List<String> namedByTheMapping() {
        List<String> urls = new ArrayList<>();
        VitalSignCatalog.standard().definitions().forEach(definition -> urls.add(definition.profile()));
        for (Class<?> constants : List.of(Profiles.class, CodeSystems.class)) {
            // every constant, whatever its visibility: one the mapping's own package alone reads is a root too
            for (Field field : constants.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                    field.setAccessible(true);
                    try {
                        urls.add((String) field.get(null));
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        return urls;
    }

    private void write(Path classes, FhirContext fhir) throws IOException {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        definitions.forEach(definition -> bundle.addEntry().setResource((Resource) definition));
        Files.createDirectories(classes.resolve(FOLDER));
        try (Writer out = Files.newBufferedWriter(classes.resolve(DEFINITIONS))) {
            fhir.newJsonParser().encodeResourceToWriter(bundle, out);
        }
        Files.writeString(classes.resolve(LEFT_OUT), String.join("\n", leftOut) + "\n");
    }

    /** The digest the build wrote, if it is on the class path. */
    static Optional<DefinitionDigest> read(FhirContext fhir) {
        ClassLoader loader = DefinitionDigest.class.getClassLoader();
        try (InputStream definitions = loader.getResourceAsStream(DEFINITIONS);
                InputStream leftOut = loader.getResourceAsStream(LEFT_OUT)) {
            if (definitions == null || leftOut == null) {
                return Optional.empty();
            }
            Bundle bundle = fhir.newJsonParser().parseResource(Bundle.class, definitions);
            List<IBaseResource> reached = bundle.getEntry().stream()
                    .map(entry -> (IBaseResource) entry.getResource())
                    .toList();
            Set<String> urls = new BufferedReader(new InputStreamReader(leftOut, StandardCharsets.UTF_8))
                    .lines()
                    .filter(line -> !line.isBlank())
                    .collect(Collectors.toUnmodifiableSet());
            return Optional.of(new DefinitionDigest(reached, urls));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the validator's definitions from " + FOLDER, e);
        }
    }
}
