package org.ketaminefhir.adapter.mapping.note;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * A time as a note shows it, in the offset the clinic sent (never shifted to the server's zone):
 * {@code dateTime} "2026-11-20 09:05 -08:00", {@code date}, {@code time} "09:05", {@code offset}.
 * FreeMarker 2.3 formats no java.time values, so templates get these instead of the OffsetDateTime.
 * Public because FreeMarker reads only public classes' accessors.
 */
public record NoteTime(String dateTime, String date, String time, String offset) {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter OFFSET = DateTimeFormatter.ofPattern("xxx");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm xxx");

    static NoteTime of(OffsetDateTime time) {
        return new NoteTime(time.format(DATE_TIME), time.format(DATE), time.format(TIME), time.format(OFFSET));
    }

    /** {@code ${someTime}} in a template prints the full form. */
    @Override
    public String toString() {
        return dateTime;
    }
}
