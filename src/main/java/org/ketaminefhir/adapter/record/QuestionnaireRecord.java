package org.ketaminefhir.adapter.record;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A rating scale the patient filled in (docs/interface.md, Records). Answers stay JSON values because their type
 * depends on the instrument: integers for most, booleans for the C-SSRS screener.
 */
public record QuestionnaireRecord(
        String sourceId,
        int revision,
        String status,
        PatientRef patient,
        String sessionSourceId,
        String instrument,
        OffsetDateTime authored,
        List<JsonNode> answers,
        String difficulty,
        Integer total)
        implements ClinicRecord {

    public QuestionnaireRecord {
        answers = answers == null ? List.of() : List.copyOf(answers);
    }

    @Override
    public RecordKind kind() {
        return RecordKind.QUESTIONNAIRE;
    }

    /** Only {@code entered-in-error} is a status here: a retraction of the whole record. */
    @Override
    public boolean retracted() {
        return "entered-in-error".equals(status);
    }

    /** Its label only: a record holds patient data, and a record can end up in a log. */
    @Override
    public String toString() {
        return label();
    }
}
