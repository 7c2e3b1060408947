package org.ketaminefhir.adapter.api;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.ketaminefhir.adapter.journal.RevisionConflictException;
import org.ketaminefhir.adapter.record.MalformedInputException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Every rejection as RFC 9457 problem+json: what was wrong, and for field errors a list naming the
 * record, the field (JSON pointer) and what would be accepted.
 */
@RestControllerAdvice
public class ProblemResponses {

    static final String TYPE_BASE = "https://ketamine-fhir-adapter.example/problems/";

    @ExceptionHandler(SubmissionRejectedException.class)
    ResponseEntity<ProblemDetail> rejected(SubmissionRejectedException e) {
        List<Map<String, String>> errors = e.rejections().stream()
                .flatMap(rejection -> rejection.errors().stream().map(error -> Map.of(
                        "record", rejection.label(),
                        "pointer", error.pointer(),
                        "message", error.message())))
                .toList();
        ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_ENTITY, "invalid-record", "Invalid record",
                errors.size() + " error(s) in " + e.rejections().size() + " record(s); nothing was stored");
        problem.setProperty("errors", errors);
        return respond(problem);
    }

    @ExceptionHandler(MalformedInputException.class)
    ResponseEntity<ProblemDetail> malformed(MalformedInputException e) {
        return respond(problem(HttpStatus.BAD_REQUEST, "malformed-json", "Malformed JSON", e.getMessage()));
    }

    @ExceptionHandler(RevisionConflictException.class)
    ResponseEntity<ProblemDetail> conflict(RevisionConflictException e) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "revision-conflict", "Revision conflict",
                e.getMessage() + "; nothing was stored");
        problem.setProperty("errors", List.of(Map.of("pointer", e.pointer(), "message", e.getMessage())));
        return respond(problem);
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ResponseEntity<ProblemDetail> tooLarge(PayloadTooLargeException e) {
        return respond(problem(HttpStatus.PAYLOAD_TOO_LARGE, "too-large", "Submission too large", e.getMessage()));
    }

    @ExceptionHandler(NotReplayableException.class)
    ResponseEntity<ProblemDetail> notReplayable(NotReplayableException e) {
        return respond(problem(HttpStatus.CONFLICT, "not-replayable", "Not replayable", e.getMessage()));
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(NotFoundException e) {
        return respond(problem(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage()));
    }

    @ExceptionHandler(BadQueryException.class)
    ResponseEntity<ProblemDetail> badQuery(BadQueryException e) {
        return respond(problem(HttpStatus.BAD_REQUEST, "bad-query", "Bad query parameter", e.getMessage()));
    }

    @ExceptionHandler(GoneException.class)
    ResponseEntity<ProblemDetail> gone(GoneException e) {
        return respond(problem(HttpStatus.GONE, "purged", "No longer kept", e.getMessage()));
    }

    private static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + type));
        problem.setTitle(title);
        return problem;
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
