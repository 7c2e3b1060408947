package org.ketaminefhir.adapter.record;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One time point of vital signs, in a session (with {@code phase}) or in a vitals record: its values by
 * measurement field ({@code heartRate}, {@code etco2}, … as the vital-sign catalog names them), so a new
 * measurement needs no new field here; and the fields whose values are not final: {@code corrected} (a
 * value that replaces one sent before, HL7 OBX-11 C) and {@code preliminary} (OBX-11 P, S or R).
 */
@JsonDeserialize(using = VitalSigns.Binder.class)
public record VitalSigns(
        OffsetDateTime time,
        String phase,
        Map<String, BigDecimal> values,
        Set<String> corrected,
        Set<String> preliminary) {

    /** The reading fields that list the measurements whose values are not final, by the FHIR status they give. */
    public static final String CORRECTED = "corrected";

    public static final String PRELIMINARY = "preliminary";

    public VitalSigns {
        values = Map.copyOf(values);
        corrected = Set.copyOf(corrected);
        preliminary = Set.copyOf(preliminary);
    }

    /**
     * The FHIR Observation status (observation-status code) of the values of these fields, taken together
     * (a panel's components): preliminary when one is, else corrected when one is, else final.
     */
    public String status(List<String> fields) {
        if (fields.stream().anyMatch(preliminary::contains)) {
            return PRELIMINARY;
        }
        return fields.stream().anyMatch(corrected::contains) ? CORRECTED : "final";
    }

    /** The value of a measurement field, or null when the reading has none. */
    public BigDecimal value(String field) {
        return values.get(field);
    }

    /**
     * Time and phase as the record's other fields are bound (the binding keeps the offset sent), and every
     * number beside them as a value: the checker let through numbers only in measurement fields, and an
     * extra numeric field is never looked up.
     */
    static final class Binder extends StdDeserializer<VitalSigns> {
        Binder() {
            super(VitalSigns.class);
        }

        @Override
        public VitalSigns deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonNode reading = context.readTree(parser);
            Map<String, BigDecimal> values = new LinkedHashMap<>();
            reading.properties().forEach(field -> {
                if (field.getValue().isNumber()) {
                    values.put(field.getKey(), field.getValue().decimalValue());
                }
            });
            JsonNode time = reading.get("time");
            JsonNode phase = reading.get("phase");
            return new VitalSigns(
                    time == null || time.isNull() ? null : context.readTreeAsValue(time, OffsetDateTime.class),
                    phase == null || phase.isNull() ? null : phase.asText(),
                    values,
                    fields(reading, CORRECTED),
                    fields(reading, PRELIMINARY));
        }

        private static Set<String> fields(JsonNode reading, String list) {
            Set<String> fields = new HashSet<>();
            reading.path(list).forEach(field -> fields.add(field.asText()));
            return fields;
        }
    }
}
