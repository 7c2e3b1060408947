package org.ketaminefhir.adapter.record;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.ketaminefhir.adapter.record.Hl7Message.Segment;
import org.ketaminefhir.adapter.vitalsign.DeviceUnit;
import org.ketaminefhir.adapter.vitalsign.Measurement;
import org.ketaminefhir.adapter.vitalsign.VitalSignCatalog;

/**
 * An ORU^R01 from a vital-sign monitor (contract §3.3, IHE PCD-01) read as a vitals record: PID-3 gives
 * the MRN (the repetition of the configured identifier type, else the first), OBX-3 through the code map
 * gives the measurement, OBX-14 else OBR-7 the time (with MSH-7's offset when it has none). Rows without
 * a value (device rows, OBX-11 X), non-numeric rows (waveforms), measurements flagged invalid, test or
 * demo (OBX-8) and half a blood pressure are not read, and are named. The record's source id is
 * {@code hl7-<MSH-10>}, so a message sent again is the same record.
 */
public final class Hl7VitalsReader {

    // OBX-8 measurement status flags that mean "do not use this value" (domain.md §5)
    private static final Set<String> UNUSABLE_FLAGS = Set.of("INV", "TEST", "DEMO", "QUES", "CAL", "NAV");
    // HL7 NM: an optional sign, digits, an optional decimal point and digits; at most 16 characters. The
    // length is checked first, so a value of any size costs one look at its length, never a BigDecimal of it.
    private static final Pattern NM = Pattern.compile("[+-]?\\d+(?:\\.\\d*)?");
    private static final int NM_MAX_CHARS = 16;
    // an answer names the first few rows not sent and counts the rest
    private static final int SKIPPED_LISTED = 10;

    private final String mrnIdentifierType;
    private final VitalSignCatalog catalog;

    public Hl7VitalsReader(String mrnIdentifierType) {
        this(mrnIdentifierType, VitalSignCatalog.standard());
    }

    public Hl7VitalsReader(String mrnIdentifierType, VitalSignCatalog catalog) {
        this.mrnIdentifierType = mrnIdentifierType;
        this.catalog = catalog;
    }

    /**
     * What the message could not be read for: the ACK code, the text, and the segment (which of its kind:
     * 1, the first) and field to name.
     */
    public record Problem(String ackCode, String text, String segment, int sequence, int field, int hl7ErrorCode) {
        public Problem(String ackCode, String text, String segment, int field, int hl7ErrorCode) {
            this(ackCode, text, segment, 1, field, hl7ErrorCode);
        }
    }

    /**
     * The message read: the record (or the problem), what was not read, and which OBX each value came
     * from (key {@code measurement@time}), so a later error can name it.
     */
    public record Result(Hl7Message message, ObjectNode record, Problem problem, List<String> skipped, Map<String, String> origin) {
        /** The rows not sent, for an answer: the first few named, the rest counted. */
        public String skippedList() {
            return listed(skipped);
        }

        public String controlId() {
            return message == null ? "" : message.first("MSH").map(msh -> msh.field(10).strip()).orElse("");
        }

        /** The OBX a checker error's pointer refers to: "/readings/0/spo2" → "OBX 2-5". */
        public String obxOf(String pointer) {
            String[] parts = pointer.split("/");
            if (parts.length >= 4 && parts[1].equals("readings")) {
                String time = record.get("readings").get(Integer.parseInt(parts[2])).get("time").asText();
                return Optional.ofNullable(origin.get(parts[3] + "@" + OffsetDateTime.parse(time))).orElse("OBX") + "-5";
            }
            return pointer;
        }
    }

    /**
     * @param codeMap the operator's OBX-3 codes (adapter.mllp.code-map, a vendor's map laid over it), laid over
     *                the catalog's: a code to a measurement field or {@link VitalSignCatalog#IGNORE}
     */
    public Result read(String text, Map<String, String> codeMap) {
        Hl7Message message;
        try {
            message = Hl7Message.parse(text);
        } catch (MalformedInputException e) {
            return problem(null, "AE", e.getMessage(), "MSH", 1, 100);
        }
        Segment msh = message.first("MSH").orElseThrow();
        String type = message.component(msh.field(9), 1) + "^" + message.component(msh.field(9), 2);
        if (!type.equals("ORU^R01")) {
            return problem(message, "AR", "message type " + Hl7Message.excerpt(type) + " is not taken; this listener takes ORU^R01",
                    "MSH", 9, 200);
        }
        String controlId = msh.field(10).strip();
        if (!controlId.matches("[A-Za-z0-9._:-]{1,60}")) {
            return problem(message, "AE", "MSH-10 (message control id) is required: 1 to 60 of A-Z a-z 0-9 . _ : -", "MSH", 10, 101);
        }
        Optional<Segment> pid = message.first("PID");
        if (pid.isEmpty()) {
            return problem(message, "AE", "no PID segment: the patient's MRN (PID-3) is required", "PID", 3, 100);
        }
        Optional<String> mrn = mrn(message, pid.get());
        if (mrn.isEmpty()) {
            return problem(message, "AE", "PID-3 holds no identifier: the patient's MRN is required", "PID", 3, 101);
        }
        Optional<ZoneOffset> messageOffset = Hl7Message.offset(msh.field(7));
        Map<OffsetDateTime, ObjectNode> readings = new LinkedHashMap<>();
        Map<String, String> origin = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        Optional<OffsetDateTime> observationTime = Optional.empty();
        int obx = 0;
        for (Segment segment : message.segments()) {
            if (segment.name().equals("OBR")) {
                observationTime = Hl7Message.time(segment.field(7), messageOffset);
                continue;
            }
            if (!segment.name().equals("OBX")) {
                continue;
            }
            obx++;
            String code = Hl7Message.excerpt(message.component(segment.field(3), 1).strip());
            String measurement = Optional.ofNullable(codeMap.get(code)).or(() -> catalog.hl7Measurement(code)).orElse(null);
            if (segment.field(11).strip().equals("X") || segment.field(5).isBlank() || "ignore".equals(measurement)) {
                continue;
            }
            if (!segment.field(2).strip().equals("NM")) {
                skipped.add("OBX " + obx + " (" + code + ", value type " + Hl7Message.excerpt(segment.field(2).strip()) + ")");
                continue;
            }
            if (unusable(message, segment.field(8))) {
                skipped.add("OBX " + obx + " (" + code + ", flagged " + Hl7Message.excerpt(segment.field(8)) + ")");
                continue;
            }
            if (measurement == null || catalog.measurement(measurement).isEmpty()) {
                skipped.add("OBX " + obx + " (unknown code " + code + ")");
                continue;
            }
            Optional<OffsetDateTime> time = segment.field(14).isBlank() ? observationTime
                    : Hl7Message.time(segment.field(14), messageOffset);
            if (time.isEmpty()) {
                return problem(message, "AE", "OBX " + obx + ": no usable time in OBX-14 or OBR-7 (expected "
                        + "YYYYMMDDHHMM[SS][+ZZZZ], with an offset here or in MSH-7)", "OBX", 14, 102);
            }
            Optional<BigDecimal> number = number(segment.field(5).strip());
            if (number.isEmpty()) {
                return problem(message, "AE", "OBX " + obx + ": OBX-5 '" + Hl7Message.excerpt(segment.field(5)) + "' is not a number "
                        + "although OBX-2 says NM (expected an optional sign, digits and a decimal point, at most "
                        + NM_MAX_CHARS + " characters)", "OBX", 5, 102);
            }
            Measurement read = catalog.measurement(measurement).orElseThrow();
            Optional<DeviceUnit> unit = unitOf(message, segment, read);
            if (unit.isEmpty() || unit.get().refusal().isPresent()) {
                return new Result(message, null, new Problem("AE", "OBX " + obx + ": OBX-6 " + unitRefusal(segment, read, unit),
                        "OBX", obx, 6, 103), List.of(), Map.of());
            }
            BigDecimal value = unit.get().toMeasurementUnit(number.get());
            ObjectNode reading = readings.computeIfAbsent(time.get(), t -> JsonNodeFactory.instance.objectNode()
                    .put("time", t.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)));
            reading.put(measurement, value);
            origin.put(measurement + "@" + time.get(), "OBX " + obx);
        }
        // half a blood pressure (the other half flagged or missing) is no reading: drop it and say so
        readings.forEach((time, reading) -> {
            if (reading.has("systolic") != reading.has("diastolic")) {
                String present = reading.has("systolic") ? "systolic" : "diastolic";
                skipped.add(origin.get(present + "@" + time) + " (" + present + " without its other half)");
                reading.remove(present);
            }
        });
        readings.values().removeIf(reading -> reading.size() == 1);
        if (readings.isEmpty()) {
            return new Result(message, null, new Problem("AE", "no OBX carries a vital sign the adapter maps"
                    + (skipped.isEmpty() ? "" : "; skipped " + listed(skipped))
                    + " (extend adapter.mllp.code-map for a vendor's codes)", "OBX", 3, 103), skipped, origin);
        }
        ObjectNode record = JsonNodeFactory.instance.objectNode();
        record.put("kind", "vitals").put("sourceId", "hl7-" + controlId);
        record.putObject("patient").put("mrn", mrn.get());
        ArrayNode list = record.putArray("readings");
        readings.values().forEach(list::add);
        return new Result(message, record, null, skipped, origin);
    }

    /**
     * The unit an OBX's value is in (OBX-6: its identifier, else its text), as the catalog knows it for the
     * measurement; an empty OBX-6 is the measurement's own unit only where the catalog says it implies it.
     * Empty: a unit not known for the measurement, never guessed.
     */
    private static Optional<DeviceUnit> unitOf(Hl7Message message, Segment obx, Measurement measurement) {
        String identifier = message.component(obx.field(6), 1);
        String text = message.component(obx.field(6), 2);
        if (identifier.isBlank() && text.isBlank() && measurement.unitImplied()) {
            return measurement.deviceUnit(measurement.unit().code(), "");
        }
        return measurement.deviceUnit(identifier, text);
    }

    private static String unitRefusal(Segment obx, Measurement measurement, Optional<DeviceUnit> known) {
        String sent = obx.field(6).isBlank() ? "is empty" : "'" + Hl7Message.excerpt(obx.field(6)) + "'";
        String accepted = measurement.units().stream().filter(u -> u.refusal().isEmpty())
                .map(u -> String.join(", ", u.spellings())).reduce((a, b) -> a + "; " + b).orElse("");
        return sent + " is not taken for " + measurement.field() + ": "
                + known.flatMap(DeviceUnit::refusal).orElse("the unit must be one of " + accepted);
    }

    /** The messages of a file: each starts at an MSH segment. */
    public static List<String> split(String text) {
        List<String> messages = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\r\n|\r|\n")) {
            if (line.startsWith("MSH") && current.length() > 0) {
                messages.add(current.toString());
                current.setLength(0);
            }
            if (!line.isBlank()) {
                current.append(line).append('\r');
            }
        }
        if (current.length() > 0) {
            messages.add(current.toString());
        }
        return messages;
    }

    private Optional<String> mrn(Hl7Message message, Segment pid) {
        List<String> repetitions = message.repetitions(pid.field(3));
        return repetitions.stream().filter(r -> message.component(r, 5).strip().equals(mrnIdentifierType))
                .findFirst().or(() -> repetitions.stream().findFirst())
                .map(r -> message.component(r, 1).strip()).filter(id -> !id.isEmpty());
    }

    private static String listed(List<String> skipped) {
        if (skipped.size() <= SKIPPED_LISTED) {
            return String.join(", ", skipped);
        }
        return String.join(", ", skipped.subList(0, SKIPPED_LISTED)) + " and " + (skipped.size() - SKIPPED_LISTED) + " more";
    }

    /** An HL7 NM value; empty when it is not one (or longer than NM allows, whatever its digits). */
    static Optional<BigDecimal> number(String value) {
        if (value.length() > NM_MAX_CHARS || !NM.matcher(value).matches()) {
            return Optional.empty();
        }
        return Optional.of(new BigDecimal(value));
    }

    private static boolean unusable(Hl7Message message, String flags) {
        return message.repetitions(flags).stream().anyMatch(flag -> UNUSABLE_FLAGS.contains(flag.strip()));
    }

    private static Result problem(Hl7Message message, String code, String text, String segment, int field, int errorCode) {
        return new Result(message, null, new Problem(code, text, segment, field, errorCode), List.of(), Map.of());
    }
}
