package org.ketaminefhir.adapter.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.adapter.delivery.PreparedBundle;
import org.ketaminefhir.adapter.instrument.InstrumentCatalog;
import org.ketaminefhir.adapter.journal.IncomingRecord;
import org.ketaminefhir.adapter.journal.JournalEntry;
import org.ketaminefhir.adapter.journal.RecordState;

/**
 * Records, journal entries and prepared bundles are the routes' messages: printed (a log step, an error
 * handler, an exception message), they name the record and nothing of the patient.
 */
class RecordPrintingTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void whatTheRoutesCarryPrintsNoPatientData() throws Exception {
        ObjectNode input = (ObjectNode)
                json.readTree(Path.of("examples", "session-ketamine-iv.json").toFile());
        String body = input.toString();
        ClinicRecord record = new RecordChecker(json, InstrumentCatalog.load(), Optional.empty())
                .check(input, "", null)
                .record();
        JournalEntry entry = new JournalEntry(
                1,
                "session",
                record.sourceId(),
                1,
                "r-1",
                body,
                RecordState.PENDING,
                0,
                null,
                null,
                Instant.EPOCH,
                Instant.EPOCH,
                Instant.EPOCH,
                null,
                body,
                null,
                null,
                null);

        List<String> printed = List.of(
                record.toString(),
                record.patient().toString(),
                entry.toString(),
                new PreparedBundle(entry, record, new Bundle()).toString(),
                new IncomingRecord("", record, input, null).toString());

        assertThat(printed)
                .allSatisfy(text -> assertThat(text)
                        .doesNotContain("100234")
                        .doesNotContain("Avery")
                        .doesNotContain("Lane")
                        .doesNotContain("1984-03-09"));
        assertThat(entry.toString()).contains("session").contains(record.sourceId());
    }
}
