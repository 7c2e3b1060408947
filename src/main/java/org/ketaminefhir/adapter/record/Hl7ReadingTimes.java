package org.ketaminefhir.adapter.record;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * The times of one message's readings: OBX-14, else OBR-7, else MSH-7 (the caller picks the first one
 * sent). A time without an offset takes MSH-7's, else is read in the clinic's zone (docs/interface.md, Records,
 * DST-aware, as the JSON and CSV channels do), else it is refused: a guessed offset would move the
 * reading by hours. A reading far from the message time is kept but named (see {@link #farFromMessage}).
 */
final class Hl7ReadingTimes {

    /** A reading's time, or why there is none. */
    record Resolved(OffsetDateTime time, String problem) {}

    private final Optional<Hl7Time> messageTime;
    private final Optional<ZoneId> clinicZone;
    private final Duration maxSkew;

    Hl7ReadingTimes(String msh7, Optional<ZoneId> clinicZone, Duration maxSkew) {
        this.messageTime = Hl7Time.parse(msh7);
        this.clinicZone = clinicZone;
        this.maxSkew = maxSkew;
    }

    Resolved resolve(String value, Hl7Field place) {
        String where = place.text();
        Optional<Hl7Time> parsed = Hl7Time.parse(value);
        String quoted = "'" + Hl7Message.excerpt(value.strip()) + "'";
        if (parsed.isEmpty()) {
            return new Resolved(null, where + " " + quoted + " is not an HL7 time; expected " + Hl7Time.FORMAT);
        }
        Hl7Time time = parsed.get();
        if (!time.toTheMinute()) {
            return new Resolved(
                    null,
                    where + " " + quoted + " is precise to the "
                            + time.precision().toString().toLowerCase().replaceAll("s$", "")
                            + " only; a reading time names its minute at least: " + Hl7Time.FORMAT);
        }
        Optional<ZoneOffset> offset = time.offset().or(() -> messageTime.flatMap(Hl7Time::offset));
        if (offset.isPresent()) {
            return new Resolved(time.local().atOffset(offset.get()), null);
        }
        if (clinicZone.isEmpty()) {
            return new Resolved(
                    null,
                    where + " " + quoted + " has no UTC offset and MSH-7 has none either; send the offset "
                            + "(+/-ZZZZ) or configure adapter.clinic.time-zone");
        }
        LocalTimeInZone inZone = LocalTimeInZone.of(time.local(), clinicZone.get());
        return inZone.problem() == null
                ? new Resolved(inZone.time(), null)
                : new Resolved(
                        null, where + " " + quoted + " " + inZone.problem() + "; send it with its offset (+/-ZZZZ)");
    }

    /**
     * A warning when the reading is more than adapter.mllp.max-reading-skew from MSH-7: a monitor whose
     * clock is wrong, or a backlog sent late. Kept, not refused: the reading's own time is the best one
     * known, and refusing would lose a measurement taken; the ACK names it so the clock gets checked.
     */
    Optional<String> farFromMessage(OffsetDateTime reading, Hl7Field place) {
        String where = place.text();
        Optional<OffsetDateTime> message = messageTime
                .filter(Hl7Time::toTheMinute)
                .flatMap(t -> t.offset()
                        .or(() -> clinicZone.map(z -> z.getRules().getOffset(t.local())))
                        .map(t.local()::atOffset));
        if (message.isEmpty()) {
            return Optional.empty();
        }
        Duration apart = Duration.between(message.get(), reading);
        if (apart.abs().compareTo(maxSkew) <= 0) {
            return Optional.empty();
        }
        Duration abs = apart.abs();
        String distance = abs.toHours() < 48 ? abs.toHours() + " hours" : abs.toDays() + " days";
        return Optional.of(
                where + " reading time " + reading.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) + " is " + distance
                        + (apart.isNegative() ? " before" : " after") + " the message time (MSH-7 "
                        + message.get().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) + ")");
    }
}
