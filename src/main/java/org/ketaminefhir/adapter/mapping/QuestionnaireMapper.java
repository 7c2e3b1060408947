package org.ketaminefhir.adapter.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Type;
import org.ketaminefhir.adapter.instrument.InstrumentCatalog;
import org.ketaminefhir.adapter.instrument.InstrumentDefinition;
import org.ketaminefhir.adapter.instrument.Score;
import org.ketaminefhir.adapter.mapping.note.ClinicalNotes;
import org.ketaminefhir.adapter.record.QuestionnaireRecord;
import org.ketaminefhir.adapter.record.RecordKind;

/**
 * A filled-in rating scale (docs/interface.md, Records) to a QuestionnaireResponse and its score Observation,
 * linked by derivedFrom (docs/fhir.md, What the EHR receives).
 */
final class QuestionnaireMapper implements RecordMapper<QuestionnaireRecord> {

    static final String RESPONSE = "questionnaire-response";
    static final String SCORE = "score";
    static final String PANEL = "panel";

    private final InstrumentCatalog instruments;
    private final ScoreObservations scores = new ScoreObservations();
    private final ClinicalNotes notes;

    public QuestionnaireMapper(InstrumentCatalog instruments, ClinicalNotes notes) {
        this.instruments = instruments;
        this.notes = notes;
    }

    @Override
    public RecordKind kind() {
        return RecordKind.QUESTIONNAIRE;
    }

    /**
     * The US Core screening-assessment pattern (docs/fhir.md, Codes and their sources): the QuestionnaireResponse; where LOINC
     * has item codes, one Observation per item; the score; and where LOINC has a panel code, a panel
     * Observation without a value whose hasMember lists the others. Every Observation is derivedFrom
     * the response.
     */
    @Override
    public void map(QuestionnaireRecord questionnaire, MappingScope scope) {
        InstrumentDefinition instrument =
                instruments.find(questionnaire.instrument()).orElseThrow();
        Optional<Reference> encounter = scope.context().encounterOf(questionnaire.sessionSourceId(), scope.ids());
        List<Integer> answers = numeric(questionnaire.answers());
        List<String> members = new ArrayList<>();
        if (!answers.isEmpty()) {
            scope.add(RESPONSE, response(questionnaire, instrument, encounter, scope));
            for (int i = 0; i < Math.min(answers.size(), instrument.itemCodes().size()); i++) {
                Observation item = scores.survey(
                        new InstrumentDefinition.CodeRef(
                                CodeSystems.LOINC, instrument.itemCodes().get(i), null),
                        questionnaire.authored(),
                        scope);
                item.setValue(answerValue(instrument, questionnaire.answers().get(i)));
                members.add(add(scope, "item/" + (i + 1), item, encounter));
            }
        }
        Score score = answers.isEmpty()
                ? new Score(
                        questionnaire.total(),
                        instrument.bandFor(questionnaire.total()).orElse(null))
                : instruments.score(instrument, answers);
        members.add(add(scope, SCORE, scores.score(instrument, score, questionnaire.authored(), scope), encounter));
        if (instrument.panel() != null && !answers.isEmpty()) {
            Observation panel = scores.survey(instrument.panel(), questionnaire.authored(), scope);
            members.forEach(member -> panel.addHasMember(scope.reference(member)));
            add(scope, PANEL, panel, encounter);
        }
        notes.questionnaire(questionnaire, instrument, score, encounter, scope);
    }

    private static String add(MappingScope scope, String part, Observation observation, Optional<Reference> encounter) {
        encounter.ifPresent(observation::setEncounter);
        if (scope.has(RESPONSE)) {
            observation.addDerivedFrom(scope.reference(RESPONSE));
        }
        scope.add(part, observation);
        return part;
    }

    /** An answer as a LOINC answer code where the instrument has them, else as the number or yes/no. */
    private static Type answerValue(InstrumentDefinition instrument, JsonNode answer) {
        if (answer.isBoolean()) {
            return new BooleanType(answer.booleanValue());
        }
        if (instrument.answers().codes() != null) {
            return new CodeableConcept(new Coding(
                    CodeSystems.LOINC,
                    instrument
                            .answers()
                            .codes()
                            .get(answer.intValue() - instrument.answers().min()),
                    null));
        }
        return new IntegerType(answer.intValue());
    }

    private QuestionnaireResponse response(
            QuestionnaireRecord questionnaire,
            InstrumentDefinition instrument,
            Optional<Reference> encounter,
            MappingScope scope) {
        QuestionnaireResponse response = new QuestionnaireResponse();
        response.getMeta().addProfile(Profiles.QUESTIONNAIRE_RESPONSE);
        response.setQuestionnaire(CodeSystems.CANONICAL_BASE + "/Questionnaire/" + instrument.id());
        response.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED);
        response.setSubject(scope.patient());
        encounter.ifPresent(response::setEncounter);
        response.setAuthoredElement(FhirTime.dateTime(questionnaire.authored()));
        for (int i = 0; i < questionnaire.answers().size(); i++) {
            JsonNode answer = questionnaire.answers().get(i);
            QuestionnaireResponse.QuestionnaireResponseItemComponent item =
                    response.addItem().setLinkId(linkId(instrument, i));
            Type value = answerValue(instrument, answer);
            // a response answers with a Coding (LOINC LL358-3 for PHQ-9 and GAD-7, as in the US Core PHQ-9
            // example), an Observation with a CodeableConcept
            item.addAnswer().setValue(value instanceof CodeableConcept concept ? concept.getCodingFirstRep() : value);
        }
        if (questionnaire.difficulty() != null && instrument.difficulty() != null) {
            response.addItem()
                    .setLinkId("/" + instrument.difficulty().code())
                    .addAnswer()
                    .setValue(new Coding(
                            CodeSystems.LOINC,
                            instrument.difficulty().options().get(questionnaire.difficulty()),
                            null));
        }
        return response;
    }

    /** The US Core example's linkIds are "/" + the item's LOINC code; items without one are numbered. */
    private static String linkId(InstrumentDefinition instrument, int index) {
        return index < instrument.itemCodes().size()
                ? "/" + instrument.itemCodes().get(index)
                : "item-" + (index + 1);
    }

    private static List<Integer> numeric(List<JsonNode> answers) {
        List<Integer> values = new ArrayList<>();
        for (JsonNode answer : answers) {
            values.add(answer.isBoolean() ? (answer.booleanValue() ? 1 : 0) : answer.intValue());
        }
        return values;
    }
}
