package org.ketaminefhir.adapter.mapping;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.PositiveIntType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.ketaminefhir.adapter.instrument.InstrumentCatalog;
import org.ketaminefhir.adapter.instrument.InstrumentDefinition;
import org.ketaminefhir.adapter.instrument.Score;
import org.ketaminefhir.adapter.mapping.note.ClinicalNotes;
import org.ketaminefhir.adapter.record.RecordKind;
import org.ketaminefhir.adapter.record.SessionRecord;
import org.ketaminefhir.adapter.record.SessionRecord.Assessment;
import org.ketaminefhir.adapter.record.VitalSigns;

/**
 * A session (docs/interface.md, Records) to an Encounter, a MedicationAdministration, the weight the dose was
 * based on, vital-sign Observations and in-session score Observations (docs/fhir.md, What the EHR receives).
 */
final class SessionMapper implements RecordMapper<SessionRecord> {

    static final String ENCOUNTER = "encounter";
    static final String ADMINISTRATION = "medication-administration";
    static final String WEIGHT = "body-weight";

    // v3-ParticipationType for Encounter.participant (docs/fhir.md, Codes and their sources)
    private static final Map<String, String> PARTICIPATION =
            Map.of("prescriber", "PPRF", "administering", "ATND", "monitoring", "PART");

    private final InstrumentCatalog instruments;
    private final VitalSignsMapper vitalSigns = new VitalSignsMapper();
    private final ScoreObservations scores = new ScoreObservations();
    private final SessionFindingsMapper findings = new SessionFindingsMapper();
    private final RemsFormMapper rems;
    private final ClinicalNotes notes;

    public SessionMapper(InstrumentCatalog instruments, RemsSetting rems, ClinicalNotes notes) {
        this.instruments = instruments;
        this.rems = new RemsFormMapper(rems);
        this.notes = notes;
    }

    @Override
    public RecordKind kind() {
        return RecordKind.SESSION;
    }

    @Override
    public void map(SessionRecord session, MappingScope scope) {
        scope.add(ENCOUNTER, encounter(session, scope));
        // the weight the dose was based on, as of the dose (or the session's first moment)
        Optional<OffsetDateTime> weighed = Optional.ofNullable(session.administration())
                .map(SessionRecord.Administration::start)
                .or(() -> firstTime(session));
        if (session.medication().weightKg() != null && weighed.isPresent()) {
            scope.add(WEIGHT, weight(session, weighed.get(), scope));
        }
        scope.add(ADMINISTRATION, administration(session, scope));
        Reference encounter = scope.reference(ENCOUNTER);
        for (VitalSigns reading : session.vitals()) {
            Optional<Reference> partOf =
                    "intra".equals(reading.phase()) ? Optional.of(scope.reference(ADMINISTRATION)) : Optional.empty();
            vitalSigns.map(reading, scope, Optional.of(encounter), partOf);
        }
        for (Assessment assessment : session.assessments()) {
            InstrumentDefinition instrument =
                    instruments.find(assessment.instrument()).orElseThrow();
            Score score = new Score(
                    assessment.value(), instrument.bandFor(assessment.value()).orElse(null));
            Observation observation = scores.score(instrument, score, assessment.time(), scope);
            observation.getMeta().getProfile().clear();
            observation.getMeta().addProfile(Profiles.SESSION_ASSESSMENT);
            observation.setEncounter(encounter);
            scope.add("assessment/" + instrument.id() + "/" + FhirTime.part(assessment.time()), observation);
        }
        findings.map(session, scope, encounter, scope.reference(ADMINISTRATION));
        if (session.administration() != null) {
            // a session never given (no administration times) has nothing the REMS form monitors
            rems.map(session, scope, encounter);
        }
        notes.session(session, scope, encounter);
    }

    /**
     * MedicationAdministration.effective[x] is required (R4, 1..1): the administration's times; for a
     * session never given that has none (not-done, cancelled), the visit's, as the Encounter's period
     * states it (the dose was not given during that visit), or its one known moment. Intake makes sure
     * a session has at least one (the Encounter's period is required too).
     */
    private static Type administrationTime(SessionRecord session) {
        SessionRecord.Administration times = session.administration();
        if (times != null) {
            // for a session that did not take place, the start may be the time the dose was scheduled
            return times.end() != null
                    ? new Period()
                            .setStartElement(FhirTime.dateTime(times.start()))
                            .setEndElement(FhirTime.dateTime(times.end()))
                    : FhirTime.dateTime(times.start());
        }
        Period visit = period(session);
        if (visit.hasStart() && visit.hasEnd()) {
            return visit;
        }
        if (!visit.hasStart() && !visit.hasEnd()) {
            throw new IllegalStateException("a session without any time reached the mapping; intake refuses those");
        }
        return visit.hasStart() ? visit.getStartElement() : visit.getEndElement();
    }

    private Encounter encounter(SessionRecord session, MappingScope scope) {
        Encounter encounter = new Encounter();
        encounter.getMeta().addProfile(Profiles.ENCOUNTER);
        encounter.setStatus(encounterStatus(session.status()));
        encounter.setClass_(new Coding(CodeSystems.V3_ACT_CODE, "AMB", "ambulatory"));
        String drug = session.medication().drug();
        encounter.addType(new CodeableConcept(new Coding(
                        CodeSystems.LOCAL_ENCOUNTER_TYPES,
                        drug + "-session",
                        drug.equals("esketamine") ? "Esketamine treatment session" : "Ketamine treatment session"))
                .setText(drug.equals("esketamine") ? "Esketamine treatment session" : "Ketamine treatment session"));
        encounter.setSubject(scope.patient());
        for (SessionRecord.Clinician clinician : session.clinicians()) {
            encounter
                    .addParticipant()
                    .addType(new CodeableConcept(new Coding(
                                    CodeSystems.V3_PARTICIPATION_TYPE, PARTICIPATION.get(clinician.role()), null))
                            .setText(clinician.role()))
                    .setIndividual(scope.ids().practitioner(clinician.npi(), clinician.name()));
        }
        encounter.setPeriod(period(session));
        if (session.indication() != null) {
            CodeableConcept reason = encounter
                    .addReasonCode()
                    .addCoding(new Coding(
                            CodeSystems.ICD10_CM, session.indication().icd10(), null))
                    .setText(session.indication().icd10());
            if (session.indication().treatmentResistant() != null) {
                reason.addExtension(
                        Profiles.TREATMENT_RESISTANT,
                        new BooleanType(session.indication().treatmentResistant()));
            }
        }
        if (session.course() != null) {
            Extension course = encounter.addExtension().setUrl(Profiles.TREATMENT_COURSE);
            Optional.ofNullable(session.course().number())
                    .ifPresent(n -> course.addExtension("number", new PositiveIntType(n)));
            Optional.ofNullable(session.course().plannedTotal())
                    .ifPresent(n -> course.addExtension("plannedTotal", new PositiveIntType(n)));
            Optional.ofNullable(session.course().phase())
                    .ifPresent(p -> course.addExtension("phase", new StringType(p)));
        }
        if (session.location() != null) {
            encounter
                    .addLocation()
                    .setLocation(new Reference()
                            .setType("Location")
                            .setIdentifier(new Identifier()
                                    .setSystem(scope.ids().namespace())
                                    .setValue("location/" + session.location()))
                            .setDisplay(session.location()));
        }
        if (session.ehrEncounter() != null) {
            encounter.setPartOf(ehrVisit(session.ehrEncounter()));
        }
        return encounter;
    }

    /**
     * The visit the EHR holds, as the session's Encounter is part of it (the session is one stay within that
     * visit): by the EHR's id, or logically by its visit number, which no server has to resolve.
     */
    private static Reference ehrVisit(SessionRecord.EhrEncounter visit) {
        if (visit.id() != null) {
            return new Reference("Encounter/" + visit.id());
        }
        return new Reference()
                .setType("Encounter")
                .setIdentifier(new Identifier()
                        .setSystem(visit.identifier().system())
                        .setValue(visit.identifier().value()));
    }

    private static Encounter.EncounterStatus encounterStatus(String status) {
        return switch (status) {
            case "cancelled" -> Encounter.EncounterStatus.CANCELLED;
            case "entered-in-error" -> Encounter.EncounterStatus.ENTEREDINERROR;
            // completed, stopped and not-done sessions all took place: the visit is finished
            default -> Encounter.EncounterStatus.FINISHED;
        };
    }

    /** From the first thing that happened (a pre-dose reading, the dose) to the end of monitoring. */
    private static Period period(SessionRecord session) {
        Optional<OffsetDateTime> start = firstTime(session);
        Optional<OffsetDateTime> end = Stream.of(
                        Optional.ofNullable(session.monitoring()).map(SessionRecord.Monitoring::end),
                        Optional.ofNullable(session.discharge()).map(SessionRecord.Discharge::time),
                        Optional.ofNullable(session.administration()).map(SessionRecord.Administration::end))
                .flatMap(Optional::stream)
                .findFirst();
        Period period = new Period();
        start.ifPresent(t -> period.setStartElement(FhirTime.dateTime(t)));
        end.ifPresent(t -> period.setEndElement(FhirTime.dateTime(t)));
        return period;
    }

    private static Optional<OffsetDateTime> firstTime(SessionRecord session) {
        return Stream.concat(
                        session.vitals().stream().map(VitalSigns::time),
                        Stream.ofNullable(session.administration()).map(SessionRecord.Administration::start))
                .filter(Objects::nonNull)
                .min(Comparator.naturalOrder());
    }

    private Observation weight(SessionRecord session, OffsetDateTime when, MappingScope scope) {
        Observation weight = VitalSignsMapper.vitalSign(
                Profiles.BODY_WEIGHT, VitalSignsMapper.loinc("29463-7", "Body weight"), scope.patient());
        weight.setEncounter(scope.reference(ENCOUNTER));
        weight.setEffective(FhirTime.dateTime(when));
        weight.setValue(VitalSignsMapper.quantity(session.medication().weightKg(), "kg", "kg"));
        return weight;
    }

    private MedicationAdministration administration(SessionRecord session, MappingScope scope) {
        SessionRecord.Medication medication = session.medication();
        MedicationAdministration administration = new MedicationAdministration();
        administration.getMeta().addProfile(Profiles.MEDICATION_ADMINISTRATION);
        administration.setStatus(administrationStatus(session.status()));
        if (session.statusReason() != null || "cancelled".equals(session.status())) {
            administration.addStatusReason(new CodeableConcept()
                    .setText(session.statusReason() != null ? session.statusReason() : "session cancelled"));
        }
        CodeableConcept drug = AdministrationCodes.drug(medication.drug());
        if (medication.lotNumber() != null) {
            // the lot lives on a contained Medication (docs/fhir.md, Codes and their sources; the REMS form asks for
            // it)
            Medication product = new Medication().setCode(drug);
            product.setId("medication");
            product.getBatch().setLotNumber(medication.lotNumber());
            administration.addContained(product);
            administration.setMedication(new Reference("#medication"));
        } else {
            administration.setMedication(drug);
        }
        administration.setSubject(scope.patient());
        administration.setContext(scope.reference(ENCOUNTER));
        administration.setEffective(administrationTime(session));
        for (SessionRecord.Clinician clinician : session.clinicians()) {
            if ("administering".equals(clinician.role())) {
                administration
                        .addPerformer()
                        .setFunction(new CodeableConcept(
                                new Coding(CodeSystems.MED_ADMIN_PERFORM_FUNCTION, "performer", "Performer")))
                        .setActor(scope.ids().practitioner(clinician.npi(), clinician.name()));
            }
        }
        if (session.indication() != null) {
            administration.addReasonCode(new CodeableConcept(
                    new Coding(CodeSystems.ICD10_CM, session.indication().icd10(), null)));
        }
        if (scope.has(WEIGHT)) {
            administration.addSupportingInformation(scope.reference(WEIGHT));
        }
        // R4 mad-1: a dosage needs a dose or a rate; a dose never given (not-done, cancelled) has neither
        if (medication.doseMg() != null || medication.rateMgPerHour() != null) {
            administration.setDosage(dosage(medication));
        }
        return administration;
    }

    private static MedicationAdministration.MedicationAdministrationStatus administrationStatus(String status) {
        return switch (status) {
            case "stopped" -> MedicationAdministration.MedicationAdministrationStatus.STOPPED;
            case "not-done", "cancelled" -> MedicationAdministration.MedicationAdministrationStatus.NOTDONE;
            case "entered-in-error" -> MedicationAdministration.MedicationAdministrationStatus.ENTEREDINERROR;
            default -> MedicationAdministration.MedicationAdministrationStatus.COMPLETED;
        };
    }

    private static MedicationAdministration.MedicationAdministrationDosageComponent dosage(
            SessionRecord.Medication medication) {
        MedicationAdministration.MedicationAdministrationDosageComponent dosage =
                new MedicationAdministration.MedicationAdministrationDosageComponent();
        dosage.setRoute(AdministrationCodes.route(medication.route()));
        if (medication.doseMg() != null) {
            dosage.setDose(VitalSignsMapper.quantity(medication.doseMg(), "mg", "mg"));
        }
        if (medication.rateMgPerHour() != null) {
            dosage.setRate(VitalSignsMapper.quantity(medication.rateMgPerHour(), "mg/h", "mg/h"));
        }
        // FHIR has no element for a weight-based dose (docs/fhir.md, Codes and their sources): say it in the text
        StringBuilder text = new StringBuilder();
        if (medication.doseMg() != null) {
            text.append(plain(medication.doseMg())).append(" mg");
        }
        if (medication.doseMgPerKg() != null) {
            text.append(" (").append(plain(medication.doseMgPerKg())).append(" mg/kg");
            if (medication.weightKg() != null) {
                text.append(" at ").append(plain(medication.weightKg())).append(" kg");
            }
            text.append(")");
        }
        if (medication.devices() != null) {
            text.append(" as ").append(medication.devices()).append(medication.devices() == 1 ? " device" : " devices");
        }
        if (medication.rateMgPerHour() != null) {
            text.append(" at ").append(plain(medication.rateMgPerHour())).append(" mg/h");
        }
        if (!text.isEmpty()) {
            dosage.setText(text.toString().trim() + " " + medication.route());
        }
        return dosage;
    }

    private static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }
}
