package org.ketaminefhir.adapter.vitalsign;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.ketaminefhir.adapter.vitalsign.VitalSignDefinition.Hl7Code;
import org.ketaminefhir.adapter.vitalsign.VitalSignDefinition.LoincCoding;

/**
 * One number of a reading, as every channel names it: the JSON field of a reading, the CSV column, the HL7
 * codes and units monitors send it with, and the range and unit it is held in.
 *
 * @param field       the reading's JSON field ({@code heartRate}); the mapping trace and the checker's pointers use it
 * @param column      the CSV column (docs/interface.md, File drop: the snake_case of the field)
 * @param channels    the record kinds whose readings take it: {@code session} (its vitals), {@code vitals} (its readings)
 * @param code        a panel component's LOINC coding (a single value is coded by its definition)
 * @param unit        the UCUM unit it is held and sent in, with the human-readable unit of the Quantity
 * @param range       the values accepted, in that unit
 * @param hl7Codes    the OBX-3 codes that carry it
 * @param units       the OBX-6 units it is taken in, converted to {@code unit} where they differ, or refused with a reason
 * @param unitImplied an empty OBX-6 means {@code unit}: only where no other unit is in use for it (a rate per minute,
 *                    a saturation in %), never where a device may send another (temperature in °F, pressure in kPa)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Measurement(
        String field,
        String column,
        List<String> channels,
        List<LoincCoding> code,
        Unit unit,
        Range range,
        List<Hl7Code> hl7Codes,
        List<DeviceUnit> units,
        boolean unitImplied) {

    public Measurement {
        channels = channels == null ? List.of() : List.copyOf(channels);
        code = code == null ? List.of() : List.copyOf(code);
        hl7Codes = hl7Codes == null ? List.of() : List.copyOf(hl7Codes);
        units = units == null ? List.of() : List.copyOf(units);
    }

    /** Taken in readings of this record kind ({@code session} or {@code vitals}). */
    public boolean takenIn(String kind) {
        return channels.contains(kind);
    }

    /**
     * The device unit an OBX-6 names (its identifier, else its text, compared without case): empty when the
     * adapter does not know it for this measurement, so the caller refuses it rather than guess.
     */
    public Optional<DeviceUnit> deviceUnit(String identifier, String text) {
        return find(identifier).or(() -> find(text));
    }

    /** The UCUM unit code and the human-readable unit of the Quantity. */
    public record Unit(String code, String display) {}

    /** The values accepted, with what an error adds after "expected min to max" (the unit, say). */
    public record Range(BigDecimal min, BigDecimal max, String hint) {}

    private Optional<DeviceUnit> find(String spelling) {
        String wanted = spelling == null ? "" : spelling.strip();
        if (wanted.isEmpty()) {
            return Optional.empty();
        }
        return units.stream()
                .filter(u -> u.spellings().stream().anyMatch(wanted::equalsIgnoreCase))
                .findFirst();
    }
}
