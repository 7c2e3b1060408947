package org.ketaminefhir.adapter.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads the fields of one JSON object, checking each against docs/interface.md, Records, and collecting every
 * error (with its JSON pointer) instead of stopping at the first, so a caller fixes everything at once.
 * Times without an offset are rewritten in place to the clinic's zone when one is configured.
 */
final class FieldCursor {

    private static final String TIME_EXAMPLE = "2026-11-20T09:05:00-08:00";

    private final ObjectNode node;
    private final String pointer;
    private final List<FieldError> errors;
    private final Optional<ZoneId> clinicZone;

    FieldCursor(ObjectNode node, String pointer, List<FieldError> errors, Optional<ZoneId> clinicZone) {
        this.node = node;
        this.pointer = pointer;
        this.errors = errors;
        this.clinicZone = clinicZone;
    }

    String pointer() {
        return pointer;
    }

    String pointer(String field) {
        return pointer + "/" + field;
    }

    void error(String field, String message) {
        errors.add(new FieldError(pointer(field), message));
    }

    void errorAt(String fullPointer, String message) {
        errors.add(new FieldError(fullPointer, message));
    }

    boolean has(String field) {
        JsonNode value = node.get(field);
        return value != null && !value.isNull();
    }

    ObjectNode node() {
        return node;
    }

    void setDefault(String field, int value) {
        if (!has(field)) {
            node.put(field, value);
        }
    }

    Optional<String> string(String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                error(field, "is required");
            }
            return Optional.empty();
        }
        if (!value.isTextual()) {
            error(field, "must be a string, got " + describe(value));
            return Optional.empty();
        }
        if (value.asText().isBlank()) {
            error(field, "must not be blank");
            return Optional.empty();
        }
        int control = firstControlCharacter(value.asText());
        if (control >= 0) {
            // the EHR's parsers (and FHIR's string type for some of them) refuse these, so it could never be delivered
            error(
                    field,
                    "holds the control character U+"
                            + String.format("%04X", (int) value.asText().charAt(control)) + " at position "
                            + (control + 1)
                            + "; expected text without control characters (tab, CR and LF are accepted)");
            return Optional.empty();
        }
        return Optional.of(value.asText());
    }

    /** Tab, CR and LF are text; the other C0 and C1 controls and DEL are not. */
    private static int firstControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && c != '\t' && c != '\r' && c != '\n') {
                return i;
            }
        }
        return -1;
    }

    Optional<String> matching(String field, boolean required, Pattern pattern, String accepted) {
        Optional<String> value = string(field, required);
        if (value.isPresent() && !pattern.matcher(value.get()).matches()) {
            error(field, "'" + value.get() + "' is not accepted; expected " + accepted);
            return Optional.empty();
        }
        return value;
    }

    /** As {@link #matching}, but the error does not quote the value: for identifiers of a patient. */
    Optional<String> matchingUnquoted(String field, boolean required, Pattern pattern, String accepted) {
        Optional<String> value = string(field, required);
        if (value.isPresent() && !pattern.matcher(value.get()).matches()) {
            error(field, "is not accepted; expected " + accepted);
            return Optional.empty();
        }
        return value;
    }

    Optional<String> oneOf(String field, boolean required, Set<String> accepted) {
        Optional<String> value = string(field, required);
        if (value.isPresent() && !accepted.contains(value.get())) {
            error(
                    field,
                    "'" + value.get() + "' is not accepted; expected one of "
                            + String.join(", ", new TreeSet<>(accepted)));
            return Optional.empty();
        }
        return value;
    }

    Optional<Integer> integer(String field, boolean required, int min, int max) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                error(field, "is required");
            }
            return Optional.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            error(field, "must be an integer from " + min + " to " + max + ", got " + describe(value));
            return Optional.empty();
        }
        int number = value.intValue();
        if (number < min || number > max) {
            error(field, number + " is out of range; expected an integer from " + min + " to " + max);
            return Optional.empty();
        }
        return Optional.of(number);
    }

    Optional<BigDecimal> number(String field, boolean required, BigDecimal min, BigDecimal max) {
        return number(field, required, min, max, null);
    }

    /** @param hint what an error adds after the range, in parentheses (the unit, say); null: nothing */
    Optional<BigDecimal> number(String field, boolean required, BigDecimal min, BigDecimal max, String hint) {
        String expected = min.toPlainString() + " to " + max.toPlainString() + (hint == null ? "" : " (" + hint + ")");
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                error(field, "is required");
            }
            return Optional.empty();
        }
        if (!value.isNumber()) {
            error(field, "must be a number from " + expected + ", got " + describe(value));
            return Optional.empty();
        }
        if (!Double.isFinite(value.doubleValue())) {
            // 1e309 and the like: read as a double, they are infinite and have no decimal value
            error(field, "must be a number from " + expected + ", got a number too large to read");
            return Optional.empty();
        }
        BigDecimal number = value.decimalValue();
        if (number.compareTo(min) < 0 || number.compareTo(max) > 0) {
            error(field, number.toPlainString() + " is out of range; expected " + expected);
            return Optional.empty();
        }
        return Optional.of(number);
    }

    Optional<Boolean> bool(String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                error(field, "is required");
            }
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            error(field, "must be true or false, got " + describe(value));
            return Optional.empty();
        }
        return Optional.of(value.booleanValue());
    }

    Optional<LocalDate> date(String field, boolean required) {
        Optional<String> text = string(field, required);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            LocalDate date = LocalDate.parse(text.get(), DateTimeFormatter.ISO_LOCAL_DATE);
            return FhirTimeBounds.yearOutside(date.getYear())
                    .map(problem -> {
                        error(field, "'" + text.get() + "' " + problem);
                        return Optional.<LocalDate>empty();
                    })
                    .orElse(Optional.of(date));
        } catch (DateTimeParseException e) {
            error(field, "'" + text.get() + "' is not a date; expected YYYY-MM-DD, e.g. 1984-03-09");
            return Optional.empty();
        }
    }

    /**
     * A time with its UTC offset (docs/interface.md, Records), within what FHIR's dateTime can hold. A time without
     * one is read in the configured clinic zone (DST-aware) and written back with its offset, so
     * everything downstream sees one form. A local time the zone skips (spring forward) or has twice
     * (autumn) is refused naming that: shifting it would put a reading at a moment nobody measured it.
     */
    Optional<OffsetDateTime> time(String field, boolean required) {
        Optional<String> text = string(field, required);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<OffsetDateTime> time;
        try {
            time = Optional.of(OffsetDateTime.parse(text.get(), DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        } catch (DateTimeParseException withoutOffset) {
            time = zoneLess(field, text.get());
        }
        Optional<String> outside = time.flatMap(FhirTimeBounds::outside);
        if (outside.isPresent()) {
            error(field, "'" + text.get() + "' " + outside.get());
            return Optional.empty();
        }
        return time;
    }

    private Optional<OffsetDateTime> zoneLess(String field, String text) {
        Optional<LocalDateTime> local = localDateTime(text);
        if (local.isEmpty()) {
            error(field, "'" + text + "' is not an ISO-8601 time; expected e.g. " + TIME_EXAMPLE);
            return Optional.empty();
        }
        if (clinicZone.isEmpty()) {
            error(
                    field,
                    "'" + text + "' has no UTC offset; send it with one, e.g. " + TIME_EXAMPLE
                            + ", or configure adapter.clinic.time-zone");
            return Optional.empty();
        }
        LocalTimeInZone inZone = LocalTimeInZone.of(local.get(), clinicZone.get());
        if (inZone.problem() != null) {
            error(
                    field,
                    "'" + text + "' " + inZone.problem() + "; send it with its UTC offset, e.g. "
                            + (inZone.firstOfTwo() == null
                                    ? TIME_EXAMPLE
                                    : inZone.firstOfTwo().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)));
            return Optional.empty();
        }
        OffsetDateTime zoned = inZone.time();
        node.set(field, TextNode.valueOf(zoned.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)));
        return Optional.of(zoned);
    }

    Optional<FieldCursor> object(String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                error(field, "is required");
            }
            return Optional.empty();
        }
        if (!value.isObject()) {
            error(field, "must be an object, got " + describe(value));
            return Optional.empty();
        }
        return Optional.of(new FieldCursor((ObjectNode) value, pointer(field), errors, clinicZone));
    }

    /** The elements of an array of objects, each as a cursor; non-objects are reported. */
    List<FieldCursor> objects(String field, boolean required) {
        return objects(field, required, Limit.NONE);
    }

    /**
     * As {@link #objects(String, boolean)}, refusing an array longer than {@code limit} as a whole
     * (without looking at its elements, so the cost of a refusal does not grow with the array).
     */
    List<FieldCursor> objects(String field, boolean required, Limit limit) {
        Optional<List<JsonNode>> items = array(field, required);
        List<FieldCursor> cursors = new ArrayList<>();
        if (items.isEmpty()) {
            return cursors;
        }
        if (items.get().size() > limit.max()) {
            error(
                    field,
                    "has " + items.get().size() + " " + limit.what() + "; at most " + limit.max() + " are accepted ("
                            + limit.key() + ")");
            return cursors;
        }
        for (int i = 0; i < items.get().size(); i++) {
            JsonNode item = items.get().get(i);
            if (item.isObject()) {
                cursors.add(new FieldCursor((ObjectNode) item, pointer(field) + "/" + i, errors, clinicZone));
            } else {
                errors.add(new FieldError(pointer(field) + "/" + i, "must be an object, got " + describe(item)));
            }
        }
        return cursors;
    }

    Optional<List<JsonNode>> array(String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                error(field, "is required");
            }
            return Optional.empty();
        }
        if (!value.isArray()) {
            error(field, "must be an array, got " + describe(value));
            return Optional.empty();
        }
        List<JsonNode> items = new ArrayList<>();
        value.forEach(items::add);
        return Optional.of(items);
    }

    /** A bound on an array's length, and the configuration key that sets it (said in the error). */
    record Limit(int max, String what, String key) {
        static final Limit NONE = new Limit(Integer.MAX_VALUE, "elements", "none");
    }

    static String describe(JsonNode value) {
        if (value.isTextual()) {
            return "a string";
        }
        if (value.isBoolean()) {
            return "a boolean";
        }
        if (value.isIntegralNumber()) {
            return "the integer " + value.asText();
        }
        if (value.isNumber()) {
            return "the number " + value.asText();
        }
        if (value.isArray()) {
            return "an array";
        }
        if (value.isObject()) {
            return "an object";
        }
        return value.getNodeType().name().toLowerCase();
    }

    private static Optional<LocalDateTime> localDateTime(String text) {
        try {
            return Optional.of(LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
