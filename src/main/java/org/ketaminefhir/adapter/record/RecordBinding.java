package org.ketaminefhir.adapter.record;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.Map;

/** Binds a checked record's JSON (as submitted, or as the journal kept it) to its Java record. */
public final class RecordBinding {

    private static final Map<RecordKind, Class<? extends ClinicRecord>> TYPES = Map.of(
            RecordKind.SESSION, SessionRecord.class,
            RecordKind.VITALS, VitalsRecord.class,
            RecordKind.QUESTIONNAIRE, QuestionnaireRecord.class);

    private final ObjectMapper json;

    public RecordBinding(ObjectMapper json) {
        this.json = json.copy()
                .registerModule(new JavaTimeModule())
                // keep the offset the clinic sent; Jackson would otherwise shift times to UTC
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                // optional extra fields are allowed (docs/interface.md, Records); the mapping trace reports unused ones
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    public ClinicRecord bind(RecordKind kind, JsonNode node) {
        try {
            return json.treeToValue(node, TYPES.get(kind));
        } catch (JsonMappingException e) {
            // only checked JSON reaches here, so this is a defect in the checker, not in the input; the
            // path names the field while Jackson's message could quote its value (PHI), so it is left out
            throw new IllegalStateException(
                    "a checked " + kind + " record could not be bound at " + e.getPathReference());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a checked " + kind + " record could not be bound");
        }
    }
}
