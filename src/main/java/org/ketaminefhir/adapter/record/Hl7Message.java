package org.ketaminefhir.adapter.record;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An HL7 v2 message read by position, whatever its version (2.3 to 2.6 share the fields the adapter
 * uses): segments, fields, repetitions and components with the delimiters the message declares in MSH.
 * Field numbers are HL7's, so errors name them as a person reads the message ("PID-3", "OBX-5").
 */
public final class Hl7Message {

    /** How much of a bad value an answer quotes: enough to find it, never the whole of a hostile one. */
    private static final int EXCERPT_CHARS = 40;

    private final List<Segment> segments;
    private final char fieldSeparator;
    private final char componentSeparator;
    private final char repetitionSeparator;
    private final char subcomponentSeparator;

    private Hl7Message(
            List<Segment> segments,
            char fieldSeparator,
            char componentSeparator,
            char repetitionSeparator,
            char subcomponentSeparator) {
        this.segments = segments;
        this.fieldSeparator = fieldSeparator;
        this.componentSeparator = componentSeparator;
        this.repetitionSeparator = repetitionSeparator;
        this.subcomponentSeparator = subcomponentSeparator;
    }

    /** @throws MalformedInputException when the text does not start with an MSH segment declaring its delimiters */
    public static Hl7Message parse(String text) {
        String trimmed = text.strip();
        if (!trimmed.startsWith("MSH") || trimmed.length() < 8) {
            throw new MalformedInputException("MSH: the message does not start with an MSH segment");
        }
        char field = trimmed.charAt(3);
        char component = trimmed.charAt(4);
        char repetition = trimmed.charAt(5);
        // MSH-2's fourth character; a message that declares fewer than four reads with the standard '&'
        char subcomponent = trimmed.length() > 7 && trimmed.charAt(7) != field ? trimmed.charAt(7) : '&';
        if (Character.isLetterOrDigit(field)
                || Character.isWhitespace(field)
                || field == component
                || field == repetition) {
            throw new MalformedInputException(
                    "MSH-1/MSH-2: the delimiters are not usable (expected |^~\\& or another set of distinct symbols)");
        }
        List<Segment> segments = new ArrayList<>();
        for (String line : trimmed.split("\r\n|\r|\n")) {
            if (!line.isBlank()) {
                segments.add(new Segment(line, field));
            }
        }
        return new Hl7Message(segments, field, component, repetition, subcomponent);
    }

    public List<Segment> segments() {
        return segments;
    }

    public Optional<Segment> first(String name) {
        return segments.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public String fieldSeparator() {
        return String.valueOf(fieldSeparator);
    }

    /**
     * MSH-2 (component, repetition, escape and subcomponent characters), or the standard {@code ^~\&} when
     * MSH-2 is not four (or, from v2.7, five) distinct symbols: an answer never echoes a field of any length.
     */
    public String encodingCharacters() {
        String declared = first("MSH").map(msh -> msh.field(2)).orElse("");
        boolean usable = (declared.length() == 4 || declared.length() == 5)
                && declared.chars().distinct().count() == declared.length()
                && declared.chars()
                        .noneMatch(
                                c -> Character.isLetterOrDigit(c) || Character.isWhitespace(c) || c == fieldSeparator);
        return usable ? declared : "^~\\&";
    }

    /** A value as an answer may quote it: at most {@link #EXCERPT_CHARS} characters, then "…". */
    public static String excerpt(String value) {
        return excerpt(value, EXCERPT_CHARS);
    }

    public static String excerpt(String value, int maxChars) {
        if (value.length() <= maxChars) {
            return value;
        }
        // never half a surrogate pair: the answer stays valid UTF-8
        int end = Character.isHighSurrogate(value.charAt(maxChars - 1)) ? maxChars - 1 : maxChars;
        return value.substring(0, end) + "…";
    }

    /** Component n (1-based) of a field value. */
    public String component(String fieldValue, int n) {
        String[] parts = fieldValue.split(Pattern.quote(String.valueOf(componentSeparator)), -1);
        return n <= parts.length ? parts[n - 1] : "";
    }

    /** The subcomponents of a component (an HD's namespace id, universal id and its type). */
    List<String> subcomponents(String componentValue) {
        return List.of(componentValue.split(Pattern.quote(String.valueOf(subcomponentSeparator)), -1));
    }

    public List<String> repetitions(String fieldValue) {
        return List.of(fieldValue.split(Pattern.quote(String.valueOf(repetitionSeparator)), -1));
    }

    /** One segment; {@code field(n)} follows HL7 numbering, where MSH-1 is the field separator itself. */
    public static final class Segment {
        private final String name;
        private final String[] fields;
        private final boolean header;

        Segment(String line, char separator) {
            this.fields = line.split(Pattern.quote(String.valueOf(separator)), -1);
            this.name = fields[0].strip();
            this.header = name.equals("MSH");
        }

        public String name() {
            return name;
        }

        public String field(int n) {
            if (header) {
                if (n == 1) {
                    return "|";
                }
                return n - 1 < fields.length ? fields[n - 1] : "";
            }
            return n < fields.length ? fields[n] : "";
        }
    }
}
