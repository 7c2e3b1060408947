package org.ketaminefhir.adapter.api;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.ketaminefhir.adapter.journal.RevisionConflictException;
import org.ketaminefhir.adapter.record.MalformedInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Every rejection as RFC 9457 problem+json: what was wrong, and for field errors a list naming the
 * record, the field (JSON pointer) and what would be accepted. Spring MVC's own refusals (unknown path,
 * wrong method, wrong Content-Type, a query parameter of the wrong type) and anything unexpected take the
 * same shape, in the adapter's words rather than the framework's.
 */
@RestControllerAdvice
class ProblemResponses extends ResponseEntityExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemResponses.class);

    @ExceptionHandler(SubmissionRejectedException.class)
    ResponseEntity<ProblemDetail> rejected(SubmissionRejectedException e, HttpServletRequest request) {
        List<Map<String, String>> errors = e.rejections().stream()
                .flatMap(rejection -> rejection.errors().stream()
                        .map(error -> Map.of(
                                "record", Problems.bounded(rejection.label()),
                                "pointer", Problems.bounded(error.pointer()),
                                "message", Problems.bounded(error.message()))))
                .toList();
        ProblemDetail problem = Problems.problem(
                HttpStatus.UNPROCESSABLE_ENTITY,
                "invalid-record",
                "Invalid record",
                errors.size() + " error(s) in " + e.rejections().size() + " record(s); nothing was stored");
        problem.setProperty("errors", errors);
        return Problems.respond(problem, request.getRequestURI());
    }

    @ExceptionHandler(MalformedInputException.class)
    ResponseEntity<ProblemDetail> malformed(MalformedInputException e, HttpServletRequest request) {
        return respond(HttpStatus.BAD_REQUEST, "malformed-json", "Malformed JSON", e.getMessage(), request);
    }

    @ExceptionHandler(RevisionConflictException.class)
    ResponseEntity<ProblemDetail> conflict(RevisionConflictException e, HttpServletRequest request) {
        ProblemDetail problem = Problems.problem(
                HttpStatus.CONFLICT, "revision-conflict", "Revision conflict", e.getMessage() + "; nothing was stored");
        problem.setProperty(
                "errors", List.of(Map.of("pointer", e.pointer(), "message", Problems.bounded(e.getMessage()))));
        return Problems.respond(problem, request.getRequestURI());
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ResponseEntity<ProblemDetail> tooLarge(PayloadTooLargeException e, HttpServletRequest request) {
        return respond(HttpStatus.PAYLOAD_TOO_LARGE, "too-large", "Submission too large", e.getMessage(), request);
    }

    @ExceptionHandler(NotReplayableException.class)
    ResponseEntity<ProblemDetail> notReplayable(NotReplayableException e, HttpServletRequest request) {
        return respond(HttpStatus.CONFLICT, "not-replayable", "Not replayable", e.getMessage(), request);
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(NotFoundException e, HttpServletRequest request) {
        return respond(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage(), request);
    }

    @ExceptionHandler(BadQueryException.class)
    ResponseEntity<ProblemDetail> badQuery(BadQueryException e, HttpServletRequest request) {
        return respond(HttpStatus.BAD_REQUEST, "bad-query", "Bad query parameter", e.getMessage(), request);
    }

    @ExceptionHandler(GoneException.class)
    ResponseEntity<ProblemDetail> gone(GoneException e, HttpServletRequest request) {
        return respond(HttpStatus.GONE, "purged", "No longer kept", e.getMessage(), request);
    }

    /**
     * A fault of the adapter's, not the caller's. The answer says nothing of it; the log names the
     * exception's type and where it arose, not its message (which may quote a record).
     */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        LOG.error(
                "{} {} failed: {} at {}",
                request.getMethod(),
                Problems.excerpt(request.getRequestURI()),
                e.getClass().getName(),
                Arrays.stream(e.getStackTrace())
                        .limit(8)
                        .map(StackTraceElement::toString)
                        .collect(Collectors.joining(" < ")));
        return respond(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "internal-error",
                "Internal error",
                "the adapter failed to answer this request; its log says where",
                request);
    }

    /** Spring MVC's refusals, each answered in the adapter's problem shape with a detail that helps the caller. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception e, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String path = request instanceof ServletWebRequest servlet
                ? servlet.getRequest().getRequestURI()
                : null;
        ProblemDetail problem =
                Problems.problem(status, typeOf(e, status), titleOf(e, status), detailOf(e, body, path));
        ResponseEntity<ProblemDetail> answer = Problems.respond(problem, path);
        HttpHeaders merged = new HttpHeaders();
        if (headers != null) {
            merged.putAll(headers);
        }
        merged.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return ResponseEntity.status(status).headers(merged).body(answer.getBody());
    }

    private static String typeOf(Exception e, HttpStatusCode status) {
        if (e instanceof TypeMismatchException) {
            return isPathVariable(e) ? "bad-path" : "bad-query";
        }
        return switch (status.value()) {
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 413 -> "too-large";
            case 415 -> "unsupported-media-type";
            default -> status.is5xxServerError() ? "internal-error" : "bad-request";
        };
    }

    private static String titleOf(Exception e, HttpStatusCode status) {
        if (e instanceof TypeMismatchException) {
            return isPathVariable(e) ? "Bad path" : "Bad query parameter";
        }
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "HTTP " + status.value() : known.getReasonPhrase();
    }

    private static String detailOf(Exception e, Object body, String path) {
        String at = path == null ? "this path" : "'" + path + "'";
        if (e instanceof TypeMismatchException mismatch) {
            return name(mismatch) + ": '" + mismatch.getValue() + "' is not " + expected(mismatch.getRequiredType());
        }
        if (e instanceof HttpMediaTypeNotSupportedException unsupported) {
            String accepted = unsupported.getSupportedMediaTypes().stream()
                    .map(MediaType::toString)
                    .collect(Collectors.joining(" or "));
            String sent = unsupported.getContentType() == null
                    ? "this Content-Type"
                    : "Content-Type '" + unsupported.getContentType() + "'";
            return sent + " is not accepted at " + at + (accepted.isEmpty() ? "" : "; send " + accepted);
        }
        if (e instanceof HttpRequestMethodNotSupportedException method) {
            String allowed = method.getSupportedMethods() == null
                    ? ""
                    : "; allowed: "
                            + Arrays.stream(method.getSupportedMethods())
                                    .sorted()
                                    .collect(Collectors.joining(", "));
            return "'" + method.getMethod() + "' is not a method of " + at + allowed;
        }
        if (e instanceof NoResourceFoundException) {
            return "there is nothing at " + at + "; the API is under /api/v1 (see docs/interface.md, REST API)";
        }
        if (e instanceof HttpMediaTypeNotAcceptableException) {
            return "the adapter answers JSON (application/json, errors application/problem+json); the Accept header allows neither";
        }
        if (body instanceof ProblemDetail framework && framework.getDetail() != null) {
            return framework.getDetail();
        }
        return "the request could not be taken";
    }

    private static boolean isPathVariable(Exception e) {
        return e instanceof MethodArgumentTypeMismatchException argument
                && argument.getParameter().hasParameterAnnotation(PathVariable.class);
    }

    private static String name(TypeMismatchException mismatch) {
        if (mismatch instanceof MethodArgumentTypeMismatchException argument) {
            return argument.getName();
        }
        return mismatch.getPropertyName() == null ? "a parameter" : mismatch.getPropertyName();
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of the expected type";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "an integer; expected digits, such as 100";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        return "a " + type.getSimpleName();
    }

    private static ResponseEntity<ProblemDetail> respond(
            HttpStatus status, String type, String title, String detail, HttpServletRequest request) {
        return Problems.respond(Problems.problem(status, type, title, detail), request.getRequestURI());
    }
}
