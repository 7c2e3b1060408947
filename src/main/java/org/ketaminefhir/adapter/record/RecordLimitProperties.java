package org.ketaminefhir.adapter.record;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code adapter.limits.*}: how large one record may be, on every channel. A record is mapped and
 * validated as one bundle, and that cost grows with its size, so an unbounded record would hold a
 * delivery worker (and the patient's later records) for as long as it likes; past these bounds it is
 * refused at intake with the limit and its key instead. Questionnaire answers need no bound of their
 * own: each instrument fixes their number.
 *
 * @param recordBytes         bytes of one record as JSON
 * @param readingsPerRecord   readings of a vitals record
 * @param vitalsPerSession    readings of a session
 * @param assessmentsPerSession in-session scores of a session
 * @param adverseEventsPerSession adverse events of a session
 * @param cliniciansPerSession clinicians of a session
 */
@ConfigurationProperties("adapter.limits")
public record RecordLimitProperties(
        @DefaultValue("262144") int recordBytes,
        @DefaultValue("500") int readingsPerRecord,
        @DefaultValue("500") int vitalsPerSession,
        @DefaultValue("100") int assessmentsPerSession,
        @DefaultValue("100") int adverseEventsPerSession,
        @DefaultValue("20") int cliniciansPerSession) {

    /** The defaults above, for code that runs without Spring (tools, tests). */
    public static RecordLimitProperties defaults() {
        return new Binder().bindOrCreate("adapter.limits", RecordLimitProperties.class);
    }
}
