package org.ketaminefhir.adapter.ehr;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ConceptMap;
import org.hl7.fhir.r4.model.ConceptMap.ConceptMapGroupComponent;
import org.hl7.fhir.r4.model.ConceptMap.ConceptMapGroupUnmappedMode;
import org.hl7.fhir.r4.model.ConceptMap.SourceElementComponent;
import org.hl7.fhir.r4.model.ConceptMap.TargetElementComponent;
import org.hl7.fhir.r4.model.Enumerations.ConceptMapEquivalence;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationComponentComponent;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;

/**
 * The codes one EHR files readings under, from a FHIR R4 ConceptMap: Epic files vital signs to flowsheet
 * rows that each customer maps, so a plan (or the operator, {@code adapter.ehr.concept-map}) names the
 * customer's map. Each group maps its {@code source} system's codes to its {@code target} system's.
 * <p>
 * A target is taken when its equivalence says the EHR's code means the reading: {@code equal},
 * {@code equivalent}, or {@code wider} / {@code subsumes} (a general "Pulse" row for "Heart rate" files
 * nothing false). A {@code narrower}, {@code specializes}, {@code inexact}, {@code relatedto},
 * {@code unmatched} or {@code disjoint} target would claim what the reading does not say, so it is not used.
 * A code the map does not translate is sent as it is (an EHR may know the standard code itself, as Epic
 * knows LOINC it maps; if not, its refusal names the code), which is also what {@code unmapped} mode
 * {@code provided} says; other unmapped modes are refused when the map loads.
 * <p>
 * The translated coding goes first in {@code code.coding}, the mapped codings after it, so a plan that
 * sends one coding ({@code singleCoding}) sends the EHR's; component codes (blood pressure's systolic and
 * diastolic) are translated the same way. A map is read once per process (like the note templates): a
 * file that is missing, is no ConceptMap or maps nothing usable stops the start naming it.
 */
final class CodeTranslation {

    private static final Set<ConceptMapEquivalence> TAKEN = EnumSet.of(
            ConceptMapEquivalence.EQUAL,
            ConceptMapEquivalence.EQUIVALENT,
            ConceptMapEquivalence.WIDER,
            ConceptMapEquivalence.SUBSUMES);
    private static final Map<String, CodeTranslation> LOADED = new ConcurrentHashMap<>();
    private static final String CLASSPATH = "classpath:";

    private final Map<String, Coding> targets;

    private CodeTranslation(Map<String, Coding> targets) {
        this.targets = Map.copyOf(targets);
    }

    /**
     * The map at this location, read at its first use: {@code classpath:…} on the class path, anything else a
     * file path (relative to the working directory).
     *
     * @throws IllegalArgumentException naming the location and what is wrong with it
     */
    public static CodeTranslation of(String location) {
        return LOADED.computeIfAbsent(location, CodeTranslation::load);
    }

    /** Translates the Observation's code and its components' codes in place. */
    public void translate(Observation observation) {
        translate(observation.getCode());
        for (ObservationComponentComponent component : observation.getComponent()) {
            translate(component.getCode());
        }
    }

    private void translate(CodeableConcept concept) {
        for (Coding coding : concept.getCoding()) {
            Coding target = targets.get(key(coding.getSystem(), coding.getCode()));
            if (target != null) {
                concept.getCoding()
                        .removeIf(existing -> key(existing.getSystem(), existing.getCode())
                                .equals(key(target.getSystem(), target.getCode())));
                concept.getCoding().add(0, target.copy());
                return;
            }
        }
    }

    private static CodeTranslation load(String location) {
        String where = "the ConceptMap " + location + ": ";
        ConceptMap map = parse(location, where);
        Map<String, Coding> targets = new HashMap<>();
        for (int g = 0; g < map.getGroup().size(); g++) {
            ConceptMapGroupComponent group = map.getGroup().get(g);
            String at = where + "group[" + g + "]";
            if (!group.hasSource() || !group.hasTarget()) {
                throw new IllegalArgumentException(
                        at + " names no source or no target system; both are needed to translate a code");
            }
            if (group.hasUnmapped() && group.getUnmapped().getMode() != ConceptMapGroupUnmappedMode.PROVIDED) {
                throw new IllegalArgumentException(at + ".unmapped.mode is "
                        + group.getUnmapped().getMode().toCode()
                        + "; only provided (an unmapped code is sent as it is) is supported");
            }
            for (SourceElementComponent element : group.getElement()) {
                Coding target = taken(element, group, at);
                if (target != null && targets.put(key(group.getSource(), element.getCode()), target) != null) {
                    throw new IllegalArgumentException(
                            at + " maps " + element.getCode() + " twice; one EHR code per code");
                }
            }
        }
        if (targets.isEmpty()) {
            throw new IllegalArgumentException(where + "maps no code with an equivalence the adapter uses (equal, "
                    + "equivalent, wider, subsumes): it would translate nothing");
        }
        return new CodeTranslation(targets);
    }

    /** The one target of the element the adapter uses, or null where none is taken. */
    private static Coding taken(SourceElementComponent element, ConceptMapGroupComponent group, String at) {
        if (!element.hasCode()) {
            throw new IllegalArgumentException(at + " has an element without a code");
        }
        List<TargetElementComponent> usable = element.getTarget().stream()
                .filter(target -> target.hasCode() && TAKEN.contains(target.getEquivalence()))
                .toList();
        if (usable.size() > 1) {
            throw new IllegalArgumentException(at + " maps " + element.getCode() + " to " + usable.size()
                    + " codes; one EHR code per code (which row a reading goes to is not guessed)");
        }
        if (usable.isEmpty()) {
            return null;
        }
        TargetElementComponent target = usable.get(0);
        return new Coding(group.getTarget(), target.getCode(), target.getDisplay());
    }

    private static ConceptMap parse(String location, String where) {
        // not Spring's FileSystemResourceLoader: it reads "/etc/kfa/map.json" relative to the working directory
        Resource file = location.startsWith(CLASSPATH)
                ? new ClassPathResource(location.substring(CLASSPATH.length()))
                : new FileSystemResource(Path.of(location));
        String text;
        try (InputStream in = file.getInputStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(where + "cannot be read (" + e.getMessage() + ")", e);
        }
        FhirContext fhir = FhirContext.forR4Cached();
        try {
            var parser = text.stripLeading().startsWith("<") ? fhir.newXmlParser() : fhir.newJsonParser();
            if (parser.parseResource(text) instanceof ConceptMap map) {
                return map;
            }
            throw new IllegalArgumentException(where + "holds another FHIR resource, not a ConceptMap");
        } catch (DataFormatException e) {
            throw new IllegalArgumentException(where + "is not FHIR R4 JSON or XML (" + e.getMessage() + ")", e);
        }
    }

    private static String key(String system, String code) {
        return system + "|" + code;
    }
}
