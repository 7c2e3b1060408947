package org.ketaminefhir.adapter.record;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads a CSV file of records (docs/interface.md, File drop) as a stream: the header is checked against the kind's
 * layout (the folder's, or the one the header itself reveals), then each row becomes a record with the
 * pointer {@code /<line>}. The line is the physical line the row starts on, as an editor shows it: blank
 * lines, CRLF line ends and quoted cells that span lines do not shift it. A row whose cells do not match
 * the header is a bad row and the rows after it are still read. Nothing holds more than one row.
 */
public final class CsvRecordReader {

    private static final CsvMapper CSV = CsvMapper.builder()
            .enable(CsvParser.Feature.TRIM_SPACES)
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
            .build();

    /** A problem of the file itself (header, a row that cannot be a record), by line, with the row's source_id if known. */
    public record FileProblem(int line, String sourceId, String message) {}

    public interface Rows {
        void row(JsonRecordReader.Located record, int line);

        void problem(FileProblem problem);
    }

    /** One row as the file has it: the line it starts on and its cells. */
    private record Row(int line, List<String> cells) {}

    /**
     * @param layout the layout of the folder, or empty to take it from the header
     * @return the layout the rows were read with, if the header allowed reading them
     */
    public Optional<CsvLayout> read(Reader in, Optional<CsvLayout> layout, Rows rows) {
        int[] rowStart = {1}; // where the row being read starts, for an error the parser raises inside it
        try (JsonParser parser = CSV.getFactory().createParser(Utf8Input.withoutByteOrderMark(in))) {
            Optional<Row> header = next(parser, rowStart);
            if (header.isEmpty()) {
                rows.problem(new FileProblem(
                        1,
                        null,
                        "the file has no header row; expected "
                                + layout.map(l -> "the header " + l.header()).orElse(anyHeader())));
                return Optional.empty();
            }
            List<String> columns = header.get().cells();
            Optional<CsvLayout> chosen = layout.or(() -> CsvLayout.forHeader(columns));
            if (chosen.isEmpty()) {
                rows.problem(new FileProblem(
                        1,
                        null,
                        "the header does not say which kind of record the file holds; expected " + anyHeader()));
                return Optional.empty();
            }
            List<String> problems = chosen.get().checkHeader(columns);
            if (!problems.isEmpty()) {
                problems.forEach(
                        problem -> rows.problem(new FileProblem(header.get().line(), null, problem)));
                return Optional.empty();
            }
            for (Optional<Row> row = next(parser, rowStart); row.isPresent(); row = next(parser, rowStart)) {
                take(row.get(), columns, chosen.get(), rows);
            }
            return chosen;
        } catch (CharacterCodingException e) {
            throw new MalformedInputException("the file is not valid UTF-8; save it as UTF-8");
        } catch (JsonProcessingException e) {
            // a quote left open or text after a closing quote: where the next row starts cannot be known
            rows.problem(new FileProblem(
                    rowStart[0],
                    null,
                    "unreadable row: " + e.getOriginalMessage() + "; a cell holding a comma,"
                            + " a quote or a line break is quoted (\"K24,11A\"), with its own quotes doubled (\"\"). The rows after"
                            + " it were not read"));
            return layout;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void take(Row row, List<String> columns, CsvLayout layout, Rows rows) {
        List<String> cells = row.cells();
        int sourceIdAt = columns.indexOf("source_id");
        String sourceId = sourceIdAt >= 0
                        && sourceIdAt < cells.size()
                        && !cells.get(sourceIdAt).isEmpty()
                ? cells.get(sourceIdAt)
                : null;
        if (cells.size() != columns.size()) {
            rows.problem(new FileProblem(
                    row.line(),
                    sourceId,
                    "the row has " + cells.size() + " cells but the header has "
                            + columns.size()
                            + " columns; give every row one cell per column (empty where there is no value),"
                            + " and quote a cell that holds a comma (\"K24,11A\")"));
            return;
        }
        Map<String, String> byColumn = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).isEmpty() && !cells.get(i).isEmpty()) {
                rows.problem(new FileProblem(
                        row.line(),
                        sourceId,
                        "cell " + (i + 1) + " holds a value but its column has no"
                                + " name in the header; name the column or leave its cells empty"));
                return;
            }
            byColumn.put(columns.get(i), cells.get(i));
        }
        rows.row(new JsonRecordReader.Located("/" + row.line(), layout.record(byColumn)), row.line());
    }

    /** The next row, or empty at the end of the file; {@code rowStart} holds the line it starts on. */
    private static Optional<Row> next(JsonParser parser, int[] rowStart) throws IOException {
        if (parser.nextToken() != JsonToken.START_ARRAY) {
            return Optional.empty();
        }
        // the parser stands at the row's first character, blank lines already skipped (the token has no place)
        rowStart[0] = parser.currentLocation().getLineNr();
        List<String> cells = new ArrayList<>();
        for (JsonToken token = parser.nextToken(); token == JsonToken.VALUE_STRING; token = parser.nextToken()) {
            cells.add(parser.getText());
        }
        return Optional.of(new Row(rowStart[0], cells));
    }

    /** What a header may be when the folder does not say which kind of record a file holds. */
    private static String anyHeader() {
        return Arrays.stream(CsvLayout.values())
                .map(l -> "the " + l.kind().wireName() + " header " + l.header())
                .collect(Collectors.joining(", or "));
    }
}
