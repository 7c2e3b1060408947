package org.ketaminefhir.adapter.api;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Map;
import org.ketaminefhir.adapter.journal.AuditTrail;
import org.ketaminefhir.adapter.journal.Journal;
import org.ketaminefhir.adapter.journal.JournalEntry;
import org.ketaminefhir.adapter.journal.RecordIntake;
import org.ketaminefhir.adapter.journal.RecordListing;
import org.ketaminefhir.adapter.journal.RecordState;
import org.ketaminefhir.adapter.record.RecordKind;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * docs/interface.md, REST API: records in ({@code 202} only once journaled), and their delivery state out; for the
 * dashboard, records listed by kind, state and time, and an admin's audited reveal of a record's MRN.
 */
@RestController
@RequestMapping("/api/v1/records")
class RecordsController {

    private static final int MAX_LIST = 500;

    private final SubmissionBody submissions;
    private final RecordIntake intake;
    private final Journal journal;
    private final RecordStatus status;
    private final RecordListing listing;
    private final AuditTrail audit;
    private final PatientMrn mrn;

    public RecordsController(
            SubmissionBody submissions,
            RecordIntake intake,
            Journal journal,
            RecordStatus status,
            RecordListing listing,
            AuditTrail audit,
            PatientMrn mrn) {
        this.submissions = submissions;
        this.intake = intake;
        this.journal = journal;
        this.status = status;
        this.listing = listing;
        this.audit = audit;
        this.mrn = mrn;
    }

    @PostMapping(consumes = {MediaType.APPLICATION_JSON_VALUE, SubmissionBody.NDJSON_VALUE})
    public ResponseEntity<Map<String, Object>> submit(HttpServletRequest request) {
        RecordIntake.Outcome outcome = intake.submit(
                submissions.records(request), null, request.getUserPrincipal().getName());
        if (!outcome.accepted()) {
            throw new SubmissionRejectedException(outcome.rejections());
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("receipts", outcome.receipts()));
    }

    @GetMapping
    public Map<String, Object> list(
            @RequestParam(required = false) String kind,
            @RequestParam(required = false) String state,
            @RequestParam(required = false) String since,
            @RequestParam(required = false) String until,
            @RequestParam(defaultValue = "100") int limit) {
        if (kind != null && !kind.isEmpty() && RecordKind.fromWireName(kind).isEmpty()) {
            throw new BadQueryException(
                    "kind: '" + kind + "' is not a record kind; expected session, vitals or questionnaire");
        }
        if (state != null
                && !state.isEmpty()
                && Arrays.stream(RecordState.values())
                        .noneMatch(s -> s.wireName().equals(state))) {
            throw new BadQueryException(
                    "state: '" + state + "' is not a delivery state; expected pending, retrying, delivered, "
                            + "withheld, failed or dead");
        }
        if (limit < 1 || limit > MAX_LIST) {
            throw new BadQueryException("limit: " + limit + " is out of range; expected 1 to " + MAX_LIST);
        }
        RecordListing.Filter filter = new RecordListing.Filter(
                blankToNull(kind), blankToNull(state), instant("since", since), instant("until", until));
        return Map.of(
                "records",
                listing.find(filter, limit).stream().map(status::summary).toList());
    }

    @GetMapping("/{kind}/{sourceId}")
    public Map<String, Object> status(@PathVariable String kind, @PathVariable String sourceId) {
        return status.of(find(kind, sourceId));
    }

    /** Admin only (SecurityConfig); every reveal is kept in the audit with who asked. */
    @PostMapping("/{kind}/{sourceId}/reveal-mrn")
    public Map<String, Object> revealMrn(
            @PathVariable String kind, @PathVariable String sourceId, HttpServletRequest request) {
        JournalEntry entry = find(kind, sourceId);
        String revealed = mrn.of(entry)
                .orElseThrow(() -> new GoneException(kind + " " + sourceId
                        + " was delivered and its body purged after the retention period; its MRN is no longer kept"));
        audit.revealedMrn(request.getUserPrincipal().getName(), entry.id());
        return Map.of("kind", kind, "sourceId", sourceId, "mrn", revealed);
    }

    private JournalEntry find(String kind, String sourceId) {
        if (RecordKind.fromWireName(kind).isEmpty()) {
            throw new NotFoundException(
                    "there is no record kind '" + kind + "'; expected session, vitals or questionnaire");
        }
        return journal.find(kind, sourceId)
                .orElseThrow(() ->
                        new NotFoundException("no " + kind + " record with sourceId '" + sourceId + "' was received"));
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadQueryException(name + ": '" + value
                    + "' is not a date-time; expected ISO 8601 with an offset, " + "such as 2026-11-21T00:00:00Z");
        }
    }
}
