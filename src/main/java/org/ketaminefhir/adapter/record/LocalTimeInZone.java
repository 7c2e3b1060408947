package org.ketaminefhir.adapter.record;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A local time (one sent without a UTC offset) read in the clinic's zone, DST-aware (docs/interface.md, Records). A
 * time the zone skips (spring forward) or has twice (autumn) is not shifted or guessed: the answer names
 * it, because either would put a reading at a moment nobody measured it. Shared by the JSON/CSV checker
 * and the HL7 reader so both channels read and refuse such times alike.
 *
 * @param time    the time with the zone's offset, or null when {@code problem} says why there is none
 * @param problem   what is wrong with the local time in that zone (to follow the quoted time), or null
 * @param firstOfTwo for a time the zone has twice, the first of them (an example of how to send it), else null
 */
record LocalTimeInZone(OffsetDateTime time, String problem, OffsetDateTime firstOfTwo) {

    public static LocalTimeInZone of(LocalDateTime local, ZoneId zone) {
        List<ZoneOffset> offsets = zone.getRules().getValidOffsets(local);
        if (offsets.isEmpty()) {
            return new LocalTimeInZone(
                    null, "does not exist in " + zone + " (the clocks skip it for daylight saving time)", null);
        }
        if (offsets.size() > 1) {
            return new LocalTimeInZone(
                    null,
                    "happens twice in " + zone + " (at " + offsets.get(0) + " and again at " + offsets.get(1)
                            + ", when the clocks go back)",
                    local.atOffset(offsets.get(0)));
        }
        return new LocalTimeInZone(local.atOffset(offsets.get(0)), null, null);
    }
}
