package org.ketaminefhir.adapter.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Encounter.EncounterStatus;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.adapter.instrument.InstrumentCatalog;
import org.ketaminefhir.adapter.journal.JournalEntry;
import org.ketaminefhir.adapter.record.CheckResult;
import org.ketaminefhir.adapter.record.ClinicRecord;
import org.ketaminefhir.adapter.record.RecordChecker;
import org.ketaminefhir.adapter.testsupport.Examples;
import org.ketaminefhir.testserver.EhrShape;
import org.ketaminefhir.testserver.InProcessFhirServer;

/**
 * The EHR's own visit a record is filed against, looked up on the Epic-shaped test EHR as delivery asks for
 * it: the one the record names (once the EHR shows it is this patient's), else the one the search finds.
 * The ketamine example's administration starts 2026-11-20T17:05:00Z.
 */
class EhrEncounterSearchIT {

    private static final String MRN_SYSTEM = "urn:oid:2.16.840.1.113883.3.999.5";
    private static final String VISIT_SYSTEM = "urn:oid:2.16.840.1.113883.3.999.7";
    private static final String START = "2026-11-20T17:05:00Z";

    private final InProcessFhirServer epic = InProcessFhirServer.shaped(EhrShape.EPIC);
    private final RecordChecker checker =
            new RecordChecker(new ObjectMapper(), InstrumentCatalog.load(), Optional.empty());
    private final EhrEncounterSearch visits = new EhrEncounterSearch();
    private final String mrn = "EV-" + UUID.randomUUID().toString().substring(0, 8);
    private final IIdType patient = epic.ensurePatient(MRN_SYSTEM, mrn);

    /** The Epic-shaped server is shared by the suite's test classes: only this test's refusals count. */
    @BeforeEach
    void onlyThisTestsRefusals() {
        epic.attempts().clear();
    }

    @Test
    void theVisitTheRecordNamesByItsIdIsTakenOverOneTheSearchWouldFind() {
        IIdType named = visit(patient, EncounterStatus.INPROGRESS, "2026-11-20T08:00:00Z", null);
        visit(patient, EncounterStatus.INPROGRESS, "2026-11-20T16:00:00Z", "2026-11-20T19:00:00Z");
        ObjectNode session = session();
        session.putObject("ehrEncounter").put("id", named.getIdPart());

        assertThat(lookup(session, withReadings())).isEqualTo(named.getIdPart());
    }

    @Test
    void theVisitTheRecordNamesByItsVisitNumberIsTaken() {
        String number = "CSN-" + UUID.randomUUID();
        Encounter held = encounter(patient, EncounterStatus.INPROGRESS, "2026-11-20T16:00:00Z", null);
        held.addIdentifier().setSystem(VISIT_SYSTEM).setValue(number);
        IIdType named = epic.seed(held);
        ObjectNode session = session();
        session.putObject("ehrEncounter")
                .putObject("identifier")
                .put("system", VISIT_SYSTEM)
                .put("value", number);

        assertThat(lookup(session, withReadings())).isEqualTo(named.getIdPart());
    }

    @Test
    void aVisitOfAnotherPatientNamedByTheRecordIsRefusedNamingNeitherPatientsData() {
        IIdType someoneElse = epic.ensurePatient(
                MRN_SYSTEM, "EV-OTHER-" + UUID.randomUUID().toString().substring(0, 8));
        IIdType theirs = visit(someoneElse, EncounterStatus.INPROGRESS, "2026-11-20T16:00:00Z", null);
        String number = "CSN-" + UUID.randomUUID();
        Encounter theirsByNumber = encounter(someoneElse, EncounterStatus.INPROGRESS, "2026-11-20T16:00:00Z", null);
        theirsByNumber.addIdentifier().setSystem(VISIT_SYSTEM).setValue(number);
        epic.seed(theirsByNumber);
        ObjectNode byId = session();
        byId.putObject("ehrEncounter").put("id", theirs.getIdPart());
        ObjectNode byNumber = session();
        byNumber.putObject("ehrEncounter")
                .putObject("identifier")
                .put("system", VISIT_SYSTEM)
                .put("value", number);

        EncounterRefusedException refusedById =
                catchThrowableOfType(EncounterRefusedException.class, () -> lookup(byId, withReadings()));
        EncounterRefusedException refusedByNumber =
                catchThrowableOfType(EncounterRefusedException.class, () -> lookup(byNumber, withReadings()));

        assertThat(refusedById)
                .hasMessageContaining("names a visit of another patient")
                .hasMessageContaining("Encounter?_id=" + theirs.getIdPart())
                .hasMessageContaining("none of " + patient.getValue())
                .hasMessageNotContaining(mrn);
        assertThat(refusedByNumber)
                .hasMessageContaining("names a visit of another patient")
                .hasMessageContaining("Encounter?identifier=" + VISIT_SYSTEM + "|(the record's visit number)")
                .hasMessageNotContaining(number)
                .hasMessageNotContaining(mrn);
    }

    @Test
    void aVisitTheRecordNamesThatTheEhrDoesNotHoldYetWaits() {
        ObjectNode session = session();
        session.putObject("ehrEncounter").put("id", "not-registered-yet");

        EncounterNotYetHeldException waits =
                catchThrowableOfType(EncounterNotYetHeldException.class, () -> lookup(session, withReadings()));

        assertThat(waits)
                .hasMessage("the record's ehrEncounter: searched Encounter?_id=not-registered-yet, found no Encounter");
    }

    @Test
    void theOneOpenVisitOfThePatientWhosePeriodHoldsTheAdministrationStartIsFound() {
        IIdType open = visit(patient, EncounterStatus.INPROGRESS, "2026-11-20T16:00:00Z", "2026-11-20T19:00:00Z");
        visit(patient, EncounterStatus.FINISHED, "2026-11-20T16:30:00Z", "2026-11-20T18:00:00Z");
        visit(patient, EncounterStatus.CANCELLED, "2026-11-20T17:00:00Z", null);
        visit(patient, EncounterStatus.PLANNED, "2026-11-20T17:00:00Z", null);
        visit(patient, EncounterStatus.INPROGRESS, "2026-11-20T17:06:00Z", null);
        visit(patient, EncounterStatus.INPROGRESS, "2026-11-20T09:00:00Z", "2026-11-20T17:04:59Z");
        IIdType someoneElse = epic.ensurePatient(
                MRN_SYSTEM, "EV-OTHER-" + UUID.randomUUID().toString().substring(0, 8));
        visit(someoneElse, EncounterStatus.INPROGRESS, "2026-11-20T16:00:00Z", null);

        assertThat(lookup(session(), withReadings())).isEqualTo(open.getIdPart());
    }

    @Test
    void readingsWaitForAnOpenVisitWhileANoteAloneGoesOnAFinishedOne() {
        IIdType finished = visit(patient, EncounterStatus.FINISHED, "2026-11-20T16:00:00Z", "2026-11-20T18:00:00Z");
        ObjectNode questionnaire =
                Examples.json("questionnaire-phq9.json").put("authored", "2026-11-20T09:30:00-08:00");
        ((ObjectNode) questionnaire.get("patient")).put("mrn", mrn);

        EncounterNotYetHeldException waits =
                catchThrowableOfType(EncounterNotYetHeldException.class, () -> lookup(session(), withReadings()));

        assertThat(waits)
                .hasMessageContaining("1 Encounter of the patient, none open (arrived, triaged, in-progress,"
                        + " onleave: vital signs file on no other) with a period containing " + START);
        assertThat(lookup(session(), new Bundle()))
                .as("a session with no readings: its note")
                .isEqualTo(finished.getIdPart());
        assertThat(lookup(questionnaire, new Bundle())).isEqualTo(finished.getIdPart());
    }

    @Test
    void aVitalsRecordIsPlacedByItsEarliestReading() {
        // the readings are at 17:15 and 17:35; the visit ended between them
        IIdType open = visit(patient, EncounterStatus.INPROGRESS, "2026-11-20T17:00:00Z", "2026-11-20T17:20:00Z");
        ObjectNode vitals = Examples.json("vitals.json");
        ((ObjectNode) vitals.get("patient")).put("mrn", mrn);

        assertThat(lookup(vitals, withReadings())).isEqualTo(open.getIdPart());
    }

    @Test
    void noVisitIsNotGuessedAndTheMessageNamesTheSearchAndWhatItFound() {
        visit(patient, EncounterStatus.INPROGRESS, "2026-11-13T17:00:00Z", "2026-11-13T18:00:00Z");

        EncounterNotYetHeldException waits =
                catchThrowableOfType(EncounterNotYetHeldException.class, () -> lookup(session(), withReadings()));

        assertThat(waits)
                .hasMessage("searched Encounter?patient=" + patient.getIdPart()
                        + "&date=ge2026-11-19T17:05:00Z&date=le2026-11-21T17:05:00Z&_count=100: 0 Encounters of the patient, none"
                        + " open (arrived, triaged, in-progress, onleave: vital signs file on no other) with a period containing "
                        + START);
        assertThat(epic.attempts().refused()).as("only searches Epic declares").isEmpty();
    }

    @Test
    void twoOpenVisitsHoldingTheTimeAreNotGuessed() {
        IIdType one = visit(patient, EncounterStatus.INPROGRESS, "2026-11-20T16:00:00Z", null);
        IIdType two = visit(patient, EncounterStatus.ARRIVED, "2026-11-20T17:00:00Z", "2026-11-20T18:00:00Z");

        EncounterNotYetHeldException waits =
                catchThrowableOfType(EncounterNotYetHeldException.class, () -> lookup(session(), withReadings()));

        assertThat(waits)
                .hasMessageContaining("2 Encounters of the patient, 2 (")
                .hasMessageContaining("Encounter/" + one.getIdPart())
                .hasMessageContaining("Encounter/" + two.getIdPart())
                .hasMessageContaining("not guessed: the session record's ehrEncounter can name the visit")
                .hasMessageNotContaining(mrn);
    }

    // ------------------------------------------------------------------ helpers

    /** Asks as delivery does: the record, its bundle, the patient's id on the EHR, searches run on the EHR. */
    private String lookup(ObjectNode json, Bundle bundle) {
        CheckResult checked = checker.check(json, "", null);
        assertThat(checked.errors()).isEmpty();
        ClinicRecord record = checked.record();
        JournalEntry entry = new JournalEntry(
                1,
                record.kind().wireName(),
                record.sourceId(),
                1,
                "rcpt-1",
                null,
                null,
                0,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        return visits.encounterFor(
                new PreparedBundle(entry, record, bundle),
                "session/" + record.sourceId() + "/encounter",
                patient.getValue(),
                url -> epic.client()
                        .search()
                        .byUrl(url)
                        .returnBundle(Bundle.class)
                        .execute());
    }

    private ObjectNode session() {
        ObjectNode session = Examples.json("session-ketamine-iv.json");
        ((ObjectNode) session.get("patient")).put("mrn", mrn);
        return session;
    }

    /** A bundle with a vital sign, as a session's or a vitals record's is. */
    private static Bundle withReadings() {
        Observation reading = new Observation();
        reading.addCategory(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs", "Vital Signs")));
        Bundle bundle = new Bundle();
        bundle.addEntry().setResource(reading);
        return bundle;
    }

    private IIdType visit(IIdType of, EncounterStatus status, String start, String end) {
        return epic.seed(encounter(of, status, start, end));
    }

    private static Encounter encounter(IIdType of, EncounterStatus status, String start, String end) {
        Encounter encounter = new Encounter()
                .setStatus(status)
                .setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", "ambulatory"));
        encounter.setSubject(new Reference(of));
        encounter.getPeriod().setStartElement(new DateTimeType(start));
        if (end != null) {
            encounter.getPeriod().setEndElement(new DateTimeType(end));
        }
        return encounter;
    }
}
