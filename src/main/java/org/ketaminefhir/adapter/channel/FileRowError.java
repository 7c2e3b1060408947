package org.ketaminefhir.adapter.channel;

/**
 * One bad row of a dropped file, as {@code <name>.errors.json} lists it: the physical line (CSV, NDJSON)
 * or the record's place in a JSON array, the row's source id when it has one (what the clinic searches
 * its own system by), the column or field, and what was wrong and what is accepted.
 */
record FileRowError(Integer line, Integer record, String sourceId, String column, String field, String message) {

    /** A problem of the whole file or of one line that has no record to name. */
    static FileRowError ofFile(Integer line, String message) {
        return new FileRowError(line, null, null, null, null, message);
    }
}
