package org.ketaminefhir.adapter.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * The one shape of every error answer: RFC 9457 problem+json with the adapter's problem types. Texts that
 * may quote the request (a value, a path, a header) are bounded here, so no answer grows with its input.
 */
public final class Problems {

    private static final String TYPE_BASE = "https://ketamine-fhir-adapter.example/problems/";

    /**
     * How much of an echoed value an answer quotes: enough to recognise it, never the whole of a hostile one.
     * 64 is the longest sourceId docs/interface.md allows, so a valid one is always quoted whole.
     */
    static final int EXCERPT = 64;
    /** A backstop for any one text, whatever it quotes. */
    private static final int MAX_TEXT = 1000;

    private static final String CUT = "…";
    private static final int MAX_INSTANCE = 100;

    /** A quoted value ('…', as the checks quote input) or an unbroken run of characters longer than an excerpt. */
    private static final Pattern LONG_QUOTE = Pattern.compile("'([^']{" + (EXCERPT + 1) + ",})'");

    private static final Pattern LONG_WORD = Pattern.compile("[^\\s']{" + (EXCERPT + 1) + ",}");

    private Problems() {}

    public static ProblemDetail problem(HttpStatusCode status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, bounded(detail));
        problem.setType(URI.create(TYPE_BASE + type));
        problem.setTitle(title);
        return problem;
    }

    /** As problem+json whatever the caller's Accept says: an error answer never turns into a 406. */
    static ResponseEntity<ProblemDetail> respond(ProblemDetail problem, String requestPath) {
        problem.setInstance(instance(requestPath));
        return ResponseEntity.status(problem.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    /** For code outside Spring MVC (security filters, the error page, Tomcat's own errors). */
    public static void write(HttpServletResponse response, ObjectMapper json, ProblemDetail problem, String requestPath)
            throws IOException {
        problem.setInstance(instance(requestPath));
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), problem);
    }

    /** A value as an answer quotes it: whole when short, else its first {@value #EXCERPT} characters and "…". */
    public static String excerpt(String value) {
        if (value == null) {
            return null;
        }
        return value.length() <= EXCERPT ? value : value.substring(0, EXCERPT) + CUT;
    }

    /** A text with every long quoted value and every long unbroken run cut to an excerpt, and at most 1,000 characters. */
    public static String bounded(String text) {
        if (text == null) {
            return null;
        }
        String cut = replace(LONG_QUOTE, text, quote -> "'" + excerpt(quote.group(1)) + "'");
        cut = replace(LONG_WORD, cut, word -> excerpt(word.group()));
        return cut.length() <= MAX_TEXT ? cut : cut.substring(0, MAX_TEXT) + CUT;
    }

    private static String replace(Pattern pattern, String text, Function<MatchResult, String> by) {
        return pattern.matcher(text).replaceAll(match -> Matcher.quoteReplacement(by.apply(match)));
    }

    /** The request's path, or its leading segments when it is long (a path is as long as its sender likes). */
    private static URI instance(String path) {
        if (path == null || path.isEmpty()) {
            return null;
        }
        String shown = path;
        if (path.length() > MAX_INSTANCE) {
            int lastSlash = path.lastIndexOf('/', MAX_INSTANCE);
            shown = path.substring(0, Math.max(lastSlash, 1));
        }
        try {
            return URI.create(shown);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
