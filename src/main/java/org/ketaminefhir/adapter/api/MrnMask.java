package org.ketaminefhir.adapter.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.ketaminefhir.adapter.mapping.IdentifierSearch;

/**
 * Masks MRNs in text shown to operators (the EHR's answers, validation and delivery errors): every
 * occurrence of the record's MRNs, as sent, URL-encoded or FHIR-search-escaped, and the value of every
 * {@code identifier=} search the text quotes, whoever it names, unless it searches another resource
 * type than Patient by name. The adapter's own identifiers of
 * encounters and observations ({@code Encounter?identifier=…|session/S-1/encounter}) name no patient and
 * stay readable: an operator needs them to find what the EHR holds twice. Masked as the {@code mrn} field is.
 */
final class MrnMask {

    /**
     * {@code [Type?]identifier=[system|]value} as a FHIR search writes it, the bar plain or URL-encoded.
     * Group 1 is the resource type searched, when the text names one.
     */
    private static final Pattern IDENTIFIER_SEARCH = Pattern.compile(
            "(?:\\b([A-Z][A-Za-z]+)(?:\\?|%3[Ff]))?(identifier=(?:[^|&\\s\"'<>]*?(?:\\||%7[Cc]))?)([^&\\s\"'<>]+)");

    private final Pattern mrns;

    private MrnMask(Pattern mrns) {
        this.mrns = mrns;
    }

    static MrnMask of(Collection<String> mrns) {
        Set<String> forms = new LinkedHashSet<>();
        for (String mrn : mrns) {
            forms.add(mrn);
            // as the adapter's searches carry it, and as a form encoder would write it
            forms.add(IdentifierSearch.escaped(mrn));
            forms.add(IdentifierSearch.encoded(mrn));
            forms.add(URLEncoder.encode(mrn, StandardCharsets.UTF_8));
        }
        forms.removeIf(String::isEmpty);
        if (forms.isEmpty()) {
            return new MrnMask(null);
        }
        // longest first, so an escaped form is masked whole rather than around its plain core;
        // not inside a longer word or number, which would mask dates and codes that merely contain a short MRN
        String alternatives = forms.stream()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .map(Pattern::quote)
                .collect(Collectors.joining("|"));
        return new MrnMask(Pattern.compile("(?<![A-Za-z0-9])(?:" + alternatives + ")(?![A-Za-z0-9])"));
    }

    String apply(String text) {
        if (text == null) {
            return null;
        }
        String masked =
                IDENTIFIER_SEARCH.matcher(text).replaceAll(search -> Matcher.quoteReplacement(maskSearch(search)));
        return mrns == null
                ? masked
                : mrns.matcher(masked).replaceAll(found -> Matcher.quoteReplacement(PatientMrn.mask(found.group())));
    }

    private static String maskSearch(MatchResult search) {
        boolean anotherType = search.group(1) != null && !search.group(1).equals("Patient");
        if (anotherType) {
            return search.group();
        }
        String head = search.group().substring(0, search.start(3) - search.start());
        return head + PatientMrn.mask(search.group(3));
    }

    /** A copy of a JSON answer (an OperationOutcome) with every string in it masked. */
    JsonNode apply(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            return TextNode.valueOf(apply(node.asText()));
        }
        if (node.isObject()) {
            ObjectNode copy = ((ObjectNode) node).objectNode();
            node.properties().forEach(field -> copy.set(field.getKey(), apply(field.getValue())));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = ((ArrayNode) node).arrayNode();
            node.forEach(item -> copy.add(apply(item)));
            return copy;
        }
        return node;
    }
}
