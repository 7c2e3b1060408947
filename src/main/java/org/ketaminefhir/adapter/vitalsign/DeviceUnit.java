package org.ketaminefhir.adapter.vitalsign;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Optional;

/**
 * A unit a device sends a measurement in (OBX-6), by all its spellings: UCUM, the MDC unit code and
 * reference id, and the plain text monitors use. A value in it becomes the measurement's unit by
 * {@code convert} (none: it is that unit already); a {@code refused} unit is known but cannot be converted,
 * and the reason is what the answer says.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeviceUnit(List<String> spellings, Conversion convert, String refused, List<String> sources) {

    public DeviceUnit {
        spellings = List.copyOf(spellings);
        sources = sources == null ? List.of() : List.copyOf(sources);
    }

    /** Why a value in this unit is not taken; empty when it is. */
    public Optional<String> refusal() {
        return Optional.ofNullable(refused);
    }

    /** The value in the measurement's own unit. */
    public BigDecimal toMeasurementUnit(BigDecimal value) {
        return convert == null ? value : convert.apply(value);
    }

    /** (value + add) × multiply ÷ divide, rounded half up to {@code decimals} places: °F to °C, kPa to mmHg. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Conversion(BigDecimal add, BigDecimal multiply, BigDecimal divide, int decimals) {
        BigDecimal apply(BigDecimal value) {
            BigDecimal shifted = add == null ? value : value.add(add);
            BigDecimal scaled = multiply == null ? shifted : shifted.multiply(multiply);
            return scaled.divide(divide == null ? BigDecimal.ONE : divide, decimals, RoundingMode.HALF_UP);
        }
    }
}
