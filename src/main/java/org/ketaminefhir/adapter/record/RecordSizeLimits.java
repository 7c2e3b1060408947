package org.ketaminefhir.adapter.record;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.ketaminefhir.adapter.record.FieldCursor.Limit;

/** The bounds of {@link RecordLimitProperties}, each with the key an error names. */
final class RecordSizeLimits {

    private final ObjectMapper json;
    private final RecordLimitProperties limits;

    RecordSizeLimits(ObjectMapper json, RecordLimitProperties limits) {
        this.json = json;
        this.limits = limits;
    }

    /** Whether the record, as JSON, fits {@code adapter.limits.record-bytes}; reports it when not. */
    boolean withinBytes(FieldCursor record) {
        long bytes;
        try {
            bytes = json.writeValueAsBytes(record.node()).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written back", e);
        }
        if (bytes <= limits.recordBytes()) {
            return true;
        }
        record.errorAt(
                record.pointer().isEmpty() ? "/" : record.pointer(),
                "the record is " + bytes + " bytes as JSON; at most " + limits.recordBytes()
                        + " are accepted (adapter.limits.record-bytes)");
        return false;
    }

    Limit readingsPerRecord() {
        return new Limit(limits.readingsPerRecord(), "readings", "adapter.limits.readings-per-record");
    }

    Limit vitalsPerSession() {
        return new Limit(limits.vitalsPerSession(), "readings", "adapter.limits.vitals-per-session");
    }

    Limit assessments() {
        return new Limit(limits.assessmentsPerSession(), "assessments", "adapter.limits.assessments-per-session");
    }

    Limit adverseEvents() {
        return new Limit(
                limits.adverseEventsPerSession(), "adverse events", "adapter.limits.adverse-events-per-session");
    }

    Limit clinicians() {
        return new Limit(limits.cliniciansPerSession(), "clinicians", "adapter.limits.clinicians-per-session");
    }
}
