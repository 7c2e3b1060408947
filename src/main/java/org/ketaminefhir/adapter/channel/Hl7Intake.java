package org.ketaminefhir.adapter.channel;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ketaminefhir.adapter.journal.RecordIntake;
import org.ketaminefhir.adapter.journal.RevisionConflictException;
import org.ketaminefhir.adapter.record.FieldError;
import org.ketaminefhir.adapter.record.Hl7Message;
import org.ketaminefhir.adapter.record.Hl7Message.Segment;
import org.ketaminefhir.adapter.record.JsonRecordReader.Located;
import org.ketaminefhir.adapter.record.MalformedInputException;
import org.ketaminefhir.adapter.record.RecordKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ORU^R01 from a vital-sign monitor (contract §3.3, IHE PCD-01) to a vitals record, journaled before
 * the ACK: {@code AA} once stored (saying how many readings were taken), {@code AE} with an ERR segment
 * naming the segment and field for content it cannot use, {@code AR} for other message types. The
 * record's source id is {@code hl7-<MSH-10>}, so a resent message is a duplicate and changes nothing.
 * Rows without a value (device rows, OBX-11 X), non-numeric rows (waveforms) and measurements flagged
 * invalid, test or demo (OBX-8) are not sent. Readings attach to the patient's session by time.
 */
public final class Hl7Intake {

    private static final Logger log = LoggerFactory.getLogger(Hl7Intake.class);
    private static final Set<String> MEASUREMENTS = Set.of("systolic", "diastolic", "heartRate", "spo2", "respiratoryRate", "temperatureC");
    // OBX-8 measurement status flags that mean "do not use this value" (domain.md §5)
    private static final Set<String> UNUSABLE_FLAGS = Set.of("INV", "TEST", "DEMO", "QUES", "CAL", "NAV");
    private static final DateTimeFormatter ACK_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ");

    private final RecordIntake intake;
    private final MllpProperties properties;

    public Hl7Intake(RecordIntake intake, MllpProperties properties) {
        this.intake = intake;
        this.properties = properties;
    }

    /** A message on the default listener, read with the default code map. @return the HL7 ACK to send back */
    public String receive(String text) {
        return receive(text, null);
    }

    /**
     * @param vendor the name of a code map in {@code adapter.mllp.vendor-code-maps}, for a listener of its own
     * @return the HL7 ACK to send back
     */
    public String receive(String text, String vendor) {
        Map<String, String> codeMap = properties.codeMap(vendor);
        Hl7Message message;
        try {
            message = Hl7Message.parse(text);
        } catch (MalformedInputException e) {
            return Ack.plain("AE", "", e.getMessage(), "MSH", 1, 0);
        }
        Segment msh = message.first("MSH").orElseThrow();
        Ack ack = new Ack(message, msh);
        String type = message.component(msh.field(9), 1) + "^" + message.component(msh.field(9), 2);
        if (!type.equals("ORU^R01")) {
            return ack.answer("AR", "message type " + type + " is not taken; this listener takes ORU^R01", "MSH", 9, 200);
        }
        String controlId = msh.field(10).strip();
        if (!controlId.matches("[A-Za-z0-9._:-]{1,60}")) {
            return ack.answer("AE", "MSH-10 (message control id) is required: 1 to 60 of A-Z a-z 0-9 . _ : -", "MSH", 10, 101);
        }
        Optional<Segment> pid = message.first("PID");
        if (pid.isEmpty()) {
            return ack.answer("AE", "no PID segment: the patient's MRN (PID-3) is required", "PID", 3, 100);
        }
        Optional<String> mrn = mrn(message, pid.get());
        if (mrn.isEmpty()) {
            return ack.answer("AE", "PID-3 holds no identifier: the patient's MRN is required", "PID", 3, 101);
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
            String code = message.component(segment.field(3), 1).strip();
            String measurement = codeMap.get(code);
            if (segment.field(11).strip().equals("X") || segment.field(5).isBlank() || "ignore".equals(measurement)) {
                continue;
            }
            if (!segment.field(2).strip().equals("NM")) {
                skipped.add("OBX " + obx + " (" + code + ", value type " + segment.field(2).strip() + ")");
                continue;
            }
            if (unusable(message, segment.field(8))) {
                skipped.add("OBX " + obx + " (" + code + ", flagged " + segment.field(8) + ")");
                continue;
            }
            if (measurement == null || !MEASUREMENTS.contains(measurement)) {
                skipped.add("OBX " + obx + " (unknown code " + code + ")");
                continue;
            }
            Optional<OffsetDateTime> time = segment.field(14).isBlank() ? observationTime
                    : Hl7Message.time(segment.field(14), messageOffset);
            if (time.isEmpty()) {
                return ack.answer("AE", "OBX " + obx + ": no usable time in OBX-14 or OBR-7 (expected YYYYMMDDHHMM[SS][+ZZZZ], "
                        + "with an offset here or in MSH-7)", "OBX", 14, 102);
            }
            BigDecimal value;
            try {
                value = new BigDecimal(segment.field(5).strip());
            } catch (NumberFormatException e) {
                return ack.answer("AE", "OBX " + obx + ": OBX-5 '" + segment.field(5) + "' is not a number although OBX-2 says NM",
                        "OBX", 5, 102);
            }
            if (measurement.equals("temperatureC") && message.component(segment.field(6), 1).matches("(?i).*(degF|\\[degF\\]|266560).*")) {
                value = value.subtract(BigDecimal.valueOf(32)).multiply(BigDecimal.valueOf(5)).divide(BigDecimal.valueOf(9), 1, RoundingMode.HALF_UP);
            }
            ObjectNode reading = readings.computeIfAbsent(time.get(), t -> {
                ObjectNode r = JsonNodeFactory.instance.objectNode();
                r.put("time", t.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
                return r;
            });
            reading.put(measurement, value);
            origin.put(measurement + "@" + time.get(), "OBX " + obx);
        }
        // half a blood pressure (the other half flagged or missing) is no reading: drop it and say so
        readings.values().removeIf(reading -> {
            boolean half = reading.has("systolic") != reading.has("diastolic");
            if (half) {
                String present = reading.has("systolic") ? "systolic" : "diastolic";
                skipped.add(origin.get(present + "@" + OffsetDateTime.parse(reading.get("time").asText()))
                        + " (" + present + " without its other half)");
                reading.remove(present);
            }
            return reading.size() == 1;
        });
        if (readings.isEmpty()) {
            return ack.answer("AE", "no OBX carries a vital sign the adapter maps" + (skipped.isEmpty() ? "" : "; skipped " + String.join(", ", skipped))
                    + " (extend adapter.mllp.code-map for a vendor's codes)", "OBX", 3, 103);
        }
        ObjectNode record = JsonNodeFactory.instance.objectNode();
        record.put("kind", "vitals").put("sourceId", "hl7-" + controlId);
        record.putObject("patient").put("mrn", mrn.get());
        ArrayNode list = record.putArray("readings");
        readings.values().forEach(list::add);
        try {
            RecordIntake.Outcome outcome = intake.submit(List.of(new Located("", record)), RecordKind.VITALS);
            if (!outcome.accepted()) {
                FieldError error = outcome.rejections().get(0).errors().get(0);
                return ack.answer("AE", error.message() + " (" + where(error.pointer(), readings, origin) + ")", "OBX", 5, 102);
            }
        } catch (RevisionConflictException e) {
            return ack.answer("AE", "MSH-10 " + controlId + " was already received with other content; send a new control id",
                    "MSH", 10, 205);
        }
        int count = readings.values().stream().mapToInt(r -> r.size() - 1).sum();
        log.info("ORU^R01 hl7-{}: {} reading value(s) journaled, {} OBX skipped", controlId, count, skipped.size());
        return ack.answer("AA", count + " reading value(s) taken" + (skipped.isEmpty() ? "" : "; not sent: " + String.join(", ", skipped)),
                null, 0, 0);
    }

    /** PID-3: the repetition whose identifier type (CX-5) is the configured one, else the first. */
    private Optional<String> mrn(Hl7Message message, Segment pid) {
        List<String> repetitions = message.repetitions(pid.field(3));
        return repetitions.stream().filter(r -> message.component(r, 5).strip().equals(properties.mrnIdentifierType()))
                .findFirst().or(() -> repetitions.stream().findFirst())
                .map(r -> message.component(r, 1).strip()).filter(id -> !id.isEmpty());
    }

    private static boolean unusable(Hl7Message message, String flags) {
        for (String flag : message.repetitions(flags)) {
            if (UNUSABLE_FLAGS.contains(flag.strip())) {
                return true;
            }
        }
        return false;
    }

    /** The OBX a checker error points at: "/readings/0/spo2" → "OBX 2". */
    private static String where(String pointer, Map<OffsetDateTime, ObjectNode> readings, Map<String, String> origin) {
        String[] parts = pointer.split("/");
        if (parts.length >= 4 && parts[1].equals("readings")) {
            OffsetDateTime time = new ArrayList<>(readings.keySet()).get(Integer.parseInt(parts[2]));
            return Optional.ofNullable(origin.get(parts[3] + "@" + time)).orElse("OBX") + "-5";
        }
        return pointer;
    }

    /** The acknowledgement, in the message's own delimiters and version. */
    private static final class Ack {
        private final Hl7Message message;
        private final Segment msh;

        Ack(Hl7Message message, Segment msh) {
            this.message = message;
            this.msh = msh;
        }

        String answer(String code, String text, String segment, int field, int errorCode) {
            String f = message.fieldSeparator();
            String header = "MSH" + f + message.encodingCharacters() + f + msh.field(5) + f + msh.field(6) + f + msh.field(3)
                    + f + msh.field(4) + f + OffsetDateTime.now(ZoneOffset.UTC).format(ACK_TIME) + f + f + "ACK^R01^ACK" + f
                    + "ACK-" + msh.field(10) + f + "P" + f + msh.field(12);
            StringBuilder ack = new StringBuilder(header).append('\r')
                    .append("MSA").append(f).append(code).append(f).append(msh.field(10)).append(f).append(clean(text, f)).append('\r');
            if (segment != null) {
                ack.append("ERR").append(f).append(f).append(segment).append("^1^").append(field).append(f)
                        .append(errorCode).append("^^HL70357").append(f).append("E").append(f).append(f).append(f).append(f)
                        .append(clean(text, f)).append('\r');
            }
            return ack.toString();
        }

        static String plain(String code, String controlId, String text, String segment, int field, int errorCode) {
            String now = OffsetDateTime.now(ZoneOffset.UTC).format(ACK_TIME);
            return "MSH|^~\\&|||||" + now + "||ACK|ACK-" + controlId + "|P|2.5\r"
                    + "MSA|" + code + "|" + controlId + "|" + clean(text, "|") + "\r"
                    + "ERR||" + segment + "^1^" + field + "|" + errorCode + "^^HL70357|E||||" + clean(text, "|") + "\r";
        }

        /** The delimiters inside a text become HL7 escape sequences (F, S, R, T and E between escape characters). */
        private static String clean(String text, String separator) {
            return text.replace("\\", "\\E\\").replace(separator, "\\F\\").replace("^", "\\S\\")
                    .replace("~", "\\R\\").replace("&", "\\T\\").replace("\r", " ").replace("\n", " ");
        }
    }
}
