package org.ketaminefhir.adapter.api;

import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import org.ketaminefhir.adapter.journal.Journal;
import org.ketaminefhir.adapter.journal.JournalEntry;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * docs/interface.md, REST API: the records that need a person (the EHR refused them, or retries ran out), each with
 * every attempt and the EHR's answer, and a replay that sends one again and records who asked. A
 * {@code withheld} record (its plan sent none of it) is no dead letter, but may be replayed by its id too:
 * after the EHR's plan changed, it may take some of it.
 */
@RestController
@RequestMapping("/api/v1/dead-letters")
class DeadLettersController {

    private static final int LIMIT = 500;

    private final Journal journal;
    private final RecordStatus status;

    public DeadLettersController(Journal journal, RecordStatus status) {
        this.journal = journal;
        this.status = status;
    }

    @GetMapping
    public Map<String, Object> list() {
        List<Map<String, Object>> letters =
                journal.deadLetters(LIMIT).stream().map(status::deadLetter).toList();
        return Map.of("deadLetters", letters);
    }

    @GetMapping("/{id}")
    public Map<String, Object> detail(@PathVariable long id) {
        JournalEntry entry = journal.find(id).orElseThrow(() -> new NotFoundException("no record with id " + id));
        return status.of(entry);
    }

    @PostMapping("/{id}/replay")
    public ResponseEntity<Map<String, Object>> replay(@PathVariable long id, HttpServletRequest request) {
        JournalEntry entry = journal.find(id).orElseThrow(() -> new NotFoundException("no record with id " + id));
        if (!journal.replay(id, who(request))) {
            String record = entry.kind() + " " + entry.sourceId() + " is "
                    + entry.state().wireName();
            throw new NotReplayableException(record
                    + (entry.purgedAt() != null
                            ? " and its body was purged after the retention period; send it again as a new revision"
                            : "; only failed, dead and withheld records are replayed"));
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(detail(id));
    }

    /** The API key's name (replay is operator-only, so there always is one). */
    private static String who(HttpServletRequest request) {
        Principal principal = request.getUserPrincipal();
        return principal.getName();
    }
}
