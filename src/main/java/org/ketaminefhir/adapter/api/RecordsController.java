package org.ketaminefhir.adapter.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ketaminefhir.adapter.journal.DeliveryAttempt;
import org.ketaminefhir.adapter.journal.Journal;
import org.ketaminefhir.adapter.journal.JournalEntry;
import org.ketaminefhir.adapter.journal.RecordIntake;
import org.ketaminefhir.adapter.journal.RecordState;
import org.ketaminefhir.adapter.record.RecordKind;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Contract §3.1: records in ({@code 202} only once journaled), and their delivery state out. */
@RestController
@RequestMapping("/api/v1/records")
public class RecordsController {

    private final SubmissionBody submissions;
    private final RecordIntake intake;
    private final Journal journal;
    private final ObjectMapper json;

    public RecordsController(SubmissionBody submissions, RecordIntake intake, Journal journal, ObjectMapper json) {
        this.submissions = submissions;
        this.intake = intake;
        this.journal = journal;
        this.json = json;
    }

    @PostMapping
    public ResponseEntity<Map<String, Object>> submit(@RequestBody byte[] body,
                                                      @RequestHeader(value = "Content-Type", required = false) String contentType,
                                                      HttpServletRequest request) {
        RecordIntake.Outcome outcome = intake.submit(submissions.records(body, contentType, request.getContentLengthLong()), null);
        if (!outcome.accepted()) {
            throw new SubmissionRejectedException(outcome.rejections());
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("receipts", outcome.receipts()));
    }

    @GetMapping("/{kind}/{sourceId}")
    public Map<String, Object> status(@PathVariable String kind, @PathVariable String sourceId) {
        if (RecordKind.fromWireName(kind).isEmpty()) {
            throw new NotFoundException("there is no record kind '" + kind + "'; expected session, vitals or questionnaire");
        }
        JournalEntry entry = journal.find(kind, sourceId)
                .orElseThrow(() -> new NotFoundException("no " + kind + " record with sourceId '" + sourceId + "' was received"));
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("kind", entry.kind());
        status.put("sourceId", entry.sourceId());
        status.put("revision", entry.revision());
        status.put("receiptId", entry.receiptId());
        status.put("state", entry.state().wireName());
        status.put("attempts", entry.attempts());
        status.put("lastError", entry.lastError());
        status.put("operationOutcome", parsed(entry.lastOutcome()));
        status.put("fhirIds", fhirIds(entry.fhirIds()));
        status.put("receivedAt", entry.receivedAt());
        status.put("updatedAt", entry.updatedAt());
        if (entry.state() == RecordState.RETRYING) {
            status.put("nextAttemptAt", entry.nextAttemptAt());
        }
        List<DeliveryAttempt> attempts = journal.attempts(entry.id());
        status.put("attemptLog", attempts);
        return status;
    }

    private JsonNode fhirIds(String stored) {
        return stored == null ? json.createArrayNode() : parsed(stored);
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
