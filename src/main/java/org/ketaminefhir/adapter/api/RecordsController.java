package org.ketaminefhir.adapter.api;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.ketaminefhir.adapter.journal.Journal;
import org.ketaminefhir.adapter.journal.JournalEntry;
import org.ketaminefhir.adapter.journal.RecordIntake;
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
    private final RecordStatus status;

    public RecordsController(SubmissionBody submissions, RecordIntake intake, Journal journal, RecordStatus status) {
        this.submissions = submissions;
        this.intake = intake;
        this.journal = journal;
        this.status = status;
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
        return status.of(entry);
    }
}
