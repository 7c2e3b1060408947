package org.ketaminefhir.adapter.vitalsign;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Every vital sign the adapter takes, one definition per file ({@code vital-signs/*.json} on the class
 * path): the checker, the CSV columns, the HL7 codes and units, the mapper and the mapping trace all read
 * it, so a new measurement is a new file. A catalog whose files contradict each other (two measurements
 * with one field, column or HL7 code) does not load.
 */
public final class VitalSignCatalog {

    /** What an operator's code map, like the catalog's known-but-not-sent codes, maps a code to when nothing is sent. */
    public static final String IGNORE = "ignore";

    private static final String FOLDER = "classpath*:vital-signs/*.json";

    private final List<VitalSignDefinition> definitions;
    private final Map<String, Measurement> byField = new LinkedHashMap<>();
    private final Map<String, String> hl7Codes = new HashMap<>();

    public VitalSignCatalog(List<VitalSignDefinition> definitions) {
        this.definitions = definitions.stream()
                .sorted(Comparator.comparingInt(VitalSignDefinition::order))
                .toList();
        Map<String, String> columns = new HashMap<>();
        for (VitalSignDefinition definition : this.definitions) {
            if ((definition.value() == null) == definition.components().isEmpty()) {
                throw new IllegalStateException(
                        "vital sign " + definition.part() + " needs either a value or components");
            }
            for (Measurement measurement : definition.measurements()) {
                unique(
                        "field",
                        measurement.field(),
                        byField.put(measurement.field(), measurement) == null ? null : definition.part());
                unique("CSV column", measurement.column(), columns.put(measurement.column(), definition.part()));
                measurement
                        .hl7Codes()
                        .forEach(code ->
                                unique("HL7 code", code.code(), hl7Codes.put(code.code(), measurement.field())));
            }
            definition.hl7Ignored().forEach(code -> unique("HL7 code", code.code(), hl7Codes.put(code.code(), IGNORE)));
        }
    }

    /** The catalog on the class path, read once. */
    public static VitalSignCatalog standard() {
        return Standard.CATALOG;
    }

    /** Reads {@code classpath*:vital-signs/*.json}. */
    public static VitalSignCatalog load() {
        ObjectMapper json = new ObjectMapper();
        List<VitalSignDefinition> definitions = new ArrayList<>();
        try {
            for (Resource file : new PathMatchingResourcePatternResolver().getResources(FOLDER)) {
                try (InputStream in = file.getInputStream()) {
                    definitions.add(json.readValue(in, VitalSignDefinition.class));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the vital-sign definition " + file.getFilename(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the vital-sign definitions", e);
        }
        return new VitalSignCatalog(definitions);
    }

    /** The definitions, in their order. */
    public List<VitalSignDefinition> definitions() {
        return definitions;
    }

    public Optional<VitalSignDefinition> definition(String part) {
        return definitions.stream().filter(d -> d.part().equals(part)).findFirst();
    }

    /** Every measurement, in the definitions' order. */
    public List<Measurement> measurements() {
        return List.copyOf(byField.values());
    }

    /** The measurements readings of this record kind ({@code session}, {@code vitals}) take. */
    public List<Measurement> measurements(String kind) {
        return byField.values().stream().filter(m -> m.takenIn(kind)).toList();
    }

    public Optional<Measurement> measurement(String field) {
        return Optional.ofNullable(byField.get(field));
    }

    /** The field an OBX-3 code carries, {@link #IGNORE} for codes known to carry nothing to send; empty: unknown. */
    public Optional<String> hl7Measurement(String code) {
        return Optional.ofNullable(hl7Codes.get(code));
    }

    private static void unique(String what, String value, String earlier) {
        if (earlier != null) {
            throw new IllegalStateException("the vital-sign catalog names " + what + " '" + value + "' twice");
        }
    }

    /** Loaded on first use: the CSV layouts and the checker are built before any Spring context. */
    private static final class Standard {
        private static final VitalSignCatalog CATALOG = load();
    }
}
