package org.ketaminefhir.adapter.record;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.ketaminefhir.adapter.vitalsign.Measurement;
import org.ketaminefhir.adapter.vitalsign.VitalSignCatalog;
import org.ketaminefhir.adapter.vitalsign.VitalSignDefinition;

/**
 * The values a reading may hold (docs/interface.md, Records), as the vital-sign catalog defines them: at least one
 * measurement, a panel (blood pressure) whole and in order (systolic above diastolic), and nothing
 * physiologically impossible. The ranges are wide on purpose: they catch unit and keying errors (an SpO2
 * of 980, a negative rate), not clinical alarms.
 */
final class VitalSignsLimits {

    private final VitalSignCatalog catalog;

    VitalSignsLimits(VitalSignCatalog catalog) {
        this.catalog = catalog;
    }

    /** @param kind the record kind the reading is in ({@code session}, {@code vitals}): its measurements are checked */
    void check(FieldCursor reading, String kind) {
        boolean anyMeasurement = false;
        List<String> expected = new ArrayList<>();
        for (VitalSignDefinition definition : catalog.definitions()) {
            List<Measurement> measurements = definition.measurements().stream()
                    .filter(m -> m.takenIn(kind))
                    .toList();
            if (measurements.isEmpty()) {
                continue;
            }
            expected.add(measurements.stream().map(Measurement::field).collect(Collectors.joining("+")));
            List<Optional<BigDecimal>> values =
                    measurements.stream().map(m -> number(reading, m)).toList();
            anyMeasurement |= measurements.stream().anyMatch(m -> reading.has(m.field()));
            if (definition.panel()) {
                checkPanel(reading, definition, measurements, values);
            }
        }
        // the mapper maps every measurement a reading holds: one a kind does not take is refused, not passed through
        for (Measurement measurement : catalog.measurements()) {
            if (!measurement.takenIn(kind) && reading.has(measurement.field())) {
                reading.error(
                        measurement.field(),
                        "is not taken in " + kind + " records' readings; it is taken in "
                                + String.join(" and ", measurement.channels()) + " records");
            }
        }
        if (!anyMeasurement) {
            reading.error(
                    "time", "the reading has no measurement; expected at least one of " + String.join(", ", expected));
        }
    }

    private static Optional<BigDecimal> number(FieldCursor reading, Measurement measurement) {
        Measurement.Range range = measurement.range();
        return reading.number(measurement.field(), false, range.min(), range.max(), range.hint());
    }

    /** A panel is sent whole, and in order where its components must descend (systolic above diastolic). */
    private static void checkPanel(
            FieldCursor reading,
            VitalSignDefinition panel,
            List<Measurement> components,
            List<Optional<BigDecimal>> values) {
        List<Measurement> missing =
                components.stream().filter(m -> !reading.has(m.field())).toList();
        if (!missing.isEmpty() && missing.size() < components.size()) {
            reading.error(
                    missing.get(0).field(),
                    panel.name() + " needs " + (components.size() == 2 ? "both " : "all of ")
                            + components.stream().map(Measurement::field).collect(Collectors.joining(" and ")));
            return;
        }
        if (!panel.componentsDescending()) {
            return;
        }
        for (int i = 0; i + 1 < components.size(); i++) {
            if (values.get(i).isPresent()
                    && values.get(i + 1).isPresent()
                    && values.get(i).get().compareTo(values.get(i + 1).get()) <= 0) {
                String above = components.get(i).field();
                String below = components.get(i + 1).field();
                reading.error(
                        above,
                        values.get(i).get() + " is not above " + below + " "
                                + values.get(i + 1).get() + "; expected " + above + " > " + below);
            }
        }
    }
}
