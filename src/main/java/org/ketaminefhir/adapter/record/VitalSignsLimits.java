package org.ketaminefhir.adapter.record;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * The values a reading may hold (contract §1.3): at least one measurement, blood pressure as a pair
 * with systolic above diastolic, and nothing physiologically impossible. The limits are wide on
 * purpose: they catch unit and keying errors (an SpO2 of 980, a negative rate), not clinical alarms.
 */
final class VitalSignsLimits {

    private static final String[] MEASUREMENTS = {"systolic", "diastolic", "heartRate", "spo2", "respiratoryRate", "temperatureC"};

    void check(FieldCursor reading) {
        Optional<BigDecimal> systolic = reading.number("systolic", false, bd("20"), bd("300"));
        Optional<BigDecimal> diastolic = reading.number("diastolic", false, bd("10"), bd("250"));
        reading.number("heartRate", false, bd("1"), bd("300"));
        reading.number("spo2", false, bd("1"), bd("100"));
        reading.number("respiratoryRate", false, bd("0"), bd("100"));
        reading.number("temperatureC", false, bd("25"), bd("45"));
        boolean anyMeasurement = false;
        for (String measurement : MEASUREMENTS) {
            anyMeasurement |= reading.has(measurement);
        }
        if (!anyMeasurement) {
            reading.error("time", "the reading has no measurement; expected at least one of systolic+diastolic, "
                    + "heartRate, spo2, respiratoryRate, temperatureC");
        }
        if (reading.has("systolic") != reading.has("diastolic")) {
            reading.error(reading.has("systolic") ? "diastolic" : "systolic",
                    "blood pressure needs both systolic and diastolic");
        }
        if (systolic.isPresent() && diastolic.isPresent() && systolic.get().compareTo(diastolic.get()) <= 0) {
            reading.error("systolic", systolic.get() + " is not above diastolic " + diastolic.get()
                    + "; expected systolic > diastolic");
        }
    }

    private static BigDecimal bd(String value) {
        return new BigDecimal(value);
    }
}
