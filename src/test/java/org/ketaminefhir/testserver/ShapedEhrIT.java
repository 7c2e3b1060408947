package org.ketaminefhir.testserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The test EHRs shaped like the real ones: each answers /metadata with its vendor's statement and refuses
 * what that statement does not declare, and what the vendor's documented rules forbid, as that EHR would;
 * the full server takes everything. Plain HAPI client calls, as any FHIR client makes them.
 */
class ShapedEhrIT {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final String MRN_SYSTEM = "urn:oid:2.16.840.1.113883.3.999.5";
    private static final Coding HEART_RATE = new Coding("http://loinc.org", "8867-4", "Heart rate");

    @ParameterizedTest
    @EnumSource(value = EhrShape.class, names = "FULL", mode = EnumSource.Mode.EXCLUDE)
    void metadata_is_the_statement_the_vendor_publishes(EhrShape shape) throws Exception {
        InProcessFhirServer ehr = ehr(shape);

        HttpResponse<String> metadata = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(ehr.baseUrl() + "/metadata"))
                                .header("Accept", "application/fhir+json")
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(metadata.statusCode()).isEqualTo(200);
        CapabilityStatement served = FHIR.newJsonParser().parseResource(CapabilityStatement.class, metadata.body());
        assertThat(served.equalsDeep(published(shape)))
                .as("served equals published")
                .isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = EhrShape.class, names = "FULL", mode = EnumSource.Mode.EXCLUDE)
    void a_transaction_is_refused_405_with_an_operation_outcome_and_logged(EhrShape shape) {
        InProcessFhirServer ehr = ehr(shape);
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        transaction
                .addEntry()
                .setResource(new Patient())
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Patient");

        BaseServerResponseException refused =
                refusal(() -> ehr.client().transaction().withBundle(transaction).execute());

        assertThat(refused.getStatusCode()).isEqualTo(405);
        assertThat(diagnostics(refused)).contains("system 'transaction'");
        assertThat(ehr.attempts().refused()).singleElement().satisfies(attempt -> {
            assertThat(attempt.method()).isEqualTo("POST");
            assertThat(attempt.url()).isEqualTo(ehr.baseUrl());
            assertThat(attempt.status()).isEqualTo(405);
        });
    }

    @ParameterizedTest
    @EnumSource(value = EhrShape.class, names = "FULL", mode = EnumSource.Mode.EXCLUDE)
    void what_a_test_seeds_passes_the_shape_and_is_there(EhrShape shape) {
        InProcessFhirServer ehr = ehr(shape);

        IIdType patient = ehr.ensurePatient(MRN_SYSTEM, "SEED-" + shape);
        IIdType again = ehr.ensurePatient(MRN_SYSTEM, "SEED-" + shape);
        IIdType visit = ehr.seedEncounter(patient, Encounter.EncounterStatus.INPROGRESS, new Date());

        assertThat(again).isEqualTo(patient);
        assertThat(ehr.client()
                        .read()
                        .resource(Encounter.class)
                        .withId(visit)
                        .execute()
                        .getSubject()
                        .getReference())
                .isEqualTo(patient.getValue());
        Bundle found = ehr.client()
                .search()
                .forResource(Patient.class)
                .where(Patient.IDENTIFIER.exactly().systemAndIdentifier(MRN_SYSTEM, "SEED-" + shape))
                .returnBundle(Bundle.class)
                .execute();
        assertThat(found.getEntry()).hasSize(1);
        assertThat(ehr.attempts().refused()).isEmpty();
    }

    // ------------------------------------------------------------------ Epic

    @Test
    void epic_refuses_a_batch_and_an_encounter_create_405() {
        InProcessFhirServer epic = ehr(EhrShape.EPIC);
        IIdType patient = epic.ensurePatient(MRN_SYSTEM, "EPIC-1");
        Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
        batch.addEntry()
                .setResource(encounter(patient))
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Encounter");

        assertThat(refusal(() -> epic.client().transaction().withBundle(batch).execute())
                        .getStatusCode())
                .isEqualTo(405);
        BaseServerResponseException encounterCreate = refusal(
                () -> epic.client().create().resource(encounter(patient)).execute());

        assertThat(encounterCreate.getStatusCode()).isEqualTo(405);
        assertThat(diagnostics(encounterCreate)).contains("'create' interaction on Encounter");
        assertThat(epic.attempts().refused())
                .extracting(AttemptLog.Attempt::status)
                .containsExactly(405, 405);
    }

    @Test
    void epic_files_a_final_reading_on_an_open_visit_it_holds_and_nothing_else() {
        InProcessFhirServer epic = ehr(EhrShape.EPIC);
        IIdType patient = epic.ensurePatient(MRN_SYSTEM, "EPIC-2");
        IIdType open = epic.seedEncounter(patient, Encounter.EncounterStatus.INPROGRESS, new Date());
        IIdType closed = epic.seedEncounter(patient, Encounter.EncounterStatus.FINISHED, new Date());

        assertThat(epic.client()
                        .create()
                        .resource(reading(patient, open, "2026-03-02T10:00:00Z"))
                        .execute()
                        .getCreated())
                .isTrue();

        Observation noVisit = reading(patient, null, "2026-03-02T10:05:00Z");
        Observation preliminary =
                reading(patient, open, "2026-03-02T10:06:00Z").setStatus(Observation.ObservationStatus.PRELIMINARY);
        assertThat(refusal(() -> epic.client().create().resource(noVisit).execute())
                        .getStatusCode())
                .isEqualTo(422);
        assertThat(refusal(() -> epic.client().create().resource(preliminary).execute())
                        .getStatusCode())
                .isEqualTo(422);
        BaseServerResponseException onClosed = refusal(() -> epic.client()
                .create()
                .resource(reading(patient, closed, "2026-03-02T10:07:00Z"))
                .execute());
        assertThat(onClosed.getStatusCode()).isEqualTo(422);
        assertThat(diagnostics(onClosed)).contains(closed.getValue() + " is finished");
        BaseServerResponseException repeated = refusal(() -> epic.client()
                .create()
                .resource(reading(patient, open, "2026-03-02T10:00:00Z"))
                .execute());
        assertThat(repeated.getStatusCode()).isEqualTo(400);
        assertThat(diagnostics(repeated)).contains("Reading already exists");

        String observations = epic.baseUrl() + "/Observation";
        assertThat(epic.attempts().refused())
                .extracting(AttemptLog.Attempt::method, AttemptLog.Attempt::url, AttemptLog.Attempt::status)
                .containsExactly(
                        tuple("POST", observations, 422),
                        tuple("POST", observations, 422),
                        tuple("POST", observations, 422),
                        tuple("POST", observations, 400));
    }

    @Test
    void epic_takes_a_plain_text_note_on_its_visit_and_no_answers_to_a_clinics_own_form() {
        InProcessFhirServer epic = ehr(EhrShape.EPIC);
        IIdType patient = epic.ensurePatient(MRN_SYSTEM, "EPIC-3");
        IIdType visit = epic.seedEncounter(patient, Encounter.EncounterStatus.FINISHED, new Date());

        assertThat(epic.client()
                        .create()
                        .resource(note(patient, visit, "text/plain; charset=utf-8"))
                        .execute()
                        .getCreated())
                .isTrue();
        DocumentReference twoAttachments = note(patient, visit, "text/plain");
        twoAttachments
                .addContent()
                .getAttachment()
                .setContentType("application/pdf")
                .setData(new byte[] {1});
        assertThat(refusal(() -> epic.client().create().resource(twoAttachments).execute())
                        .getStatusCode())
                .isEqualTo(422);
        assertThat(refusal(() -> epic.client()
                                .create()
                                .resource(note(patient, null, "text/plain"))
                                .execute())
                        .getStatusCode())
                .isEqualTo(422);
        BaseServerResponseException answers =
                refusal(() -> epic.client().create().resource(answers(patient)).execute());
        assertThat(answers.getStatusCode()).isEqualTo(422);
        assertThat(answers.getOperationOutcome())
                .isInstanceOfSatisfying(
                        OperationOutcome.class,
                        outcome -> assertThat(outcome.getIssueFirstRep().getCode())
                                .isEqualTo(OperationOutcome.IssueType.BUSINESSRULE));
    }

    @Test
    void epic_refuses_conditional_create_and_references_by_search_400() {
        InProcessFhirServer epic = ehr(EhrShape.EPIC);
        IIdType patient = epic.ensurePatient(MRN_SYSTEM, "EPIC-4");
        IIdType visit = epic.seedEncounter(patient, Encounter.EncounterStatus.INPROGRESS, new Date());
        Patient another = new Patient();
        another.addIdentifier().setSystem(MRN_SYSTEM).setValue("EPIC-5");
        Observation bySearch = reading(patient, visit, "2026-03-02T11:00:00Z");
        bySearch.setSubject(new Reference("Patient?identifier=" + MRN_SYSTEM + "|EPIC-4"));

        assertThat(refusal(() -> epic.client()
                                .create()
                                .resource(another)
                                .conditionalByUrl("Patient?identifier=" + MRN_SYSTEM + "|EPIC-5")
                                .execute())
                        .getStatusCode())
                .isEqualTo(400);
        BaseServerResponseException search =
                refusal(() -> epic.client().create().resource(bySearch).execute());
        assertThat(search.getStatusCode()).isEqualTo(400);
        assertThat(diagnostics(search)).contains("references by search").doesNotContain("EPIC-4");
    }

    // ------------------------------------------------------------------ Oracle Health

    @Test
    void oracle_takes_a_batch_and_refuses_only_the_entries_it_does_not_create() {
        InProcessFhirServer oracle = ehr(EhrShape.ORACLE_HEALTH);
        IIdType patient = oracle.ensurePatient(MRN_SYSTEM, "ORACLE-1");
        MedicationAdministration administration = new MedicationAdministration()
                .setStatus(MedicationAdministration.MedicationAdministrationStatus.COMPLETED)
                .setMedication(new CodeableConcept(
                        new Coding("http://www.nlm.nih.gov/research/umls/rxnorm", "6130", "ketamine")))
                .setSubject(new Reference(patient))
                .setEffective(new DateTimeType("2026-03-02T10:00:00Z"));
        Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
        batch.addEntry()
                .setResource(encounter(patient))
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Encounter");
        batch.addEntry()
                .setResource(administration)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("MedicationAdministration");
        batch.addEntry()
                .setResource(answers(patient))
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("QuestionnaireResponse");
        batch.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Medication?code=6130");

        Bundle response = oracle.client().transaction().withBundle(batch).execute();

        assertThat(response.getEntry())
                .extracting(entry -> entry.getResponse().getStatus().substring(0, 3))
                .containsExactly("201", "405", "405", "405");
        assertThat(response.getEntry().get(1).getResponse().getOutcome())
                .isInstanceOfSatisfying(
                        OperationOutcome.class,
                        outcome -> assertThat(outcome.getIssueFirstRep().getDiagnostics())
                                .contains("'create' interaction on MedicationAdministration"));
        assertThat(oracle.attempts().refused())
                .extracting(AttemptLog.Attempt::status)
                .containsExactly(405, 405, 405);
        assertThat(oracle.client()
                        .search()
                        .forResource(Encounter.class)
                        .where(Encounter.PATIENT.hasId(patient))
                        .returnBundle(Bundle.class)
                        .execute()
                        .getEntry())
                .hasSize(1);
    }

    @Test
    void oracle_patches_an_encounter_but_does_not_update_it_alone_or_in_a_batch() {
        InProcessFhirServer oracle = ehr(EhrShape.ORACLE_HEALTH);
        IIdType patient = oracle.ensurePatient(MRN_SYSTEM, "ORACLE-3");
        IIdType visit = oracle.client()
                .create()
                .resource(encounter(patient))
                .execute()
                .getId()
                .toUnqualifiedVersionless();
        IIdType other = oracle.client()
                .create()
                .resource(encounter(patient))
                .execute()
                .getId()
                .toUnqualifiedVersionless();
        String patch = "[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"entered-in-error\"}]";
        Encounter corrected = encounter(patient);
        corrected.setId(visit);
        Encounter otherCorrected = encounter(patient);
        otherCorrected.setId(other);

        oracle.client().patch().withBody(patch).withId(visit).execute();
        assertThat(refusal(() -> oracle.client().update().resource(corrected).execute())
                        .getStatusCode())
                .isEqualTo(405);
        Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
        batch.addEntry()
                .setResource(new Binary()
                        .setContentType("application/json-patch+json")
                        .setData(patch.getBytes(StandardCharsets.UTF_8)))
                .getRequest()
                .setMethod(Bundle.HTTPVerb.PATCH)
                .setUrl(visit.getValue());
        batch.addEntry()
                .setResource(otherCorrected)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.PUT)
                .setUrl(other.getValue());
        Bundle response = oracle.client().transaction().withBundle(batch).execute();

        assertThat(response.getEntry())
                .extracting(entry -> entry.getResponse().getStatus().substring(0, 3))
                .containsExactly("200", "405");
        assertThat(oracle.client()
                        .read()
                        .resource(Encounter.class)
                        .withId(visit)
                        .execute()
                        .getStatus())
                .isEqualTo(Encounter.EncounterStatus.ENTEREDINERROR);
    }

    @Test
    void oracle_takes_a_current_note_with_its_end_and_charset_only() {
        InProcessFhirServer oracle = ehr(EhrShape.ORACLE_HEALTH);
        IIdType patient = oracle.ensurePatient(MRN_SYSTEM, "ORACLE-2");
        DocumentReference noEnd = note(patient, null, "text/plain; charset=utf-8");
        noEnd.getContext().getPeriod().setEnd(null);

        assertThat(oracle.client()
                        .create()
                        .resource(note(patient, null, "text/plain; charset=utf-8"))
                        .execute()
                        .getCreated())
                .isTrue();
        assertThat(refusal(() -> oracle.client().create().resource(noEnd).execute())
                        .getStatusCode())
                .isEqualTo(422);
        assertThat(refusal(() -> oracle.client()
                                .create()
                                .resource(note(patient, null, "text/plain"))
                                .execute())
                        .getStatusCode())
                .isEqualTo(422);
        DocumentReference preliminary = note(patient, null, "text/plain; charset=utf-8");
        preliminary.setStatus(DocumentReferenceStatus.SUPERSEDED);
        assertThat(refusal(() -> oracle.client().create().resource(preliminary).execute())
                        .getStatusCode())
                .isEqualTo(422);
    }

    // ------------------------------------------------------------------ athenahealth and full

    @Test
    void athenahealth_takes_questionnaire_answers_and_refuses_a_reading_405() {
        InProcessFhirServer athena = ehr(EhrShape.ATHENAHEALTH);
        IIdType patient = athena.ensurePatient(MRN_SYSTEM, "ATHENA-1");

        assertThat(athena.client().create().resource(answers(patient)).execute().getCreated())
                .isTrue();
        assertThat(refusal(() -> athena.client()
                                .create()
                                .resource(reading(patient, null, "2026-03-02T10:00:00Z"))
                                .execute())
                        .getStatusCode())
                .isEqualTo(405);
        assertThat(athena.attempts().refused())
                .singleElement()
                .satisfies(attempt -> assertThat(attempt.url()).isEqualTo(athena.baseUrl() + "/Observation"));
    }

    @Test
    void a_lost_answer_leaves_the_write_done() {
        InProcessFhirServer athena = ehr(EhrShape.ATHENAHEALTH);
        IIdType patient = athena.ensurePatient(MRN_SYSTEM, "ATHENA-2");

        athena.loseNextWriteAnswer();

        assertThat(catchThrowableOfType(
                                BaseServerResponseException.class,
                                () -> athena.client()
                                        .create()
                                        .resource(answers(patient))
                                        .execute())
                        .getStatusCode())
                .isEqualTo(500);
        assertThat(athena.client()
                        .search()
                        .forResource(QuestionnaireResponse.class)
                        .where(QuestionnaireResponse.PATIENT.hasId(patient))
                        .returnBundle(Bundle.class)
                        .execute()
                        .getEntry())
                .hasSize(1);
        assertThat(athena.client().create().resource(answers(patient)).execute().getCreated())
                .as("lost once only")
                .isTrue();
    }

    @Test
    void the_full_server_takes_a_transaction_with_conditional_create_and_references_by_search() {
        InProcessFhirServer full = ehr(EhrShape.FULL);
        String mrn = "FULL-" + UUID.randomUUID();
        Patient patient = new Patient();
        patient.addIdentifier().setSystem(MRN_SYSTEM).setValue(mrn);
        Observation reading =
                reading(null, null, "2026-03-02T10:00:00Z").setStatus(Observation.ObservationStatus.PRELIMINARY);
        reading.setSubject(new Reference("Patient?identifier=" + MRN_SYSTEM + "|" + mrn));
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        transaction
                .addEntry()
                .setResource(patient)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Patient")
                .setIfNoneExist("identifier=" + MRN_SYSTEM + "|" + mrn);
        transaction
                .addEntry()
                .setResource(reading)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Observation");

        Bundle response = full.client().transaction().withBundle(transaction).execute();

        assertThat(response.getEntry())
                .extracting(entry -> entry.getResponse().getStatus().substring(0, 3))
                .containsExactly("201", "201");
        assertThat(full.attempts().refused()).isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    /** The server of that shape (shared by the JVM), its refusals of earlier tests forgotten. */
    private static InProcessFhirServer ehr(EhrShape shape) {
        InProcessFhirServer ehr = InProcessFhirServer.shaped(shape);
        ehr.attempts().clear();
        return ehr;
    }

    private static BaseServerResponseException refusal(ThrowingCallable call) {
        BaseServerResponseException refused = catchThrowableOfType(BaseServerResponseException.class, call);
        assertThat(refused).as("refused").isNotNull();
        assertThat(refused.getOperationOutcome())
                .as("an OperationOutcome says why")
                .isNotNull();
        return refused;
    }

    private static String diagnostics(BaseServerResponseException refused) {
        return ((OperationOutcome) refused.getOperationOutcome())
                .getIssueFirstRep()
                .getDiagnostics();
    }

    private static CapabilityStatement published(EhrShape shape) throws IOException {
        try (InputStream in = ShapedEhrIT.class.getResourceAsStream(shape.statementResource())) {
            return FHIR.newJsonParser()
                    .parseResource(CapabilityStatement.class, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static Encounter encounter(IIdType patient) {
        Encounter encounter = new Encounter()
                .setStatus(Encounter.EncounterStatus.FINISHED)
                .setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", "ambulatory"));
        encounter.setSubject(new Reference(patient));
        return encounter;
    }

    private static Observation reading(IIdType patient, IIdType encounter, String at) {
        Observation observation = new Observation()
                .setStatus(Observation.ObservationStatus.FINAL)
                .setCode(new CodeableConcept(HEART_RATE))
                .setEffective(new DateTimeType(at))
                .setValue(new Quantity()
                        .setValue(72)
                        .setUnit("/min")
                        .setSystem("http://unitsofmeasure.org")
                        .setCode("/min"));
        observation
                .addCategory()
                .addCoding()
                .setSystem("http://terminology.hl7.org/CodeSystem/observation-category")
                .setCode("vital-signs");
        if (patient != null) {
            observation.setSubject(new Reference(patient));
        }
        if (encounter != null) {
            observation.setEncounter(new Reference(encounter));
        }
        return observation;
    }

    private static DocumentReference note(IIdType patient, IIdType encounter, String contentType) {
        DocumentReference note = new DocumentReference().setStatus(DocumentReferenceStatus.CURRENT);
        note.setSubject(new Reference(patient));
        note.getType().addCoding().setSystem("http://loinc.org").setCode("28570-0");
        note.addContent()
                .setAttachment(new Attachment()
                        .setContentType(contentType)
                        .setData("Ketamine 0.5 mg/kg IV".getBytes(StandardCharsets.UTF_8)));
        note.getContext()
                .getPeriod()
                .setStartElement(new DateTimeType("2026-03-02T10:00:00Z"))
                .setEndElement(new DateTimeType("2026-03-02T11:00:00Z"));
        if (encounter != null) {
            note.getContext().addEncounter(new Reference(encounter));
        }
        return note;
    }

    private static Resource answers(IIdType patient) {
        QuestionnaireResponse answers =
                new QuestionnaireResponse().setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED);
        answers.setSubject(new Reference(patient));
        answers.addItem().setLinkId("1").addAnswer().setValue(new org.hl7.fhir.r4.model.IntegerType(2));
        return answers;
    }
}
