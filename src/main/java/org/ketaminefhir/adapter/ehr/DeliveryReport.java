package org.ketaminefhir.adapter.ehr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a record's delivery under a plan sends, what reaches the chart only in the clinical note, and what
 * this EHR cannot take at all, each with the plan's reason: shown in the record's status, so nothing is
 * withheld silently.
 *
 * @param sent    resource type to how many are sent
 * @param inNote  the parts only the note carries
 * @param notSent the parts this EHR takes in no form
 */
public record DeliveryReport(Map<String, Integer> sent, List<Part> inNote, List<Part> notSent) {

    public DeliveryReport {
        sent = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sent));
        inNote = List.copyOf(inNote);
        notSent = List.copyOf(notSent);
    }

    /** Nothing was sent: the EHR takes no part of the record. */
    public boolean nothingSent() {
        return sent.isEmpty();
    }

    /**
     * This report once delivery found that one resource it counted as sent cannot be (a correction or
     * retraction of a type the EHR does not update): counted as not sent, with the reason.
     */
    public DeliveryReport withheld(String type, String why) {
        Map<String, Integer> nowSent = new LinkedHashMap<>(sent);
        nowSent.computeIfPresent(type, (t, count) -> count > 1 ? count - 1 : null);
        List<Part> nowNotSent = new ArrayList<>();
        boolean counted = false;
        for (Part part : notSent) {
            boolean same = part.type().equals(type) && part.why().equals(why);
            nowNotSent.add(same ? new Part(type, part.count() + 1, why) : part);
            counted |= same;
        }
        if (!counted) {
            nowNotSent.add(new Part(type, 1, why));
        }
        return new DeliveryReport(nowSent, inNote, nowNotSent);
    }

    /** One line for the status and the log (no record content: types, counts and the plan's reasons). */
    public String summary() {
        List<String> parts = new ArrayList<>();
        if (!sent.isEmpty()) {
            parts.add("sent " + counts(sent));
        }
        inNote.forEach(part -> parts.add("in the note only: " + part));
        notSent.forEach(part -> parts.add("not sent: " + part));
        return String.join("; ", parts);
    }

    private static String counts(Map<String, Integer> byType) {
        List<String> counts = new ArrayList<>();
        byType.forEach((type, count) -> counts.add(count + " " + type));
        return String.join(", ", counts);
    }

    /** A resource type, how many of its resources, and the plan's reason. */
    public record Part(String type, int count, String why) {
        @Override
        public String toString() {
            return count + " " + type + " (" + why + ")";
        }
    }

    /** Counts parts as a shaper meets them. */
    static final class Builder {
        private final Map<String, Integer> sent = new LinkedHashMap<>();
        private final Map<List<String>, Integer> inNote = new LinkedHashMap<>();
        private final Map<List<String>, Integer> notSent = new LinkedHashMap<>();

        void add(String type, ResourceRule rule) {
            switch (rule.send()) {
                case SENT -> sent.merge(type, 1, Integer::sum);
                case NOTE -> inNote.merge(List.of(type, rule.why()), 1, Integer::sum);
                case NOT_SENT -> notSent.merge(List.of(type, rule.why()), 1, Integer::sum);
            }
        }

        DeliveryReport build() {
            return new DeliveryReport(sent, parts(inNote), parts(notSent));
        }

        private static List<Part> parts(Map<List<String>, Integer> counted) {
            return counted.entrySet().stream()
                    .map(entry -> new Part(
                            entry.getKey().get(0),
                            entry.getValue(),
                            entry.getKey().get(1)))
                    .toList();
        }
    }
}
