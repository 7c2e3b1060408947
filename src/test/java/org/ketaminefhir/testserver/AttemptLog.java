package org.ketaminefhir.testserver;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every request (or batch entry) a shaped EHR refused, in order, for a test to read: "the attempt log has
 * no refused interaction" is how a write plan proves it fits its EHR. Logged by path, status and reason;
 * never a body or a query string (an MRN can be in a search).
 */
public final class AttemptLog {

    private static final Logger log = LoggerFactory.getLogger(AttemptLog.class);

    /** {@code url}: the request's URL, or for a Bundle entry its type or {@code type/id}. */
    public record Attempt(String method, String url, int status, String reason) {}

    private final List<Attempt> refused = new CopyOnWriteArrayList<>();

    void refused(String method, String url, Refusal refusal) {
        refused.add(new Attempt(method, url, refusal.status(), refusal.reason()));
        log.info("shaped EHR refused {} {} ({}): {}", method, withoutQuery(url), refusal.status(), refusal.reason());
    }

    public List<Attempt> refused() {
        return List.copyOf(refused);
    }

    public void clear() {
        refused.clear();
    }

    private static String withoutQuery(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query) + "?…";
    }
}
