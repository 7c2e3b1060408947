package org.ketaminefhir.adapter.profile;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Questionnaire;

/**
 * Serves the adapter's Questionnaires to the validator by canonical URL, so every QuestionnaireResponse
 * is checked against its form (items, types, answer options). HAPI's prepopulated support keeps only
 * profiles, code systems and value sets; the validator asks for Questionnaires through fetchResource.
 */
final class QuestionnaireSupport implements IValidationSupport {

    private final FhirContext fhir;
    private final Map<String, Questionnaire> byUrl = new HashMap<>();

    QuestionnaireSupport(FhirContext fhir) {
        this.fhir = fhir;
    }

    void add(Questionnaire questionnaire) {
        byUrl.put(questionnaire.getUrl(), questionnaire);
        byUrl.put(questionnaire.getUrl() + "|" + questionnaire.getVersion(), questionnaire);
    }

    /** Each Questionnaire once (the map holds it by URL and by URL|version). */
    List<Questionnaire> all() {
        return List.copyOf(new LinkedHashSet<>(byUrl.values()));
    }

    @Override
    public FhirContext getFhirContext() {
        return fhir;
    }

    @Override
    public <T extends IBaseResource> T fetchResource(Class<T> type, String uri) {
        if (type != null && !type.isAssignableFrom(Questionnaire.class)) {
            return null;
        }
        Questionnaire questionnaire = byUrl.get(uri);
        return questionnaire == null ? null : type == null ? null : type.cast(questionnaire);
    }

    @Override
    public String getName() {
        return "ketamine-fhir-adapter questionnaires";
    }
}
