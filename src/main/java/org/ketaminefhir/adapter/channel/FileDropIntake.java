package org.ketaminefhir.adapter.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.ketaminefhir.adapter.journal.RecordIntake;
import org.ketaminefhir.adapter.record.CsvLayout;
import org.ketaminefhir.adapter.record.CsvRecordReader;
import org.ketaminefhir.adapter.record.FieldError;
import org.ketaminefhir.adapter.record.JsonRecordReader;
import org.ketaminefhir.adapter.record.JsonRecordReader.Located;
import org.ketaminefhir.adapter.record.MalformedInputException;
import org.ketaminefhir.adapter.record.RecordKind;
import org.ketaminefhir.adapter.record.SubmissionChecker.Rejection;
import org.ketaminefhir.adapter.record.Utf8Input;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * docs/interface.md, File drop: a file dropped in {@code inbox/<kind>/} (JSON record or array, NDJSON, or CSV with the
 * header of docs/interface.md, File drop). Every good row is journaled; every bad row is named in {@code <name>.errors.json}
 * in {@code error/} (line, column, message with the accepted form), and the file goes there too, else to
 * {@code done/} (the route moves it), under a name neither folder's earlier files nor reports hold. NDJSON
 * and CSV are read as streams and journaled in batches, so a file of any length goes through in bounded
 * memory. Dropping the same file again changes nothing: the journal answers its rows as duplicates.
 */
public final class FileDropIntake {

    private static final Logger log = LoggerFactory.getLogger(FileDropIntake.class);
    static final int BATCH = 500;

    private final RecordIntake intake;
    private final JsonRecordReader reader;
    private final ObjectMapper json;
    private final CsvRecordReader csv = new CsvRecordReader();

    FileDropIntake(RecordIntake intake, JsonRecordReader reader, ObjectMapper json) {
        this.intake = intake;
        this.reader = reader;
        this.json = json;
    }

    /**
     * Takes one dropped file.
     *
     * @param kindName the kind of the folder ({@code session}, {@code vitals}, {@code questionnaire})
     * @return where the file moves to, relative to its folder: {@code done/<name>}, or {@code error/<name>}
     *         when any row was bad (its errors file is then written beside it); the name is the file's own
     *         unless an earlier file or report holds it there
     */
    public String receive(File file, String kindName) {
        RecordKind kind = RecordKind.fromWireName(kindName)
                .orElseThrow(() -> new IllegalArgumentException("unknown record kind " + kindName));
        Tally tally = new Tally(file);
        try {
            read(file, kind, tally);
            // the folder, not the file's name: clinics name exports after patients (PhiHygieneIT)
            log.info(
                    "{} file from {}: {} record(s) accepted, {} error(s){}",
                    kind,
                    tally.submittedBy,
                    tally.accepted,
                    tally.errors.size(),
                    tally.errors.isEmpty() ? "" : " (named in error/<file>.errors.json)");
            String folder = tally.errors.isEmpty() ? "done" : "error";
            Path dir = file.toPath().getParent().resolve(folder);
            String name = freeName(dir, file.getName(), Instant.now());
            if (!tally.errors.isEmpty()) {
                writeErrors(dir, name, file.getName(), tally);
            }
            return folder + "/" + name;
        } catch (RuntimeException e) {
            // The route leaves the file where it is, to be read again at the next poll (the rows journaled
            // so far are then duplicates). Neither the file's name nor the causes' messages (a database's
            // message may quote row values) go to the log: only the kinds of failure.
            log.error(
                    "{} file from {} not taken after {} record(s): {}; it stays in the inbox and is read again at the next poll",
                    kind,
                    tally.submittedBy,
                    tally.accepted,
                    FailureKinds.of(e));
            throw new FileNotTakenException(kind, tally.submittedBy);
        }
    }

    private void read(File file, RecordKind kind, Tally tally) {
        String name = file.getName().toLowerCase();
        try {
            if (file.length() == 0) {
                // answered like any bad file, so the one who dropped it learns the export came out empty
                tally.errors.add(FileRowError.ofFile(
                        null,
                        "the file is empty (0 bytes): it holds no record; export it"
                                + " again (expected a JSON record or array, NDJSON, or CSV with the header "
                                + CsvLayout.of(kind).header() + ")"));
            } else if (name.endsWith(".csv")) {
                readCsv(file.toPath(), kind, tally);
            } else if (name.endsWith(".ndjson")) {
                readNdjson(file.toPath(), kind, tally);
            } else {
                readJson(file.toPath(), kind, tally);
            }
        } catch (MalformedInputException e) {
            tally.errors.add(FileRowError.ofFile(e.line(), e.getMessage()));
        }
    }

    private void readJson(Path file, RecordKind kind, Tally tally) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Located> records = reader.readJson(content);
        submit(records, kind, tally, located -> new Position(null, recordNumber(located.pointer())), Optional.empty());
    }

    private void readNdjson(Path file, RecordKind kind, Tally tally) {
        List<Located> batch = new ArrayList<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        try (BufferedReader in = Utf8Input.open(file)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                try {
                    JsonNode record = reader.readValue(line, number);
                    if (record == null) {
                        continue; // a blank line
                    }
                    String pointer = "/" + number;
                    batch.add(new Located(pointer, record));
                    lines.put(pointer, number);
                } catch (MalformedInputException e) {
                    tally.errors.add(FileRowError.ofFile(number, e.getMessage()));
                }
                if (batch.size() == BATCH) {
                    submit(batch, kind, tally, byLine(lines), Optional.empty());
                    batch.clear();
                    lines.clear();
                }
            }
        } catch (IOException e) {
            throw unreadable(e);
        }
        submit(batch, kind, tally, byLine(lines), Optional.empty());
    }

    private void readCsv(Path file, RecordKind kind, Tally tally) {
        CsvLayout layout = CsvLayout.of(kind);
        List<Located> batch = new ArrayList<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        try (BufferedReader in = Utf8Input.open(file)) {
            csv.read(in, Optional.of(layout), new CsvRecordReader.Rows() {
                @Override
                public void row(Located record, int line) {
                    batch.add(record);
                    lines.put(record.pointer(), line);
                    if (batch.size() == BATCH) {
                        submit(batch, kind, tally, byLine(lines), Optional.of(layout));
                        batch.clear();
                        lines.clear();
                    }
                }

                @Override
                public void problem(CsvRecordReader.FileProblem problem) {
                    tally.errors.add(
                            new FileRowError(problem.line(), null, problem.sourceId(), null, null, problem.message()));
                }
            });
        } catch (IOException e) {
            throw unreadable(e);
        }
        submit(batch, kind, tally, byLine(lines), Optional.of(layout));
    }

    private record Position(Integer line, Integer record) {}

    private static Function<Located, Position> byLine(Map<String, Integer> lines) {
        Map<String, Integer> copy = Map.copyOf(lines);
        return located -> new Position(copy.get(located.pointer()), null);
    }

    /**
     * Journals a batch and turns its rejections into the errors file's rows: named by line or record, and
     * by the CSV column (a CSV file) or the JSON pointer of the field (JSON, NDJSON).
     */
    private void submit(
            List<Located> batch,
            RecordKind kind,
            Tally tally,
            Function<Located, Position> where,
            Optional<CsvLayout> csv) {
        if (batch.isEmpty()) {
            return;
        }
        RecordIntake.Outcome outcome = intake.submitEach(batch, kind, tally.submittedBy);
        tally.accepted += outcome.receipts().size();
        for (Rejection rejection : outcome.rejections()) {
            Located located = batch.stream()
                    .filter(l -> l.pointer().equals(rejection.pointer()))
                    .findFirst()
                    .orElseThrow();
            Position position = where.apply(located);
            JsonNode sourceId = located.node().path("sourceId");
            for (FieldError error : rejection.errors()) {
                String field = error.pointer().substring(rejection.pointer().length());
                tally.errors.add(new FileRowError(
                        position.line(),
                        position.record(),
                        sourceId.isTextual() ? sourceId.asText() : null,
                        csv.map(layout -> layout.column(field)).orElse(null),
                        csv.isPresent() ? null : (field.isEmpty() ? "/" : field),
                        error.message()));
            }
        }
    }

    private void writeErrors(Path errorDir, String name, String droppedAs, Tally tally) {
        try {
            Files.createDirectories(errorDir);
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("file", name);
            if (!name.equals(droppedAs)) {
                report.put("droppedAs", droppedAs);
            }
            report.put("accepted", tally.accepted);
            // in the file's order: rows the reader refused are named at once, the checker's at each batch's end
            report.put("errors", tally.errors.stream().sorted(IN_FILE_ORDER).toList());
            json.writerWithDefaultPrettyPrinter()
                    .writeValue(errorDir.resolve(name + ".errors.json").toFile(), report);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write an errors file in " + errorDir, e);
        }
    }

    private static final Comparator<FileRowError> IN_FILE_ORDER = Comparator.comparing(
                    FileRowError::line, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(FileRowError::record, Comparator.nullsFirst(Comparator.naturalOrder()));

    private static final DateTimeFormatter TAKEN_AT =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /**
     * A name for the file in {@code dir} that no earlier file nor errors report there holds: its own, else
     * with the time it was taken (and a counter, should that be taken too). An export dropped every day
     * under one name never replaces the day before's file or report, and the rename costs a look-up or two.
     */
    static String freeName(Path dir, String name, Instant now) {
        if (free(dir, name)) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String stem = (dot > 0 ? name.substring(0, dot) : name) + "-" + TAKEN_AT.format(now);
        String extension = dot > 0 ? name.substring(dot) : "";
        String candidate = stem + extension;
        for (int n = 2; !free(dir, candidate); n++) {
            candidate = stem + "-" + n + extension;
        }
        return candidate;
    }

    private static boolean free(Path dir, String name) {
        return !Files.exists(dir.resolve(name)) && !Files.exists(dir.resolve(name + ".errors.json"));
    }

    private static MalformedInputException unreadable(IOException e) {
        if (e instanceof java.nio.charset.CharacterCodingException) {
            return new MalformedInputException("the file is not valid UTF-8; save it as UTF-8");
        }
        throw new UncheckedIOException(e);
    }

    private static Integer recordNumber(String pointer) {
        return pointer.isEmpty() ? 1 : Integer.parseInt(pointer.substring(1)) + 1;
    }

    /** One file's progress: who it counts as submitted by, what was taken, what was wrong. */
    private static final class Tally {
        /** the folder, not the file's name: a file name may well carry a patient's name */
        private final String submittedBy;

        private int accepted;
        private final List<FileRowError> errors = new ArrayList<>();

        private Tally(File file) {
            this.submittedBy =
                    "file-drop:" + file.getAbsoluteFile().getParentFile().getName();
        }
    }
}
