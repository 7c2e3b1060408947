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
 * Reads the fields of one JSON object, checking each against the contract and collecting every
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
        return Optional.of(value.asText());
    }

    Optional<String> matching(String field, boolean required, Pattern pattern, String accepted) {
        Optional<String> value = string(field, required);
        if (value.isPresent() && !pattern.matcher(value.get()).matches()) {
            error(field, "'" + value.get() + "' is not accepted; expected " + accepted);
            return Optional.empty();
        }
        return value;
    }

    Optional<String> oneOf(String field, boolean required, Set<String> accepted) {
        Optional<String> value = string(field, required);
        if (value.isPresent() && !accepted.contains(value.get())) {
            error(field, "'" + value.get() + "' is not accepted; expected one of " + String.join(", ", new TreeSet<>(accepted)));
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
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                error(field, "is required");
            }
            return Optional.empty();
        }
        if (!value.isNumber()) {
            error(field, "must be a number from " + min.toPlainString() + " to " + max.toPlainString() + ", got " + describe(value));
            return Optional.empty();
        }
        if (!Double.isFinite(value.doubleValue())) {
            // 1e309 and the like: read as a double, they are infinite and have no decimal value
            error(field, "must be a number from " + min.toPlainString() + " to " + max.toPlainString() + ", got a number too large to read");
            return Optional.empty();
        }
        BigDecimal number = value.decimalValue();
        if (number.compareTo(min) < 0 || number.compareTo(max) > 0) {
            error(field, number.toPlainString() + " is out of range; expected " + min.toPlainString() + " to " + max.toPlainString());
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
            return Optional.of(LocalDate.parse(text.get(), DateTimeFormatter.ISO_LOCAL_DATE));
        } catch (DateTimeParseException e) {
            error(field, "'" + text.get() + "' is not a date; expected YYYY-MM-DD, e.g. 1984-03-09");
            return Optional.empty();
        }
    }

    /**
     * A time with its UTC offset (contract §1.1). A time without one is read in the configured clinic
     * zone (DST-aware: a time in the spring-forward gap moves forward, an ambiguous autumn time takes
     * the earlier offset) and written back with its offset, so everything downstream sees one form.
     */
    Optional<OffsetDateTime> time(String field, boolean required) {
        Optional<String> text = string(field, required);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text.get(), DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        } catch (DateTimeParseException withoutOffset) {
            Optional<LocalDateTime> local = localDateTime(text.get());
            if (local.isPresent() && clinicZone.isPresent()) {
                OffsetDateTime zoned = local.get().atZone(clinicZone.get()).toOffsetDateTime();
                node.set(field, TextNode.valueOf(zoned.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)));
                return Optional.of(zoned);
            }
            if (local.isPresent()) {
                error(field, "'" + text.get() + "' has no UTC offset; send it with one, e.g. " + TIME_EXAMPLE
                        + ", or configure adapter.clinic.time-zone");
            } else {
                error(field, "'" + text.get() + "' is not an ISO-8601 time; expected e.g. " + TIME_EXAMPLE);
            }
            return Optional.empty();
        }
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
        Optional<List<JsonNode>> items = array(field, required);
        List<FieldCursor> cursors = new ArrayList<>();
        if (items.isEmpty()) {
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
