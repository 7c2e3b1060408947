package org.ketaminefhir.adapter.api;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page (in place of Spring Boot's, which answers its own JSON or HTML): what
 * fails outside Spring MVC (a request the security firewall refuses, an exception in a filter, a
 * {@code sendError}) is answered as problem+json too. It quotes nothing of the request.
 */
@RestController
public class ErrorPageProblems implements ErrorController {

    @RequestMapping("${server.error.path:${error.path:/error}}")
    public ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatusCode status =
                HttpStatusCode.valueOf(code instanceof Integer value ? value : HttpStatus.NOT_FOUND.value());
        Object path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        return Problems.respond(problem(status), path instanceof String original ? original : request.getRequestURI());
    }

    public static ProblemDetail problem(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        String title = known == null ? "HTTP " + status.value() : known.getReasonPhrase();
        if (status.is5xxServerError()) {
            return Problems.problem(
                    status, "internal-error", title, "the adapter failed to answer this request; its log says where");
        }
        return switch (status.value()) {
            case 400 ->
                Problems.problem(
                        status,
                        "bad-request",
                        title,
                        "the request is not one the adapter can read (its path, a header or their size)");
            case 404 ->
                Problems.problem(
                        status,
                        "not-found",
                        title,
                        "there is nothing at this path; the API is under /api/v1 (see docs/interface.md, REST API)");
            default -> Problems.problem(status, "http-" + status.value(), title, "the request was refused: " + title);
        };
    }
}
