package org.ketaminefhir.adapter.channel;

/**
 * One bad row of a dropped file, as {@code <name>.errors.json} lists it: the line (CSV, NDJSON) or the
 * record's place in a JSON array, the column or field, and what was wrong and what is accepted.
 */
public record FileRowError(Integer line, Integer record, String column, String field, String message) {
}
