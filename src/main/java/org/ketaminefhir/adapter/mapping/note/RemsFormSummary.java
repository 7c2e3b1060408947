package org.ketaminefhir.adapter.mapping.note;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent;
import org.hl7.fhir.r4.model.Type;

/**
 * The SPRAVATO REMS Patient Monitoring Form as the session note shows it: read from the form the mapping
 * filled (so the note and the form never disagree), each answer under the form's own question text, and
 * what the form still lacks or breaks as its completeness check found it. The patient group is left out:
 * the note sits in the patient's chart, which already names them. Public, as are its nested records,
 * because FreeMarker reads only public classes' accessors.
 *
 * @param complete whether the form has nothing left to name (it is then {@code completed})
 * @param groups   the form's groups, with their answered questions
 * @param findings every missing required answer and every REMS rule broken
 */
public record RemsFormSummary(boolean complete, List<Group> groups, List<String> findings) {

    private static final String QUESTIONNAIRE = "/fhir-profiles/Questionnaire-spravato-rems-pmf.json";
    private static final String COMPLETENESS = "completeness";
    private static final String PATIENT = "patient";
    private static final Map<String, String> QUESTIONS = questionTexts();

    public record Group(String title, List<Answer> answers) {}

    /** {@code value}: a text, a number or a yes/no (the template formats each). */
    public record Answer(String question, Object value) {}

    static RemsFormSummary of(QuestionnaireResponse form) {
        List<Group> groups = form.getItem().stream()
                .filter(item -> !item.getLinkId().equals(COMPLETENESS)
                        && !item.getLinkId().equals(PATIENT))
                .map(group -> new Group(
                        QUESTIONS.get(group.getLinkId()),
                        group.getItem().stream()
                                .map(item -> new Answer(QUESTIONS.get(item.getLinkId()), value(item)))
                                .toList()))
                .toList();
        List<String> findings = form.getItem().stream()
                .filter(item -> item.getLinkId().equals(COMPLETENESS))
                .flatMap(item -> item.getAnswer().stream())
                .map(answer -> answer.getValue().primitiveValue())
                .toList();
        return new RemsFormSummary(
                form.getStatus() == QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED, groups, findings);
    }

    private static Object value(QuestionnaireResponseItemComponent item) {
        Type value = item.getAnswerFirstRep().getValue();
        return value instanceof PrimitiveType<?> primitive && !(primitive.getValue() instanceof java.util.Date)
                ? primitive.getValue()
                : value.primitiveValue();
    }

    /** linkId to question text, from the form's Questionnaire in fhir-profiles/ (on the class path). */
    private static Map<String, String> questionTexts() {
        try (InputStream in = RemsFormSummary.class.getResourceAsStream(QUESTIONNAIRE)) {
            Map<String, String> texts = new HashMap<>();
            collect(
                    new ObjectMapper()
                            .readTree(Optional.ofNullable(in)
                                    .orElseThrow(() ->
                                            new IllegalStateException(QUESTIONNAIRE + " is not on the class path"))),
                    texts);
            return Map.copyOf(texts);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + QUESTIONNAIRE, e);
        }
    }

    private static void collect(JsonNode node, Map<String, String> texts) {
        for (JsonNode item : node.path("item")) {
            texts.put(item.path("linkId").asText(), item.path("text").asText());
            collect(item, texts);
        }
    }
}
