package org.ketaminefhir.adapter.profile;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.FhirTerser;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.UriType;

/**
 * The definitions a set of roots reaches: every StructureDefinition, ValueSet and CodeSystem whose URL a
 * reached definition names (base definitions, element types, profiles of types and extensions, bindings,
 * the systems and value sets a value set is composed of), and so on until nothing new is named.
 *
 * <p>The URL of an extension a definition itself carries (maturity, work group, binding names) is not
 * followed: the validator reads such a value, never its definition. An extension an instance may carry is
 * named by a type's profile, and followed.
 *
 * <p>One kind of reference is followed only part way: the profiles a Reference element allows its target to
 * have. The validator reads those definitions (for the target's type), with their base definitions, but
 * not what they name in turn: followed all the way, they reach almost every resource FHIR defines. Should
 * the validator ever ask for a definition left out, {@link LeftOutDefinitions} answers from the full set.
 */
final class DefinitionClosure {

    static final String BASE = "http://hl7.org/fhir/StructureDefinition/";

    private final FhirTerser terser;
    private final Map<String, IBaseResource> known = new LinkedHashMap<>();

    /** @param sources the definitions that can be reached, in the order the validator's chain asks them (first wins) */
    DefinitionClosure(FhirContext fhir, List<? extends Collection<? extends IBaseResource>> sources) {
        this.terser = fhir.newTerser();
        for (Collection<? extends IBaseResource> source : sources) {
            for (IBaseResource definition : source) {
                if (definition instanceof MetadataResource metadata && metadata.hasUrl()) {
                    known.putIfAbsent(metadata.getUrl(), definition);
                }
            }
        }
    }

    /** Every definition known, by URL. */
    Map<String, IBaseResource> known() {
        return known;
    }

    /** The roots and every known definition they reach, by URL, in the order reached. */
    Map<String, IBaseResource> from(Collection<String> roots) {
        Map<String, IBaseResource> reached = new LinkedHashMap<>();
        Deque<String> waiting = new ArrayDeque<>(roots);
        Deque<String> targets = new ArrayDeque<>();
        while (!waiting.isEmpty()) {
            IBaseResource definition = reach(waiting.poll(), reached);
            if (definition != null) {
                waiting.addAll(named(withoutTargetProfiles(definition, targets)));
            }
        }
        while (!targets.isEmpty()) {
            if (reach(targets.poll(), reached) instanceof StructureDefinition target && target.hasBaseDefinition()) {
                targets.add(target.getBaseDefinition());
            }
        }
        return reached;
    }

    /** The known definition of a URL not reached before, now reached; null otherwise. */
    private IBaseResource reach(String reference, Map<String, IBaseResource> reached) {
        String url = canonical(reference);
        IBaseResource definition = known.get(url);
        if (definition == null || reached.containsKey(url)) {
            return null;
        }
        reached.put(url, definition);
        return definition;
    }

    /** Every URL the definition names, but those of the extensions it carries itself. */
    private List<String> named(IBaseResource definition) {
        Set<UriType> extensionUrls = Collections.newSetFromMap(new IdentityHashMap<>());
        terser.getAllPopulatedChildElementsOfType(definition, Extension.class)
                .forEach(extension -> extensionUrls.add(extension.getUrlElement()));
        List<String> named = new ArrayList<>();
        for (UriType uri : terser.getAllPopulatedChildElementsOfType(definition, UriType.class)) {
            if (!extensionUrls.contains(uri)) {
                // an element's type is named by its code ("Quantity"), which stands for the base definition
                named.add(uri.getValue().contains(":") ? uri.getValue() : BASE + uri.getValue());
            }
        }
        return named;
    }

    /** A copy of a StructureDefinition without its Reference elements' target profiles, which go to {@code targets}. */
    private static IBaseResource withoutTargetProfiles(IBaseResource definition, Collection<String> targets) {
        if (!(definition instanceof StructureDefinition structure)) {
            return definition;
        }
        StructureDefinition copy = structure.copy();
        // has…() before get…(): HAPI's getters create the empty parts they are asked for
        Stream.concat(
                        copy.hasSnapshot() ? copy.getSnapshot().getElement().stream() : Stream.empty(),
                        copy.hasDifferential() ? copy.getDifferential().getElement().stream() : Stream.empty())
                .flatMap(element -> element.getType().stream())
                .forEach(type -> {
                    type.getTargetProfile().forEach(target -> targets.add(target.getValue()));
                    type.setTargetProfile(null);
                });
        return copy;
    }

    /** A canonical reference without its version ({@code url|version}). */
    static String canonical(String reference) {
        int bar = reference.indexOf('|');
        return bar < 0 ? reference : reference.substring(0, bar);
    }
}
