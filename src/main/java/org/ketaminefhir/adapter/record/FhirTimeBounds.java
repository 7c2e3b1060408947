package org.ketaminefhir.adapter.record;

import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * What FHIR R4's date and dateTime can hold that Java's parser also accepts: a four-digit year from
 * 0001 to 9999, and an offset from -14:00 to +14:00 in whole minutes (the dateTime regular expression
 * of the R4 specification). Java reads years beyond (+10000, 0000) and offsets up to ±18:00 with
 * seconds; a record holding one would be accepted and then fail in the mapping or the validator.
 */
final class FhirTimeBounds {

    private static final int MAX_OFFSET_SECONDS = 14 * 3600;

    private FhirTimeBounds() {}

    /** Why FHIR cannot hold this time, if it cannot. */
    static Optional<String> outside(OffsetDateTime time) {
        Optional<String> year = yearOutside(time.getYear());
        if (year.isPresent()) {
            return year;
        }
        int offset = time.getOffset().getTotalSeconds();
        if (Math.abs(offset) > MAX_OFFSET_SECONDS || offset % 60 != 0) {
            return Optional.of(
                    "has the UTC offset " + time.getOffset() + ", which FHIR cannot hold; expected an offset "
                            + "from -14:00 to +14:00 in whole minutes, e.g. -08:00");
        }
        return Optional.empty();
    }

    static Optional<String> yearOutside(int year) {
        if (year < 1 || year > 9999) {
            return Optional.of("has the year " + year + ", which FHIR cannot hold; expected a year from 0001 to 9999");
        }
        return Optional.empty();
    }
}
