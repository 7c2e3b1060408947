package org.ketaminefhir.adapter.mapping.note;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.DocumentReference.ReferredDocumentStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ketaminefhir.adapter.config.InvalidConfigurationException;
import org.ketaminefhir.adapter.instrument.InstrumentCatalog;
import org.ketaminefhir.adapter.mapping.MappedResource;
import org.ketaminefhir.adapter.mapping.MappingContext;
import org.ketaminefhir.adapter.mapping.RecordMapping;
import org.ketaminefhir.adapter.mapping.RemsSetting;
import org.ketaminefhir.adapter.mapping.ResourceIdentities;
import org.ketaminefhir.adapter.mapping.SessionDirectory;
import org.ketaminefhir.adapter.record.ClinicRecord;
import org.ketaminefhir.adapter.record.RecordChecker;
import org.ketaminefhir.adapter.testsupport.Examples;

/** What IT staff change (the template folder) and the setting a plan will change (docStatus). */
class ClinicalNotesTest {

    private static final InstrumentCatalog INSTRUMENTS = InstrumentCatalog.load();
    private final RecordChecker checker = new RecordChecker(new ObjectMapper(), INSTRUMENTS, Optional.empty());

    @TempDir
    Path templates;

    @Test
    void aTemplateInTheConfiguredFolderReplacesTheShippedOneAndTheOtherStaysShipped() throws IOException {
        Files.writeString(
                templates.resolve("session.ftl"),
                "Dose ${session.medication.doseMg} mg, lot ${session.medication.lotNumber}\n");

        NoteSettings settings = new NoteSettings(templates, ReferredDocumentStatus.FINAL);

        assertThat(noteText(settings, "session-ketamine-iv.json")).isEqualTo("Dose 35 mg, lot K2411A\n");
        assertThat(noteText(settings, "questionnaire-phq9.json"))
                .startsWith("Patient Health Questionnaire-9 (PHQ-9)\n");
    }

    @Test
    void docStatusIsTheConfiguredOne() {
        DocumentReference note =
                note(new NoteSettings(null, ReferredDocumentStatus.PRELIMINARY), "session-ketamine-iv.json");

        assertThat(note.getDocStatus()).isEqualTo(ReferredDocumentStatus.PRELIMINARY);
    }

    @Test
    void aTemplateThatDoesNotParseStopsStartUpNamingTheFile() throws IOException {
        Files.writeString(templates.resolve("questionnaire.ftl"), "<#if questionnaire.total>unclosed\n");

        assertThatThrownBy(
                        () -> new ClinicalNotes(new NoteSettings(templates, ReferredDocumentStatus.FINAL), INSTRUMENTS))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("questionnaire.ftl");
    }

    @Test
    void aTemplateThatFailsOnARecordNamesTheTemplateAndLineButNoValueOfTheRecord() throws IOException {
        // a number used as a boolean: FreeMarker's own message would quote the value
        Files.writeString(
                templates.resolve("session.ftl"), "line one\n<#if session.medication.lotNumber?number > 0>x</#if>\n");

        assertThatThrownBy(() ->
                        noteText(new NoteSettings(templates, ReferredDocumentStatus.FINAL), "session-ketamine-iv.json"))
                .hasMessageContaining("session.ftl")
                .hasMessageContaining("line 2")
                .hasMessageNotContaining("K2411A");
    }

    private String noteText(NoteSettings settings, String example) {
        return new String(
                note(settings, example).getContentFirstRep().getAttachment().getData(), StandardCharsets.UTF_8);
    }

    private DocumentReference note(NoteSettings settings, String example) {
        RecordMapping mapping = RecordMapping.standard(
                new ResourceIdentities("urn:test", "urn:mrn"),
                INSTRUMENTS,
                "Test clinic",
                RemsSetting.unconfigured(),
                settings);
        ClinicRecord record = checker.check(Examples.json(example), "", null).record();
        return mapping.resources(record, new MappingContext(Instant.EPOCH, SessionDirectory.NONE)).stream()
                .map(MappedResource::resource)
                .filter(DocumentReference.class::isInstance)
                .map(DocumentReference.class::cast)
                .findFirst()
                .orElseThrow();
    }
}
