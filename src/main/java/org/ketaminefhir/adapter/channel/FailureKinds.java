package org.ketaminefhir.adapter.channel;

import java.util.ArrayList;
import java.util.List;

/**
 * An exception and its causes told by their class names only, for a log line: their messages may quote
 * what was being written (a database names the values of a violated key), and that may be patient data.
 */
final class FailureKinds {

    private FailureKinds() {}

    static String of(Throwable failure) {
        List<String> kinds = new ArrayList<>();
        for (Throwable t = failure; t != null && kinds.size() < 8; t = t.getCause()) {
            kinds.add(t.getClass().getName());
        }
        return String.join(" caused by ", kinds);
    }
}
