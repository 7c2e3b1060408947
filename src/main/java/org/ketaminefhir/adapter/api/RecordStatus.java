package org.ketaminefhir.adapter.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ketaminefhir.adapter.journal.AuditTrail;
import org.ketaminefhir.adapter.journal.DeliveryAttempt;
import org.ketaminefhir.adapter.journal.Journal;
import org.ketaminefhir.adapter.journal.JournalEntry;
import org.ketaminefhir.adapter.journal.RecordState;
import org.springframework.stereotype.Component;

/**
 * A record's delivery state as the API and the dashboard show it: state, its timeline (each revision and
 * who sent it, each attempt with the EHR's answer, each replay), FHIR ids, what the EHR's write plan sent,
 * put only in the clinical note or could not send and why, the MRN masked.
 */
@Component
class RecordStatus {

    private final Journal journal;
    private final AuditTrail audit;
    private final PatientMrn mrn;
    private final ObjectMapper json;

    public RecordStatus(Journal journal, AuditTrail audit, PatientMrn mrn, ObjectMapper json) {
        this.journal = journal;
        this.audit = audit;
        this.mrn = mrn;
        this.json = json;
    }

    /** What a list shows of a record: no answers from the EHR, no timeline. */
    public Map<String, Object> summary(JournalEntry entry) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("id", entry.id());
        summary.put("kind", entry.kind());
        summary.put("sourceId", entry.sourceId());
        summary.put("revision", entry.revision());
        summary.put("state", entry.state().wireName());
        summary.put("attempts", entry.attempts());
        summary.put("mrn", mrn.masked(entry));
        summary.put("receivedAt", entry.receivedAt());
        summary.put("updatedAt", entry.updatedAt());
        return summary;
    }

    /** A dead letter in a list: its summary and the last error, MRNs masked. */
    public Map<String, Object> deadLetter(JournalEntry entry) {
        Map<String, Object> letter = summary(entry);
        letter.put("lastError", mrn.maskFor(entry).apply(entry.lastError()));
        return letter;
    }

    /** The whole status; every text from the EHR or the validator with the MRNs it quotes masked. */
    public Map<String, Object> of(JournalEntry entry) {
        MrnMask mask = mrn.maskFor(entry);
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("id", entry.id());
        status.put("kind", entry.kind());
        status.put("sourceId", entry.sourceId());
        status.put("revision", entry.revision());
        status.put("receiptId", entry.receiptId());
        status.put("state", entry.state().wireName());
        status.put("attempts", entry.attempts());
        status.put("lastError", mask.apply(entry.lastError()));
        status.put("operationOutcome", mask.apply(parsed(entry.lastOutcome())));
        status.put("fhirIds", entry.fhirIds() == null ? json.createArrayNode() : parsed(entry.fhirIds()));
        putDeliveryReport(status, parsed(entry.deliveryReport()), entry.reportRevision());
        status.put("receivedAt", entry.receivedAt());
        status.put("updatedAt", entry.updatedAt());
        if (entry.state() == RecordState.RETRYING) {
            status.put("nextAttemptAt", entry.nextAttemptAt());
        }
        status.put("mrn", mrn.masked(entry));
        status.put("purgedAt", entry.purgedAt());
        status.put("submissions", audit.submissions(entry.kind(), entry.sourceId()));
        status.put(
                "attemptLog",
                journal.attempts(entry.id()).stream()
                        .map(attempt -> new DeliveryAttempt(
                                attempt.revision(),
                                attempt.attemptedAt(),
                                attempt.outcome(),
                                attempt.httpStatus(),
                                mask.apply(attempt.detail())))
                        .toList());
        status.put("replays", journal.replays(entry.id()));
        return status;
    }

    /**
     * {@code sent} (type to count), {@code inNote} and {@code notSent} (each type, count and the plan's reason)
     * and the revision they describe; all null while the record has not been sent under a write plan (the
     * outbox takes whole bundles). The plan's reasons are the adapter's own words, no record content.
     */
    private static void putDeliveryReport(Map<String, Object> status, JsonNode report, Integer revision) {
        status.put("sent", report == null ? null : report.get("sent"));
        status.put("inNote", report == null ? null : report.get("inNote"));
        status.put("notSent", report == null ? null : report.get("notSent"));
        status.put("reportRevision", revision);
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
