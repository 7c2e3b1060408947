package org.ketaminefhir.adapter.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.ketaminefhir.adapter.vitalsign.Measurement;
import org.ketaminefhir.adapter.vitalsign.VitalSignCatalog;

/**
 * The CSV form of a kind of record (docs/interface.md, File drop: headers are the snake_case of the JSON names): which
 * columns there are, how a row becomes the record's JSON, and which column a JSON pointer came from, so
 * an error names the column the clinic's spreadsheet has.
 */
public enum CsvLayout {
    SESSION(
            RecordKind.SESSION,
            List.of(
                    "source_id",
                    "revision",
                    "status",
                    "mrn",
                    "drug",
                    "route",
                    "dose_mg",
                    "dose_mg_per_kg",
                    "weight_kg",
                    "lot_number",
                    "administration_start",
                    "administration_end",
                    "monitoring_end",
                    "indication_icd10",
                    "prescriber_npi",
                    "ehr_encounter"),
            Set.of("source_id", "mrn", "status", "drug", "route")) {
        @Override
        void fill(ObjectNode record, Map<String, String> row) {
            put(record, "sourceId", row.get("source_id"));
            putNumber(record, "revision", row.get("revision"));
            put(record, "status", row.get("status"));
            put(record.putObject("patient"), "mrn", row.get("mrn"));
            ObjectNode medication = record.putObject("medication");
            put(medication, "drug", row.get("drug"));
            put(medication, "route", row.get("route"));
            putNumber(medication, "doseMg", row.get("dose_mg"));
            putNumber(medication, "doseMgPerKg", row.get("dose_mg_per_kg"));
            putNumber(medication, "weightKg", row.get("weight_kg"));
            put(medication, "lotNumber", row.get("lot_number"));
            ObjectNode administration = record.putObject("administration");
            put(administration, "start", row.get("administration_start"));
            put(administration, "end", row.get("administration_end"));
            if (present(row.get("monitoring_end"))) {
                put(record.putObject("monitoring"), "end", row.get("monitoring_end"));
            }
            if (present(row.get("indication_icd10"))) {
                put(record.putObject("indication"), "icd10", row.get("indication_icd10"));
            }
            if (present(row.get("prescriber_npi"))) {
                ObjectNode prescriber = record.putArray("clinicians").addObject();
                put(prescriber, "npi", row.get("prescriber_npi"));
                prescriber.put("role", "prescriber");
            }
            ehrEncounter(record, row.get("ehr_encounter"));
        }

        /**
         * {@code ehr_encounter}: the EHR's Encounter id, or its visit number as a search token writes it,
         * {@code <system>|<value>} (a system holds no '|', so the first one separates).
         */
        private void ehrEncounter(ObjectNode record, String cell) {
            if (!present(cell)) {
                return;
            }
            ObjectNode visit = record.putObject("ehrEncounter");
            int bar = cell.indexOf('|');
            if (bar < 0) {
                put(visit, "id", cell);
                return;
            }
            ObjectNode identifier = visit.putObject("identifier");
            // an empty part stays in as empty text, so the checker names it rather than "is required"
            identifier.put("system", cell.substring(0, bar).trim());
            identifier.put("value", cell.substring(bar + 1).trim());
        }

        @Override
        Map<String, String> columnsByPointer() {
            return Map.ofEntries(
                    Map.entry("/sourceId", "source_id"),
                    Map.entry("/revision", "revision"),
                    Map.entry("/status", "status"),
                    Map.entry("/statusReason", "status"),
                    Map.entry("/patient/mrn", "mrn"),
                    Map.entry("/medication/drug", "drug"),
                    Map.entry("/medication/route", "route"),
                    Map.entry("/medication/doseMg", "dose_mg"),
                    Map.entry("/medication/doseMgPerKg", "dose_mg_per_kg"),
                    Map.entry("/medication/weightKg", "weight_kg"),
                    Map.entry("/medication/lotNumber", "lot_number"),
                    Map.entry("/administration/start", "administration_start"),
                    Map.entry("/administration/end", "administration_end"),
                    Map.entry("/monitoring/end", "monitoring_end"),
                    Map.entry("/indication/icd10", "indication_icd10"),
                    Map.entry("/clinicians/0/npi", "prescriber_npi"),
                    Map.entry("/ehrEncounter", "ehr_encounter"));
        }
    },

    /** The vital-sign columns are the catalog's: one per measurement a vitals record takes. */
    VITALS(RecordKind.VITALS, vitalsColumns(), Set.of("source_id", "mrn", "time")) {
        @Override
        void fill(ObjectNode record, Map<String, String> row) {
            put(record, "sourceId", row.get("source_id"));
            put(record.putObject("patient"), "mrn", row.get("mrn"));
            put(record, "sessionSourceId", row.get("session_source_id"));
            ObjectNode reading = record.putArray("readings").addObject();
            put(reading, "time", row.get("time"));
            for (Measurement measurement : VitalSignCatalog.standard().measurements(RecordKind.VITALS.wireName())) {
                putNumber(reading, measurement.field(), row.get(measurement.column()));
            }
        }

        @Override
        Map<String, String> columnsByPointer() {
            Map<String, String> columns = new HashMap<>(Map.of(
                    "/sourceId",
                    "source_id",
                    "/patient/mrn",
                    "mrn",
                    "/sessionSourceId",
                    "session_source_id",
                    "/readings/0/time",
                    "time"));
            for (Measurement measurement : VitalSignCatalog.standard().measurements(RecordKind.VITALS.wireName())) {
                columns.put("/readings/0/" + measurement.field(), measurement.column());
            }
            return columns;
        }
    },

    /** item_1 … item_N: as many as the instrument has (the header may carry more for longer instruments). */
    QUESTIONNAIRE(
            RecordKind.QUESTIONNAIRE,
            List.of("source_id", "mrn", "session_source_id", "instrument", "authored", "item_1", "total"),
            Set.of("source_id", "mrn", "instrument", "authored")) {
        @Override
        void fill(ObjectNode record, Map<String, String> row) {
            put(record, "sourceId", row.get("source_id"));
            put(record.putObject("patient"), "mrn", row.get("mrn"));
            put(record, "sessionSourceId", row.get("session_source_id"));
            put(record, "instrument", row.get("instrument"));
            put(record, "authored", row.get("authored"));
            int items = 0;
            while (present(row.get("item_" + (items + 1))) || hasLaterItem(row, items + 1)) {
                items++;
            }
            if (items > 0) {
                var answers = record.putArray("answers");
                for (int i = 1; i <= items; i++) {
                    String value = row.get("item_" + i);
                    if (value == null || value.isBlank()) {
                        answers.addNull();
                    } else if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
                        answers.add(Boolean.parseBoolean(value.toLowerCase()));
                    } else {
                        answers.add(number(value));
                    }
                }
            }
            putNumber(record, "total", row.get("total"));
        }

        @Override
        Map<String, String> columnsByPointer() {
            return Map.of(
                    "/sourceId",
                    "source_id",
                    "/patient/mrn",
                    "mrn",
                    "/sessionSourceId",
                    "session_source_id",
                    "/instrument",
                    "instrument",
                    "/authored",
                    "authored",
                    "/total",
                    "total",
                    "/answers",
                    "item_1");
        }

        @Override
        public String column(String pointer) {
            if (pointer.startsWith("/answers/")) {
                return "item_" + (Integer.parseInt(pointer.substring("/answers/".length())) + 1);
            }
            return super.column(pointer);
        }

        private boolean hasLaterItem(Map<String, String> row, int from) {
            return row.keySet().stream()
                    .filter(k -> k.matches("item_\\d+"))
                    .mapToInt(k -> Integer.parseInt(k.substring(5)))
                    .filter(n -> n > from)
                    .anyMatch(n -> present(row.get("item_" + n)));
        }
    };

    private final RecordKind kind;
    private final List<String> columns;
    private final Set<String> requiredColumns;

    CsvLayout(RecordKind kind, List<String> columns, Set<String> requiredColumns) {
        this.kind = kind;
        this.columns = columns;
        this.requiredColumns = requiredColumns;
    }

    public static CsvLayout of(RecordKind kind) {
        for (CsvLayout layout : values()) {
            if (layout.kind == kind) {
                return layout;
            }
        }
        throw new IllegalArgumentException("no CSV layout for " + kind);
    }

    public RecordKind kind() {
        return kind;
    }

    /** The layout a header reveals (a file outside the kind folders, as convert reads it). */
    static Optional<CsvLayout> forHeader(List<String> header) {
        if (header.contains("drug")) {
            return Optional.of(SESSION);
        }
        if (header.contains("instrument")) {
            return Optional.of(QUESTIONNAIRE);
        }
        if (header.contains("time")) {
            return Optional.of(VITALS);
        }
        return Optional.empty();
    }

    /**
     * What makes a header unreadable for this layout, as messages; empty when rows can be read with it.
     * A column the layout does not know is not among them: its cells are kept as REST keeps an unknown
     * field (see {@link #record}).
     */
    List<String> checkHeader(List<String> header) {
        List<String> problems = new ArrayList<>();
        Set<String> missing = new TreeSet<>(requiredColumns);
        missing.removeAll(header);
        if (!missing.isEmpty()) {
            problems.add("the header lacks " + String.join(", ", missing) + "; expected the columns "
                    + String.join(",", columns));
        }
        Set<String> seen = new HashSet<>();
        for (String column : header) {
            if (!column.isEmpty() && !seen.add(column)) {
                problems.add("the column '" + column + "' appears twice in the header; each column may appear once");
            }
            if (!known(column) && fieldsFilled().contains(column)) {
                // kept under its own name, it would replace what the layout's columns fill in
                problems.add("the column '" + column + "' has the name of a field this file's columns fill in ("
                        + String.join(",", columns) + "); rename or remove it");
            }
        }
        return problems;
    }

    /** The header this layout reads, as an error message shows it ({@code item_1} stands for item_1 … item_N). */
    public String header() {
        return String.join(",", columns);
    }

    /** A column of this layout (rather than an extra one the clinic's export adds). */
    public boolean known(String column) {
        return columns.contains(column) || (this == QUESTIONNAIRE && column.matches("item_\\d+"));
    }

    /**
     * The record a row stands for: the kind's JSON, with numbers as numbers where they parse. A cell of a
     * column the layout does not know becomes a top-level text field of that name, as a REST client's
     * extra field would be: kept in the journal and listed as unused by the mapping trace, not lost.
     */
    public ObjectNode record(Map<String, String> row) {
        ObjectNode record = JsonNodeFactory.instance.objectNode();
        record.put("kind", kind.wireName());
        fill(record, row);
        row.forEach((column, value) -> {
            if (!column.isEmpty() && !known(column)) {
                put(record, column, value);
            }
        });
        return record;
    }

    /** The top-level JSON fields this layout's columns fill in. */
    private Set<String> fieldsFilled() {
        Set<String> fields = new HashSet<>(Set.of("kind"));
        columnsByPointer()
                .keySet()
                .forEach(pointer -> fields.add(pointer.substring(1).split("/")[0]));
        return fields;
    }

    /** The CSV column an error's JSON pointer refers to (the pointer itself if no column holds it). */
    public String column(String pointer) {
        Map<String, String> byPointer = columnsByPointer();
        for (String candidate = pointer;
                !candidate.isEmpty();
                candidate = candidate.substring(0, candidate.lastIndexOf('/'))) {
            if (byPointer.containsKey(candidate)) {
                return byPointer.get(candidate);
            }
        }
        return pointer;
    }

    private static List<String> vitalsColumns() {
        List<String> columns = new ArrayList<>(List.of("source_id", "mrn", "session_source_id", "time"));
        VitalSignCatalog.standard().measurements(RecordKind.VITALS.wireName()).forEach(m -> columns.add(m.column()));
        return List.copyOf(columns);
    }

    abstract void fill(ObjectNode record, Map<String, String> row);

    abstract Map<String, String> columnsByPointer();

    static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    static void put(ObjectNode node, String field, String value) {
        if (present(value)) {
            node.put(field, value.trim());
        }
    }

    /** A number where the cell holds one; otherwise the text, so the checker says "must be a number, got a string". */
    static void putNumber(ObjectNode node, String field, String value) {
        if (present(value)) {
            node.set(field, number(value));
        }
    }

    private static JsonNode number(String value) {
        try {
            BigDecimal number = new BigDecimal(value.trim());
            return number.scale() <= 0
                    ? JsonNodeFactory.instance.numberNode(number.toBigIntegerExact())
                    : JsonNodeFactory.instance.numberNode(number);
        } catch (NumberFormatException | ArithmeticException e) {
            return JsonNodeFactory.instance.textNode(value.trim());
        }
    }
}
