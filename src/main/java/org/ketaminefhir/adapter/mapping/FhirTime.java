package org.ketaminefhir.adapter.mapping;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.InstantType;

/** Times as FHIR wants them: with seconds and with the offset the clinic sent (not shifted to UTC). */
public final class FhirTime {

    private static final DateTimeFormatter PART_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private FhirTime() {}

    public static DateTimeType dateTime(OffsetDateTime time) {
        return new DateTimeType(time.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    }

    public static InstantType instant(Instant time) {
        return new InstantType(time.atOffset(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    }

    /** A time as an identifier part: UTC, compact, so the same moment sent with another offset matches. */
    public static String part(OffsetDateTime time) {
        return time.atZoneSameInstant(ZoneOffset.UTC).format(PART_TIME);
    }
}
