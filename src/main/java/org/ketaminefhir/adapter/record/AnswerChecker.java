package org.ketaminefhir.adapter.record;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ketaminefhir.adapter.instrument.InstrumentCatalog;
import org.ketaminefhir.adapter.instrument.InstrumentDefinition;
import org.ketaminefhir.adapter.instrument.Score;

/**
 * Checks a questionnaire's answers against its instrument definition (count, type, range, the
 * optional difficulty item) and a submitted total against the computed one (docs/interface.md, Records).
 */
final class AnswerChecker {

    private final InstrumentCatalog catalog;
    private final InstrumentDefinition definition;

    AnswerChecker(InstrumentCatalog catalog, InstrumentDefinition definition) {
        this.catalog = catalog;
        this.definition = definition;
    }

    void check(FieldCursor questionnaire) {
        Optional<List<Integer>> answers = answers(questionnaire);
        checkDifficulty(questionnaire);
        if (!definition.hasTotal()) {
            if (questionnaire.has("total")) {
                questionnaire.error(
                        "total", definition.code() + " has no total; its risk level is derived from the answers");
            }
            if (!questionnaire.has("answers")) {
                questionnaire.error(
                        "answers",
                        "is required for " + definition.code() + "; expected "
                                + definition.answers().count() + " answers true or false");
            }
            return;
        }
        Optional<Integer> total = questionnaire.integer(
                "total", false, definition.total().min(), definition.total().max());
        if (!questionnaire.has("answers") && !questionnaire.has("total")) {
            questionnaire.error("total", "give the answers, the total, or both");
        }
        if (answers.isPresent() && total.isPresent()) {
            Score computed = catalog.score(definition, answers.get());
            if (!computed.total().equals(total.get())) {
                questionnaire.error(
                        "total",
                        "submitted total " + total.get() + " does not match the total " + computed.total()
                                + " computed from the answers");
            }
        }
    }

    private Optional<List<Integer>> answers(FieldCursor questionnaire) {
        Optional<List<JsonNode>> given = questionnaire.array("answers", false);
        if (given.isEmpty()) {
            return Optional.empty();
        }
        InstrumentDefinition.Answers rule = definition.answers();
        if (given.get().size() != rule.count()) {
            questionnaire.error(
                    "answers",
                    "has " + given.get().size() + " answers; " + definition.code() + " has " + rule.count() + " items");
            return Optional.empty();
        }
        List<Integer> values = new ArrayList<>();
        boolean valid = true;
        for (int i = 0; i < given.get().size(); i++) {
            JsonNode answer = given.get().get(i);
            String where = questionnaire.pointer("answers") + "/" + i;
            if (definition.booleanAnswers()) {
                if (answer.isBoolean()) {
                    values.add(answer.booleanValue() ? 1 : 0);
                } else {
                    questionnaire.errorAt(
                            where, "item " + (i + 1) + " must be true or false, got " + FieldCursor.describe(answer));
                    valid = false;
                }
            } else if (answer.isIntegralNumber()
                    && answer.intValue() >= rule.min()
                    && answer.intValue() <= rule.max()) {
                values.add(answer.intValue());
            } else {
                questionnaire.errorAt(
                        where,
                        "item " + (i + 1) + " must be an integer from " + rule.min() + " to " + rule.max() + ", got "
                                + FieldCursor.describe(answer));
                valid = false;
            }
        }
        return valid ? Optional.of(values) : Optional.empty();
    }

    private void checkDifficulty(FieldCursor questionnaire) {
        if (!questionnaire.has("difficulty")) {
            return;
        }
        if (definition.difficulty() == null) {
            questionnaire.error("difficulty", definition.code() + " has no difficulty item; only PHQ-9 does");
            return;
        }
        questionnaire.oneOf(
                "difficulty", false, definition.difficulty().options().keySet());
    }
}
