package org.ketaminefhir.adapter.mapping.note;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.ketaminefhir.adapter.instrument.InstrumentCatalog;
import org.ketaminefhir.adapter.instrument.InstrumentDefinition;
import org.ketaminefhir.adapter.instrument.Score;
import org.ketaminefhir.adapter.mapping.FhirTime;
import org.ketaminefhir.adapter.mapping.MappedResource;
import org.ketaminefhir.adapter.mapping.MappingScope;
import org.ketaminefhir.adapter.mapping.Profiles;
import org.ketaminefhir.adapter.record.QuestionnaireRecord;
import org.ketaminefhir.adapter.record.SessionRecord;

/**
 * The clinical note of every session and questionnaire record (issue 18): the record's data handed to a
 * template ({@link NoteTemplates}), the text a clinician reads in the chart, sent as a DocumentReference
 * ({@link NoteDocument}). The note's text is never logged: it is the record itself.
 */
public final class ClinicalNotes {

    private final NoteTemplates templates;
    private final NoteSettings settings;
    private final InstrumentCatalog instruments;

    public ClinicalNotes(NoteSettings settings, InstrumentCatalog instruments) {
        this.templates = new NoteTemplates(settings.templateDir());
        this.settings = settings;
        this.instruments = instruments;
    }

    /** A procedure note for the session, on its Encounter, covering the Encounter's period. */
    public void session(SessionRecord session, MappingScope scope, Reference encounter) {
        Map<String, Object> model = new HashMap<>();
        model.put("session", session);
        model.put(
                "scores",
                session.assessments().stream()
                        .map(this::score)
                        .sorted(Comparator.comparing(InSessionScore::time))
                        .toList());
        find(scope, QuestionnaireResponse.class, Profiles.REMS_FORM_RESPONSE)
                .ifPresent(form -> model.put("rems", RemsFormSummary.of(form)));
        Period period = find(scope, Encounter.class, Profiles.ENCOUNTER)
                .map(Encounter::getPeriod)
                .orElseThrow(() -> new IllegalStateException("a session note needs its Encounter in the same scope"));
        String drug = "esketamine".equals(session.medication().drug()) ? "Esketamine" : "Ketamine";
        List<Reference> clinicians = session.clinicians().stream()
                .map(c -> scope.ids().practitioner(c.npi(), c.name()))
                .toList();
        new NoteDocument(
                        NoteDocument.PROCEDURE_NOTE,
                        drug + " treatment session",
                        templates.render("session.ftl", model),
                        withEnd(period),
                        Optional.of(encounter),
                        clinicians)
                .addTo(scope, settings.docStatus());
    }

    /** A progress note for the questionnaire, authored by the patient, on the session's Encounter if known. */
    public void questionnaire(
            QuestionnaireRecord questionnaire,
            InstrumentDefinition instrument,
            Score score,
            Optional<Reference> encounter,
            MappingScope scope) {
        Map<String, Object> model = new HashMap<>();
        model.put("questionnaire", questionnaire);
        model.put("instrument", instrument);
        model.put("score", score);
        model.put("answers", answers(questionnaire.answers()));
        Period period = new Period()
                .setStartElement(FhirTime.dateTime(questionnaire.authored()))
                .setEndElement(FhirTime.dateTime(questionnaire.authored()));
        new NoteDocument(
                        NoteDocument.PROGRESS_NOTE,
                        instrument.code() + " questionnaire",
                        templates.render("questionnaire.ftl", model),
                        period,
                        encounter,
                        List.of(scope.patient()))
                .addTo(scope, settings.docStatus());
    }

    /** One in-session score with what the instrument says of it (title, maximum, band). */
    public record InSessionScore(
            String instrument, String title, OffsetDateTime time, Integer value, Integer max, String band) {}

    /** One answer of a questionnaire: its item number and the value given (a number, or yes/no). */
    public record QuestionnaireAnswer(int number, Object value) {}

    private InSessionScore score(SessionRecord.Assessment assessment) {
        Optional<InstrumentDefinition> instrument = instruments.find(assessment.instrument());
        return new InSessionScore(
                assessment.instrument(),
                instrument.map(InstrumentDefinition::title).orElse(null),
                assessment.time(),
                assessment.value(),
                instrument
                        .filter(InstrumentDefinition::hasTotal)
                        .map(i -> i.total().max())
                        .orElse(null),
                instrument.flatMap(i -> i.bandFor(assessment.value())).orElse(null));
    }

    private static List<QuestionnaireAnswer> answers(List<JsonNode> answers) {
        List<QuestionnaireAnswer> numbered = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            JsonNode answer = answers.get(i);
            numbered.add(
                    new QuestionnaireAnswer(i + 1, answer.isBoolean() ? answer.booleanValue() : answer.numberValue()));
        }
        return numbered;
    }

    /** Oracle Health requires context.period.end: a session that never ended (not done) ends where it began. */
    private static Period withEnd(Period period) {
        Period copy = period.copy();
        if (!copy.hasEnd() && copy.hasStart()) {
            copy.setEndElement(copy.getStartElement().copy());
        }
        return copy;
    }

    private static <T> Optional<T> find(MappingScope scope, Class<T> type, String profile) {
        return scope.resources().stream()
                .map(MappedResource::resource)
                .filter(r -> type.isInstance(r) && r.getMeta().hasProfile(profile))
                .map(type::cast)
                .findFirst();
    }
}
