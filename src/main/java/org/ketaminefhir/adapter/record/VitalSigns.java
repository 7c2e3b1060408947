package org.ketaminefhir.adapter.record;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/** One time point of vital signs, in a session (with {@code phase}) or in a vitals record. */
public record VitalSigns(OffsetDateTime time, String phase, BigDecimal systolic, BigDecimal diastolic,
                         BigDecimal heartRate, BigDecimal spo2, BigDecimal respiratoryRate,
                         BigDecimal temperatureC) {
}
