package org.ketaminefhir.adapter.record;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads a CSV file of records (contract §3.2) as a stream: the header is checked against the kind's
 * layout (the folder's, or the one the header itself reveals), then each row becomes a record with the
 * pointer {@code /<line>} so errors name the file's line. Nothing holds more than one row.
 */
public final class CsvRecordReader {

    /** A problem of the file itself (header, unreadable row), by line. */
    public record FileProblem(int line, String message) {
    }

    public interface Rows {
        void row(JsonRecordReader.Located record, int line);

        void problem(FileProblem problem);
    }

    /**
     * @param layout the layout of the folder, or empty to take it from the header
     * @return the layout the rows were read with, if the header allowed reading them
     */
    public Optional<CsvLayout> read(Reader in, Optional<CsvLayout> layout, Rows rows) {
        CsvMapper csv = new CsvMapper();
        csv.enable(CsvParser.Feature.TRIM_SPACES).enable(CsvParser.Feature.SKIP_EMPTY_LINES)
                .enable(CsvParser.Feature.FAIL_ON_MISSING_COLUMNS);
        try (MappingIterator<Map<String, String>> iterator = csv.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(in)) {
            CsvSchema header = (CsvSchema) iterator.getParser().getSchema();
            List<String> columns = new ArrayList<>();
            header.forEach(column -> columns.add(column.getName()));
            Optional<CsvLayout> chosen = layout.or(() -> CsvLayout.forHeader(columns));
            if (chosen.isEmpty()) {
                rows.problem(new FileProblem(1, "the header does not say which kind of record the file holds; expected "
                        + "the columns of contract §3.2 for sessions, vitals or questionnaires"));
                return Optional.empty();
            }
            List<String> problems = chosen.get().checkHeader(columns);
            if (!problems.isEmpty()) {
                problems.forEach(problem -> rows.problem(new FileProblem(1, problem)));
                return Optional.empty();
            }
            while (true) {
                Map<String, String> row;
                int line;
                try {
                    if (!iterator.hasNextValue()) {
                        break;
                    }
                    row = iterator.nextValue();
                    // the parser stands at the end of the row it read: on the next line's first column
                    line = iterator.getCurrentLocation().getLineNr() - (iterator.getCurrentLocation().getColumnNr() == 1 ? 1 : 0);
                } catch (IOException | RuntimeException e) {
                    rows.problem(new FileProblem(iterator.getCurrentLocation().getLineNr(), "unreadable row: " + rootMessage(e)
                            + "; expected " + columns.size() + " comma-separated cells, quoted when they hold commas"));
                    break;
                }
                rows.row(new JsonRecordReader.Located("/" + line, chosen.get().record(row)), line);
            }
            return chosen;
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new MalformedInputException("the file is not valid UTF-8; save it as UTF-8");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message;
    }
}
