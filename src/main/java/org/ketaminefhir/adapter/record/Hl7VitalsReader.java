package org.ketaminefhir.adapter.record;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
 * An ORU^R01 from a vital-sign monitor (docs/interface.md, HL7 v2 from monitors, IHE PCD-01) read as a vitals record: PID-3 gives
 * the MRN ({@link Hl7PatientIdentifier}), OBX-3 through the code map gives the measurement, OBX-14 else
 * OBR-7 else MSH-7 the time ({@link Hl7ReadingTimes}). Rows without a value (device rows), rows with
 * OBX-11 X, D or W, non-numeric rows (waveforms), measurements flagged invalid, test or demo (OBX-8), a
 * second value of one measurement at one time and half a blood pressure are not read, and are named.
 * OBX-11 C gives a corrected value, P and S a preliminary one, F, R, U and the rest a final one (the HL7 v2-to-FHIR
 * map of table 0085). The record's source id is {@code hl7-<MSH-10>}, so a message sent again is the same
 * record; its readings are the patient's ({@link VitalsRecord#readingsOfThePatient}), so a correction in a
 * message of its own updates the reading it corrects.
 */
public final class Hl7VitalsReader {

    // OBX-8 measurement status flags that mean "do not use this value" (docs/fhir.md, Codes and their sources)
    private static final Set<String> UNUSABLE_FLAGS = Set.of("INV", "TEST", "DEMO", "QUES", "CAL", "NAV");
    // HL7 NM: an optional sign, digits, an optional decimal point and digits; at most 16 characters. The
    // length is checked first, so a value of any size costs one look at its length, never a BigDecimal of it.
    private static final Pattern NM = Pattern.compile("[+-]?\\d+(?:\\.\\d*)?");
    private static final int NM_MAX_CHARS = 16;
    // an answer names the first few rows not sent and counts the rest
    private static final int SKIPPED_LISTED = 10;

    private final Hl7PatientIdentifier identifiers;
    private final Optional<ZoneId> clinicZone;
    private final Duration maxReadingSkew;
    private final VitalSignCatalog catalog;

    /**
     * @param identifiers    how PID-3's MRN is chosen
     * @param clinicZone     where a time without offset (here and in MSH-7) is read; empty: such a time is an AE
     * @param maxReadingSkew a reading further than this from MSH-7 is named in the ACK (still taken)
     */
    public Hl7VitalsReader(Hl7PatientIdentifier identifiers, Optional<ZoneId> clinicZone, Duration maxReadingSkew) {
        this(identifiers, clinicZone, maxReadingSkew, VitalSignCatalog.standard());
    }

    public Hl7VitalsReader(
            Hl7PatientIdentifier identifiers,
            Optional<ZoneId> clinicZone,
            Duration maxReadingSkew,
            VitalSignCatalog catalog) {
        this.identifiers = identifiers;
        this.clinicZone = clinicZone;
        this.maxReadingSkew = maxReadingSkew;
        this.catalog = catalog;
    }

    /**
     * What the message could not be read for: the ACK code, the text, and the segment, its occurrence in
     * the message (1 = the first OBX) and the field to name (ERR-2: OBX^3^14).
     */
    public record Problem(String ackCode, String text, String segment, int sequence, int field, int hl7ErrorCode) {}

    /**
     * The message read: the record (or the problem), the rows not sent (named first: those a sender
     * would want to know of; then the device and known-not-sent rows), the reading times far from the
     * message time, which OBX each value came from (key {@code measurement@time}) and which field each
     * reading's time came from (OBX-14, OBR-7 or MSH-7), so a later error can name them.
     */
    public record Result(
            Hl7Message message,
            ObjectNode record,
            Problem problem,
            List<String> skipped,
            List<String> deviceRows,
            List<String> warnings,
            Map<String, String> origin,
            Map<OffsetDateTime, Hl7Field> timeOrigin) {
        /** The rows not sent, for an answer: the first few named, the rest counted; device rows after the others. */
        public String skippedList() {
            return listed(skipped)
                    + (deviceRows.isEmpty()
                            ? ""
                            : (skipped.isEmpty() ? "" : "; ") + "device rows and rows known but not sent: "
                                    + listed(deviceRows));
        }

        /** The reading times far from the message time, the first few named, the rest counted. */
        public String warningList() {
            return listed(warnings);
        }

        public boolean nothingSkipped() {
            return skipped.isEmpty() && deviceRows.isEmpty();
        }

        public String controlId() {
            return message == null
                    ? ""
                    : message.first("MSH").map(msh -> msh.field(10).strip()).orElse("");
        }

        /**
         * The field a checker error's pointer refers to: "/readings/0/spo2" → OBX 2-5 (the OBX of that value),
         * "/readings/0/time" → the field the time was read from (OBX 2-14, OBR 1-7 or MSH-7); OBX 1-5 when the
         * pointer names neither.
         */
        public Hl7Field fieldOf(String pointer) {
            String[] parts = pointer.split("/");
            Hl7Field unknown = new Hl7Field("OBX", 1, 5);
            if (parts.length < 4 || !parts[1].equals("readings") || !parts[2].matches("\\d{1,9}")) {
                return unknown;
            }
            OffsetDateTime time = OffsetDateTime.parse(record.get("readings")
                    .get(Integer.parseInt(parts[2]))
                    .get("time")
                    .asText());
            if (parts[3].equals("time")) {
                return timeOrigin.getOrDefault(time, unknown);
            }
            String obx = origin.get(parts[3] + "@" + time);
            return obx == null ? unknown : new Hl7Field("OBX", Integer.parseInt(obx.substring("OBX ".length())), 5);
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
            return problem(null, "AE", e.getMessage(), "MSH", 1, 1, 100);
        }
        Segment msh = message.first("MSH").orElseThrow();
        String type = message.component(msh.field(9), 1) + "^" + message.component(msh.field(9), 2);
        if (!type.equals("ORU^R01")) {
            return problem(
                    message,
                    "AR",
                    "message type " + Hl7Message.excerpt(type) + " is not taken; this listener takes ORU^R01",
                    "MSH",
                    1,
                    9,
                    200);
        }
        String controlId = msh.field(10).strip();
        if (!controlId.matches("[A-Za-z0-9._:-]{1,60}")) {
            return problem(
                    message,
                    "AE",
                    "MSH-10 (message control id) is required: 1 to 60 of A-Z a-z 0-9 . _ : -",
                    "MSH",
                    1,
                    10,
                    101);
        }
        Optional<Segment> pid = message.first("PID");
        if (pid.isEmpty()) {
            return problem(message, "AE", "no PID segment: the patient's MRN (PID-3) is required", "PID", 1, 3, 100);
        }
        Optional<Hl7PatientIdentifier.Mrn> mrn = identifiers.choose(message, pid.get());
        if (mrn.isEmpty()) {
            // the identifiers are not quoted: they name a patient
            return problem(
                    message,
                    "AE",
                    "PID-3 holds no usable patient identifier; expected " + identifiers.accepted(),
                    "PID",
                    1,
                    3,
                    101);
        }
        Hl7ReadingTimes times = new Hl7ReadingTimes(msh.field(7), clinicZone, maxReadingSkew);
        Map<OffsetDateTime, ObjectNode> readings = new LinkedHashMap<>();
        Map<String, String> origin = new LinkedHashMap<>();
        Map<OffsetDateTime, Hl7Field> timeOrigin = new LinkedHashMap<>();
        Map<String, String> notFinal = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        List<String> deviceRows = new ArrayList<>();
        Set<String> warnings = new LinkedHashSet<>();
        Segment observationRequest = null;
        int obr = 0;
        int obx = 0;
        for (Segment segment : message.segments()) {
            if (segment.name().equals("OBR")) {
                observationRequest = segment;
                obr++;
                continue;
            }
            if (!segment.name().equals("OBX")) {
                continue;
            }
            // OBX-1 is not trusted to count: monitors leave it out, restart it per OBR or repeat it
            obx++;
            String code =
                    Hl7Message.excerpt(message.component(segment.field(3), 1).strip());
            String measurement = Optional.ofNullable(codeMap.get(code))
                    .or(() -> catalog.hl7Measurement(code))
                    .orElse(null);
            String status = segment.field(11).strip();
            if (segment.field(5).isBlank()) {
                // MDS/VMD/channel containment rows (IHE PCD-01), compound rows, empty height and weight
                deviceRows.add("OBX " + obx + " (" + code + ", no value)");
                continue;
            }
            if (status.equals("X")) {
                // HL7 table 0085 X: "results cannot be obtained for this observation"; a value beside it is not charted
                skipped.add("OBX " + obx + " (" + code + ", OBX-11 X: result cannot be obtained)");
                continue;
            }
            if (status.equals("D") || status.equals("W")) {
                // table 0085 D deletes the row, W posts it as wrong (e.g. the wrong patient): neither is a value to
                // chart
                skipped.add("OBX " + obx + " (" + code + ", OBX-11 " + status + ")");
                continue;
            }
            if ("ignore".equals(measurement)) {
                deviceRows.add("OBX " + obx + " (" + code + ")");
                continue;
            }
            if (!segment.field(2).strip().equals("NM")) {
                skipped.add("OBX " + obx + " (" + code + ", value type "
                        + Hl7Message.excerpt(segment.field(2).strip()) + ")");
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
            Hl7Field where = !segment.field(14).isBlank()
                    ? new Hl7Field("OBX", obx, 14)
                    : observationRequest != null && !observationRequest.field(7).isBlank()
                            ? new Hl7Field("OBR", obr, 7)
                            : new Hl7Field("MSH", 1, 7);
            String timeValue = switch (where.segment()) {
                case "OBX" -> segment.field(14);
                case "OBR" -> observationRequest.field(7);
                default -> msh.field(7);
            };
            Hl7ReadingTimes.Resolved time = times.resolve(timeValue, where);
            if (time.problem() != null) {
                return problem(
                        message,
                        "AE",
                        "OBX " + obx + ": " + time.problem(),
                        where.segment(),
                        where.sequence(),
                        where.field(),
                        102);
            }
            Optional<BigDecimal> number = number(segment.field(5).strip());
            if (number.isEmpty()) {
                return problem(
                        message,
                        "AE",
                        "OBX " + obx + ": OBX-5 '" + Hl7Message.excerpt(segment.field(5)) + "' is not a number "
                                + "although OBX-2 says NM (expected an optional sign, digits and a decimal point, at most "
                                + NM_MAX_CHARS + " characters)",
                        "OBX",
                        obx,
                        5,
                        102);
            }
            Measurement read = catalog.measurement(measurement).orElseThrow();
            Optional<DeviceUnit> unit = unitOf(message, segment, read);
            if (unit.isEmpty() || unit.get().refusal().isPresent()) {
                return problem(
                        message,
                        "AE",
                        "OBX " + obx + ": OBX-6 " + unitRefusal(segment, read, unit),
                        "OBX",
                        obx,
                        6,
                        103);
            }
            BigDecimal value = unit.get().toMeasurementUnit(number.get());
            ObjectNode reading = readings.computeIfAbsent(
                    time.time(),
                    t -> JsonNodeFactory.instance
                            .objectNode()
                            .put("time", t.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)));
            String key = measurement + "@" + time.time();
            if (reading.has(measurement)) {
                // several channels (ECG and pulse oximeter heart rates) at one time: the first in the message is kept
                skipped.add("OBX " + obx + " (" + code + ", " + measurement + " at the same time as " + origin.get(key)
                        + ", which is kept)");
                continue;
            }
            reading.put(measurement, value);
            notFinal(status).ifPresent(list -> notFinal.put(key, list));
            origin.put(key, "OBX " + obx);
            timeOrigin.putIfAbsent(time.time(), where);
            times.farFromMessage(time.time(), where).ifPresent(warnings::add);
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
        // after half a blood pressure is gone: a list names only values the reading holds
        readings.forEach((time, reading) -> reading.properties().stream()
                .map(Map.Entry::getKey)
                .toList()
                .forEach(field -> Optional.ofNullable(notFinal.get(field + "@" + time))
                        .ifPresent(list -> reading.withArray(list).add(field))));
        if (readings.isEmpty()) {
            Result nothing =
                    new Result(message, null, null, skipped, deviceRows, List.copyOf(warnings), origin, timeOrigin);
            return new Result(
                    message,
                    null,
                    new Problem(
                            "AE",
                            "no OBX carries a vital sign the adapter maps"
                                    + (nothing.nothingSkipped() ? "" : "; skipped " + nothing.skippedList())
                                    + " (extend adapter.mllp.code-map for a vendor's codes)",
                            "OBX",
                            1,
                            3,
                            103),
                    skipped,
                    deviceRows,
                    List.copyOf(warnings),
                    origin,
                    timeOrigin);
        }
        ObjectNode record = JsonNodeFactory.instance.objectNode();
        record.put("kind", "vitals").put("sourceId", VitalsRecord.HL7_PREFIX + controlId);
        ObjectNode patient = record.putObject("patient").put("mrn", mrn.get().value());
        if (mrn.get().system() != null) {
            patient.put("mrnSystem", mrn.get().system());
        }
        ArrayNode list = record.putArray("readings");
        readings.values().forEach(list::add);
        return new Result(message, record, null, skipped, deviceRows, List.copyOf(warnings), origin, timeOrigin);
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
        String accepted = measurement.units().stream()
                .filter(u -> u.refusal().isEmpty())
                .map(u -> String.join(", ", u.spellings()))
                .reduce((a, b) -> a + "; " + b)
                .orElse("");
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

    private static String listed(List<String> skipped) {
        if (skipped.size() <= SKIPPED_LISTED) {
            return String.join(", ", skipped);
        }
        return String.join(", ", skipped.subList(0, SKIPPED_LISTED)) + " and " + (skipped.size() - SKIPPED_LISTED)
                + " more";
    }

    /** An HL7 NM value; empty when it is not one (or longer than NM allows, whatever its digits). */
    static Optional<BigDecimal> number(String value) {
        if (value.length() > NM_MAX_CHARS || !NM.matcher(value).matches()) {
            return Optional.empty();
        }
        return Optional.of(new BigDecimal(value));
    }

    /**
     * The reading list (corrected, preliminary) of an OBX-11 whose value is not final, as the HL7 v2-to-FHIR
     * ConceptMap of table 0085 maps it to Observation.status: C corrected; P and S (partial) preliminary. U (final,
     * was preliminary), F and the rest are final, R (not verified) too: IHE PCD-01 monitors send R for every
     * measurement no clinician has confirmed, and it is still the device's measurement.
     */
    private static Optional<String> notFinal(String status) {
        return switch (status) {
            case "C" -> Optional.of(VitalSigns.CORRECTED);
            case "P", "S" -> Optional.of(VitalSigns.PRELIMINARY);
            default -> Optional.empty();
        };
    }

    private static boolean unusable(Hl7Message message, String flags) {
        return message.repetitions(flags).stream().anyMatch(flag -> UNUSABLE_FLAGS.contains(flag.strip()));
    }

    private static Result problem(
            Hl7Message message, String code, String text, String segment, int sequence, int field, int errorCode) {
        return new Result(
                message,
                null,
                new Problem(code, text, segment, sequence, field, errorCode),
                List.of(),
                List.of(),
                List.of(),
                Map.of(),
                Map.of());
    }
}
