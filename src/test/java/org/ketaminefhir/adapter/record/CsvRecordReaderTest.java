package org.ketaminefhir.adapter.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ketaminefhir.adapter.instrument.InstrumentCatalog;

class CsvRecordReaderTest {

    private static final String VITALS_HEADER = "source_id,mrn,time,heart_rate";

    private final List<JsonRecordReader.Located> records = new ArrayList<>();
    private final List<Integer> lines = new ArrayList<>();
    private final List<CsvRecordReader.FileProblem> problems = new ArrayList<>();

    @Test
    void aRowWithTooManyOrTooFewCellsIsABadRowAndTheRowsAfterItAreRead() {
        read(VITALS_HEADER + """

                V-1,100234,2026-11-20T09:15:00-08:00,80
                V-2,100234,2026-11-20T09:16:00-08:00,80,unquoted, comma
                V-3,100234
                V-4,100234,2026-11-20T09:18:00-08:00,82
                """);

        assertThat(problems).extracting(CsvRecordReader.FileProblem::line).containsExactly(3, 4);
        assertThat(problems).extracting(CsvRecordReader.FileProblem::sourceId).containsExactly("V-2", "V-3");
        assertThat(problems.get(0).message()).contains("the row has 6 cells but the header has 4 columns");
        assertThat(problems.get(1).message()).contains("the row has 2 cells but the header has 4 columns");
        assertThat(sourceIds()).containsExactly("V-1", "V-4");
        assertThat(lines).containsExactly(2, 5);
    }

    @Test
    void lineNumbersAreThePhysicalLinesDespiteBlankLinesCrlfAndMultiLineCells() {
        read("source_id,mrn,time,heart_rate,note\r\n"
                + "V-1,100234,2026-11-20T09:15:00-08:00,80,\"first line\r\nsecond line\"\r\n"
                + "\r\n"
                + "   \r\n"
                + "V-2,100234,2026-11-20T09:16:00-08:00,81,\r\n"
                + "\r\n"
                + "V-3,100234,2026-11-20T09:17:00-08:00,82,\r\n");

        assertThat(problems).isEmpty();
        assertThat(sourceIds()).containsExactly("V-1", "V-2", "V-3");
        assertThat(lines).containsExactly(2, 6, 8);
        assertThat(records).extracting(JsonRecordReader.Located::pointer).containsExactly("/2", "/6", "/8");
        assertThat(records.get(0).node().at("/readings/0/time").asText()).isEqualTo("2026-11-20T09:15:00-08:00");
    }

    @Test
    void aByteOrderMarkBeforeTheHeaderIsSkipped() {
        read("\uFEFF" + VITALS_HEADER + "\r\nV-1,100234,2026-11-20T09:15:00-08:00,80\r\n");

        assertThat(problems).isEmpty();
        assertThat(sourceIds()).containsExactly("V-1");
    }

    @Test
    void aColumnTheContractDoesNotKnowIsKeptAsAnExtraFieldOfTheRecord() {
        read(VITALS_HEADER + ",bed,device_serial\nV-1,100234,2026-11-20T09:15:00-08:00,80,B-12,\n");

        assertThat(problems).isEmpty();
        assertThat(records.get(0).node().get("bed").asText()).isEqualTo("B-12");
        assertThat(records.get(0).node().has("device_serial"))
                .as("an empty cell, as for the known columns")
                .isFalse();
        assertThat(records.get(0).node().at("/readings/0/heartRate").asInt()).isEqualTo(80);
    }

    @Test
    void aHeaderMissingARequiredColumnIsStillRefusedWhole() {
        read("source_id,time,heart_rate\nV-1,2026-11-20T09:15:00-08:00,80\n");

        assertThat(records).isEmpty();
        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(1);
            assertThat(problem.message()).contains("the header lacks mrn");
        });
    }

    @Test
    void aColumnTwiceOrAColumnNamedLikeAFieldTheLayoutFillsIsRefusedRatherThanOverwritten() {
        read(VITALS_HEADER + ",mrn\nV-1,100234,2026-11-20T09:15:00-08:00,80,999999\n");
        read(VITALS_HEADER + ",patient\nV-1,100234,2026-11-20T09:15:00-08:00,80,someone\n");

        assertThat(records).isEmpty();
        assertThat(problems)
                .extracting(CsvRecordReader.FileProblem::message)
                .anySatisfy(message -> assertThat(message).contains("'mrn' appears twice"))
                .anySatisfy(message -> assertThat(message).contains("'patient' has the name of a field"));
    }

    @Test
    void aValueUnderAColumnWithoutANameIsABadRowButEmptyCellsThereAreFine() {
        read(VITALS_HEADER
                + ",\nV-1,100234,2026-11-20T09:15:00-08:00,80,\nV-2,100234,2026-11-20T09:16:00-08:00,80,x\n");

        assertThat(sourceIds()).containsExactly("V-1");
        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(3);
            assertThat(problem.message()).contains("cell 5", "no name");
        });
    }

    @Test
    void aQuoteLeftOpenIsNamedAtItsRowAndSaysTheRestWasNotRead() {
        read(
                VITALS_HEADER
                        + "\nV-1,100234,2026-11-20T09:15:00-08:00,80\nV-2,100234,\"2026-11-20T09:16:00-08:00\"x,80\nV-3,100234,2026-11-20T09:17:00-08:00,80\n");

        assertThat(sourceIds()).containsExactly("V-1");
        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(3);
            assertThat(problem.message()).contains("unreadable row", "were not read");
        });
    }

    @Test
    void aQuoteNeverClosedIsNamedAtTheRowItOpensIn() {
        read(
                VITALS_HEADER
                        + "\nV-1,100234,2026-11-20T09:15:00-08:00,80\n\nV-2,100234,\"2026-11-20T09:16:00-08:00,80\nV-3,100234\nV-4\n");

        assertThat(sourceIds()).containsExactly("V-1");
        assertThat(problems)
                .singleElement()
                .satisfies(problem -> assertThat(problem.line()).isEqualTo(4));
    }

    @Test
    void theEhrEncounterColumnTakesAnIdOrAVisitNumberAndItsErrorsNameTheColumn() {
        RecordChecker checker = new RecordChecker(new ObjectMapper(), InstrumentCatalog.load(), Optional.empty());
        read(
                CsvLayout.SESSION,
                "source_id,mrn,status,drug,route,dose_mg,administration_start,ehr_encounter\n"
                        + "S-1,100234,completed,ketamine,IV,35,2026-11-20T09:05:00-08:00,eVfX3\n"
                        + "S-2,100234,completed,ketamine,IV,35,2026-11-20T09:05:00-08:00,urn:oid:1.2.3.4|7001|b\n"
                        + "S-3,100234,completed,ketamine,IV,35,2026-11-20T09:05:00-08:00,\n"
                        + "S-4,100234,completed,ketamine,IV,35,2026-11-20T09:05:00-08:00,|7001\n"
                        + "S-5,100234,completed,ketamine,IV,35,2026-11-20T09:05:00-08:00,Encounter/eVfX3\n");

        assertThat(problems).isEmpty();
        assertThat(records.get(0).node().get("ehrEncounter").toString()).isEqualTo("{\"id\":\"eVfX3\"}");
        assertThat(records.get(1).node().get("ehrEncounter").toString())
                .isEqualTo("{\"identifier\":{\"system\":\"urn:oid:1.2.3.4\",\"value\":\"7001|b\"}}");
        assertThat(records.get(2).node().has("ehrEncounter"))
                .as("an empty cell: no visit named")
                .isFalse();
        for (int row = 0; row < 3; row++) {
            assertThat(checker.check(records.get(row).node(), "", null).errors())
                    .isEmpty();
        }
        for (int row = 3; row < 5; row++) {
            assertThat(checker.check(records.get(row).node(), "", null).errors())
                    .singleElement()
                    .satisfies(error -> assertThat(CsvLayout.SESSION.column(error.pointer()))
                            .isEqualTo("ehr_encounter"));
        }
    }

    @Test
    void anEmptyFileHasNoHeader() {
        read("");

        assertThat(problems)
                .singleElement()
                .satisfies(problem -> assertThat(problem.message()).contains("no header row"));
    }

    @Test
    void aFileOutsideTheKindFoldersIsReadWithTheLayoutItsHeaderReveals() {
        Optional<CsvLayout> session =
                read("source_id,mrn,status,drug,route\nS-1,100234,completed,ketamine,IV\n", Optional.empty());
        Optional<CsvLayout> questionnaire = read(
                "source_id,mrn,instrument,authored,total\nQ-1,100234,phq9,2026-11-20T09:00:00-08:00,7\n",
                Optional.empty());

        assertThat(problems).isEmpty();
        assertThat(session).contains(CsvLayout.SESSION);
        assertThat(questionnaire).contains(CsvLayout.QUESTIONNAIRE);
        assertThat(records)
                .extracting(record -> record.node().get("kind").asText())
                .containsExactly("session", "questionnaire");
        assertThat(records.get(0).node().at("/medication/route").asText()).isEqualTo("IV");
    }

    @Test
    void aHeaderThatRevealsNoKindSaysEveryHeaderThatWould() {
        Optional<CsvLayout> layout = read("id,patient_id,value\n1,100234,80\n", Optional.empty());

        assertThat(layout).isEmpty();
        assertThat(records).isEmpty();
        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(1);
            assertThat(problem.message())
                    .startsWith(
                            "the header does not say which kind of record the file holds; expected the session header "
                                    + CsvLayout.SESSION.header() + ", or the vitals header " + CsvLayout.VITALS.header()
                                    + ", or the questionnaire header " + CsvLayout.QUESTIONNAIRE.header());
        });
    }

    @Test
    void questionnaireItemsBecomeTheAnswersInOrderWithEmptyCellsAsNoAnswer() {
        read(
                "source_id,mrn,instrument,authored,item_1,item_2,item_3,item_4,total\n"
                        + "Q-1,100234,phq9,2026-11-20T09:00:00-08:00,1,,TRUE,,7\n",
                Optional.of(CsvLayout.QUESTIONNAIRE));

        assertThat(problems).isEmpty();
        assertThat(records.get(0).node().get("answers")).hasToString("[1,null,true]");
        assertThat(records.get(0).node().get("total").asInt()).isEqualTo(7);
    }

    @Test
    void cellsAreTrimmedNumbersReadAsNumbersAndTextKeptForTheCheckerToName() {
        read(VITALS_HEADER + ",spo2,temperature_c\nV-1 , 100234 ,2026-11-20T09:15:00-08:00, 80 ,ninety,36.60\n");

        assertThat(problems).isEmpty();
        assertThat(records.get(0).node().get("sourceId").asText()).isEqualTo("V-1");
        assertThat(records.get(0).node().at("/patient/mrn").asText()).isEqualTo("100234");
        assertThat(records.get(0).node().at("/readings/0/heartRate").isIntegralNumber())
                .isTrue();
        assertThat(records.get(0).node().at("/readings/0/spo2").isTextual())
                .as("the checker says 'must be a number, got a string'")
                .isTrue();
        assertThat(records.get(0).node().at("/readings/0/temperatureC").decimalValue())
                .isEqualByComparingTo("36.6");
    }

    @Test
    void aQuotedCellKeepsItsCommasAndDoubledQuotes() {
        read(VITALS_HEADER + ",bed\nV-1,100234,2026-11-20T09:15:00-08:00,80,\"B \"\"12\"\", east\"\n");

        assertThat(problems).isEmpty();
        assertThat(records.get(0).node().get("bed").asText()).isEqualTo("B \"12\", east");
    }

    @Test
    void aBadRowWithoutASourceIdIsNamedByItsLineAlone() {
        read(VITALS_HEADER + "\n,100234,2026-11-20T09:15:00-08:00\n");

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(2);
            assertThat(problem.sourceId()).isNull();
        });
    }

    @Test
    void aHeaderWithoutRowsIsAnEmptyFileOfThatKindNotAnError() {
        Optional<CsvLayout> layout = read(VITALS_HEADER + "\r\n\r\n", Optional.empty());

        assertThat(layout).contains(CsvLayout.VITALS);
        assertThat(problems).isEmpty();
        assertThat(records).isEmpty();
    }

    @Test
    void aFileThatIsNotUtf8IsRefusedSayingHowToSaveIt(@TempDir Path folder) throws IOException {
        Path latin1 = Files.write(
                folder.resolve("vitals.csv"),
                (VITALS_HEADER + ",note\nV-1,100234,2026-11-20T09:15:00-08:00,80,naus\u00e9e\n")
                        .getBytes(StandardCharsets.ISO_8859_1));

        try (Reader in = Utf8Input.open(latin1)) {
            assertThatThrownBy(() -> read(in, Optional.of(CsvLayout.VITALS)))
                    .isInstanceOf(MalformedInputException.class)
                    .hasMessage("the file is not valid UTF-8; save it as UTF-8");
        }
    }

    private void read(String csv) {
        read(csv, Optional.of(CsvLayout.VITALS));
    }

    private void read(CsvLayout layout, String csv) {
        read(csv, Optional.of(layout));
    }

    private Optional<CsvLayout> read(String csv, Optional<CsvLayout> folderLayout) {
        return read(new StringReader(csv), folderLayout);
    }

    private Optional<CsvLayout> read(Reader csv, Optional<CsvLayout> folderLayout) {
        return new CsvRecordReader().read(csv, folderLayout, new CsvRecordReader.Rows() {
            @Override
            public void row(JsonRecordReader.Located record, int line) {
                records.add(record);
                lines.add(line);
            }

            @Override
            public void problem(CsvRecordReader.FileProblem problem) {
                problems.add(problem);
            }
        });
    }

    private List<String> sourceIds() {
        return records.stream()
                .map(record -> record.node().get("sourceId").asText())
                .toList();
    }
}
