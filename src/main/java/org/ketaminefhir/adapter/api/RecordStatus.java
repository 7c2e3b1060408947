package org.ketaminefhir.adapter.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ketaminefhir.adapter.journal.Journal;
import org.ketaminefhir.adapter.journal.JournalEntry;
import org.ketaminefhir.adapter.journal.RecordState;
import org.springframework.stereotype.Component;

/** A record's delivery state as the API shows it: state, attempts with the EHR's answers, FHIR ids. */
@Component
public class RecordStatus {

    private final Journal journal;
    private final ObjectMapper json;

    public RecordStatus(Journal journal, ObjectMapper json) {
        this.journal = journal;
        this.json = json;
    }

    public Map<String, Object> of(JournalEntry entry) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("kind", entry.kind());
        status.put("sourceId", entry.sourceId());
        status.put("revision", entry.revision());
        status.put("receiptId", entry.receiptId());
        status.put("state", entry.state().wireName());
        status.put("attempts", entry.attempts());
        status.put("lastError", entry.lastError());
        status.put("operationOutcome", parsed(entry.lastOutcome()));
        status.put("fhirIds", entry.fhirIds() == null ? json.createArrayNode() : parsed(entry.fhirIds()));
        status.put("receivedAt", entry.receivedAt());
        status.put("updatedAt", entry.updatedAt());
        if (entry.state() == RecordState.RETRYING) {
            status.put("nextAttemptAt", entry.nextAttemptAt());
        }
        status.put("attemptLog", journal.attempts(entry.id()));
        return status;
    }

    private JsonNode parsed(String stored) {
        if (stored == null) {
            return null;
        }
        try {
            return json.readTree(stored);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the journal holds unreadable JSON", e);
        }
    }
}
