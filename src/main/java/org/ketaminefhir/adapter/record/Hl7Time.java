package org.ketaminefhir.adapter.record;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HL7 v2 TS/DTM value, {@code YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ]}: the time as sent, how
 * precise it is (HL7 lets a sender stop at any component) and its UTC offset when it has one.
 *
 * @param local     the time, the components not sent taken as their first value
 * @param precision the last component sent (YEARS to SECONDS; fractions count as SECONDS)
 * @param offset    the offset sent with it, if any
 */
record Hl7Time(LocalDateTime local, ChronoUnit precision, Optional<ZoneOffset> offset) {

    /** What a sender may use, said in answers. */
    public static final String FORMAT = "YYYYMMDDHHMM[SS[.S[S[S[S]]]]][+/-ZZZZ]";

    private static final Pattern DTM = Pattern.compile(
            "(\\d{4})(?:(\\d{2})(?:(\\d{2})(?:(\\d{2})(?:(\\d{2})(?:(\\d{2})(?:\\.(\\d{1,4}))?)?)?)?)?)?([+-]\\d{4})?");
    private static final ChronoUnit[] PRECISIONS = {
        ChronoUnit.YEARS, ChronoUnit.MONTHS, ChronoUnit.DAYS, ChronoUnit.HOURS, ChronoUnit.MINUTES, ChronoUnit.SECONDS
    };

    /** Empty when the value is no HL7 time, or names a date or offset that does not exist (month 13, +2500). */
    public static Optional<Hl7Time> parse(String value) {
        Matcher m = DTM.matcher(value.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        int sent = 0;
        while (sent < PRECISIONS.length && m.group(sent + 1) != null) {
            sent++;
        }
        try {
            String fraction = m.group(7) == null ? "" : m.group(7);
            LocalDateTime local = LocalDateTime.of(
                    Integer.parseInt(m.group(1)),
                    part(m.group(2), 1),
                    part(m.group(3), 1),
                    part(m.group(4), 0),
                    part(m.group(5), 0),
                    part(m.group(6), 0),
                    fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "000000000").substring(0, 9)));
            Optional<ZoneOffset> offset = m.group(8) == null
                    ? Optional.empty()
                    : Optional.of(ZoneOffset.ofHoursMinutes(
                            Integer.parseInt(m.group(8).substring(0, 3)),
                            Integer.parseInt(m.group(8).charAt(0) + m.group(8).substring(3))));
            return Optional.of(new Hl7Time(local, PRECISIONS[sent - 1], offset));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /** A reading's time names its minute at least: a day alone says nothing of when the patient was measured. */
    public boolean toTheMinute() {
        return precision.compareTo(ChronoUnit.MINUTES) <= 0;
    }

    private static int part(String digits, int absent) {
        return digits == null ? absent : Integer.parseInt(digits);
    }
}
