package org.ketaminefhir.adapter.record;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The outcome of checking one record: the bound record and its normalized JSON, or the errors. */
public record CheckResult(ClinicRecord record, ObjectNode normalized, String sourceIdIfKnown, List<FieldError> errors) {

    static CheckResult accepted(ClinicRecord record, ObjectNode normalized) {
        return new CheckResult(record, normalized, record.sourceId(), List.of());
    }

    static CheckResult rejected(String sourceIdIfKnown, List<FieldError> errors) {
        return new CheckResult(null, null, sourceIdIfKnown, List.copyOf(errors));
    }

    public boolean isAccepted() {
        return errors.isEmpty();
    }
}
