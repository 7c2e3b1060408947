package org.ketaminefhir.adapter.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.adapter.ehr.EhrCapabilities;
import org.ketaminefhir.adapter.ehr.LostAnswerLookup;

/** The searches that find what a lost answer created, as the vendors' statements allow them. */
class LostAnswerSearchTest {

    private static final String NAMESPACE = "urn:ketamine-fhir-adapter:clinic:x";

    @Test
    void aReadingIsFoundByPatientCodeAndTimeWhereTheEhrKeepsNoIdentifierSearch() throws IOException {
        Observation reading = reading();

        assertThat(LostAnswerSearch.url(reading, null, statement("oracle-health-millennium-r4-secure.json")))
                .contains(
                        "Observation?patient=Patient%2F42&code=http://loinc.org|8867-4&date=2026-11-20T09%3A15%3A00-08%3A00");
        assertThat(LostAnswerSearch.url(reading, LostAnswerLookup.CONTENT, null))
                .get()
                .asString()
                .startsWith("Observation?patient=");
    }

    @Test
    void byIdentifierWhereThePlanSaysSoOrTheStatementDeclaresIt() throws IOException {
        Observation reading = reading();

        assertThat(LostAnswerSearch.url(reading, LostAnswerLookup.IDENTIFIER, null))
                .contains("Observation?identifier=" + NAMESPACE + "|session/S-1/vitals/1");
        assertThat(LostAnswerSearch.url(reading, null, statement("epic-r4.json")))
                .contains("Observation?identifier=" + NAMESPACE + "|session/S-1/vitals/1");
    }

    @Test
    void aNoteIsFoundByTheTimeItIsAboutNotTheTimeItWasWritten() {
        DocumentReference note = new DocumentReference();
        note.setSubject(new Reference("Patient/42"));
        note.getType().addCoding().setSystem("http://loinc.org").setCode("28570-0");
        note.setDate(new java.util.Date());
        note.getContext().getPeriod().setStartElement(new DateTimeType("2026-11-20T08:58:00-08:00"));

        assertThat(LostAnswerSearch.url(note, LostAnswerLookup.CONTENT, null))
                .contains(
                        "DocumentReference?patient=Patient%2F42"
                                + "&type=http://loinc.org|28570-0&period=ge2026-11-20T08%3A58%3A00-08%3A00&period=le2026-11-20T08%3A58%3A00-08%3A00");
    }

    @Test
    void questionnaireAnswersByPatientAndAuthoredAndProvenanceByTarget() {
        QuestionnaireResponse answers = new QuestionnaireResponse();
        answers.setSubject(new Reference("Patient/42"));
        answers.setQuestionnaire("http://loinc.org/q/44249-1");
        answers.setAuthoredElement(new DateTimeType("2026-11-20T08:40:00-08:00"));
        Provenance provenance = new Provenance();
        provenance.addTarget(new Reference("Encounter/7"));

        assertThat(LostAnswerSearch.url(answers, LostAnswerLookup.CONTENT, null))
                .contains(
                        "QuestionnaireResponse?patient=Patient%2F42&questionnaire=http%3A%2F%2Floinc.org%2Fq%2F44249-1"
                                + "&authored=2026-11-20T08%3A40%3A00-08%3A00");
        assertThat(LostAnswerSearch.url(provenance, LostAnswerLookup.CONTENT, null))
                .contains("Provenance?target=Encounter%2F7");
    }

    @Test
    void nothingToSearchByIsNoSearchAtAll() {
        Observation patientOnly = new Observation();
        patientOnly.setSubject(new Reference("Patient/42"));

        assertThat(LostAnswerSearch.url(patientOnly, LostAnswerLookup.CONTENT, null))
                .isEmpty();
    }

    private static Observation reading() {
        Observation reading = new Observation();
        reading.addIdentifier().setSystem(NAMESPACE).setValue("session/S-1/vitals/1");
        reading.setSubject(new Reference("Patient/42"));
        reading.getCode().addCoding().setSystem("http://loinc.org").setCode("8867-4");
        reading.setEffective(new DateTimeType("2026-11-20T09:15:00-08:00"));
        return reading;
    }

    private static EhrCapabilities statement(String file) throws IOException {
        try (InputStream in = LostAnswerSearchTest.class.getResourceAsStream("/ehr-capabilities/" + file)) {
            return EhrCapabilities.parse(
                    FhirContext.forR4Cached(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
