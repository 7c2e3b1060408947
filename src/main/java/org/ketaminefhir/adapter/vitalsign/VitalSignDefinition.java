package org.ketaminefhir.adapter.vitalsign;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/**
 * One vital-sign Observation, defined as data in {@code src/main/resources/vital-signs/*.json}: its LOINC
 * code(s), US Core profile and the measurement it carries, either one {@code value} or, for a panel such as
 * blood pressure, {@code components} that are sent together or not at all. Adding a vital sign is a new
 * file, not code (docs/extending.md, "A vital sign").
 *
 * @param name                 what a message calls it ("blood pressure")
 * @param order                where its Observations come in a bundle and its fields in lists (ascending)
 * @param part                 the Observation's identity part under {@code vitals/<time>/}
 * @param profile              the profile the Observation names in {@code meta.profile}
 * @param code                 the Observation's LOINC codings, the first also its text
 * @param value                the one measurement of a single-valued vital sign
 * @param components           the measurements of a panel, each an Observation component
 * @param componentsDescending a panel whose every component must be above the next (systolic above diastolic)
 * @param hl7Ignored           OBX-3 codes known to belong here that carry nothing to send (mean pressure, compound rows)
 * @param sources              where the codes come from, by the letters the codes cite
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record VitalSignDefinition(
        String name,
        int order,
        String part,
        String profile,
        List<LoincCoding> code,
        Measurement value,
        List<Measurement> components,
        boolean componentsDescending,
        List<Hl7Code> hl7Ignored,
        Map<String, String> sources) {

    public VitalSignDefinition {
        code = code == null ? List.of() : List.copyOf(code);
        components = components == null ? List.of() : List.copyOf(components);
        hl7Ignored = hl7Ignored == null ? List.of() : List.copyOf(hl7Ignored);
        sources = sources == null ? Map.of() : Map.copyOf(sources);
    }

    /** A panel: its measurements are components of one Observation, sent all together or not at all. */
    public boolean panel() {
        return !components.isEmpty();
    }

    /** The measurements it carries: the value, or the panel's components in order. */
    public List<Measurement> measurements() {
        return panel() ? components : List.of(value);
    }

    /** A LOINC coding of an Observation or of a panel's component. */
    public record LoincCoding(String code, String display) {}

    /** An OBX-3 code (OBX-3.1) a device sends, with its IEEE 11073 reference id and the sources that name it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Hl7Code(String code, String referenceId, List<String> sources) {
        public Hl7Code {
            sources = sources == null ? List.of() : List.copyOf(sources);
        }
    }
}
