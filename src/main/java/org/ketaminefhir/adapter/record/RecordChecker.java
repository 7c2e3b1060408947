package org.ketaminefhir.adapter.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.ketaminefhir.adapter.instrument.InstrumentCatalog;
import org.ketaminefhir.adapter.instrument.InstrumentDefinition;
import org.ketaminefhir.adapter.vitalsign.VitalSignCatalog;

/**
 * Checks one record (a JSON object) against docs/interface.md, Records, and, when it passes, binds it to its Java
 * record. Every error is collected with its JSON pointer; defaults (revision 1) and zone-less times
 * (when a clinic zone is configured) are written into the node, which is what the journal keeps.
 */
public final class RecordChecker {

    static final Pattern SOURCE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern NPI = Pattern.compile("\\d{10}");
    // ICD-10-CM: letter, digit, digit or letter, then optionally a dot and up to four characters (F33.2, F32.A)
    private static final Pattern ICD10 = Pattern.compile("[A-Z]\\d[0-9A-Z](\\.[0-9A-Z]{1,4})?");
    // an Identifier.system (FHIR uri) that also stays one token in a search: identifier=<system>|<mrn>
    private static final Pattern IDENTIFIER_SYSTEM = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:[^\\s|]{1,250}");
    // a FHIR id (R4 "id" datatype): what Encounter/<id> may name
    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9.-]{1,64}");
    private static final Pattern VISIT_NUMBER = Pattern.compile(".{1,200}", Pattern.DOTALL);
    private static final Set<String> SEXES = Set.of("female", "male", "other", "unknown");
    private static final Set<String> STATUSES =
            Set.of("completed", "stopped", "not-done", "cancelled", "entered-in-error");
    private static final Set<String> STATUSES_NEEDING_REASON = Set.of("stopped", "not-done");
    private static final Set<String> STATUSES_WITHOUT_DOSE = Set.of("not-done", "cancelled", "entered-in-error");
    /**
     * A session never given has no administration times in the clinic's system; a retraction may take
     * back such a session, so it may lack them too. Completed and stopped sessions were given: they have them.
     */
    private static final Set<String> STATUSES_WITHOUT_ADMINISTRATION = STATUSES_WITHOUT_DOSE;
    /** Vitals and questionnaire records have no status but this one, which retracts them. */
    private static final Set<String> RETRACTION = Set.of("entered-in-error");

    private static final Set<String> DRUGS = Set.of("ketamine", "esketamine");
    private static final Set<String> ROUTES = Set.of("IV", "IM", "IN", "PO", "SL");
    private static final Set<String> ROLES = Set.of("prescriber", "administering", "monitoring");
    private static final Set<String> PHASES = Set.of("pre", "intra", "post");
    private static final Set<String> SEVERITIES = Set.of("mild", "moderate", "severe");
    private static final Set<String> ADVERSE_EVENT_TYPES = Set.of(
            "nausea",
            "vomiting",
            "hypertension",
            "dissociation",
            "sedation",
            "anxiety",
            "dizziness",
            "respiratory-depression",
            "other");
    private static final Set<String> CONCOMITANT =
            Set.of("benzodiazepines", "nonBenzodiazepineSedativeHypnotics", "psychostimulants", "maois", "opioids");

    private final RecordBinding binding;
    private final InstrumentCatalog instruments;
    private final Optional<ZoneId> clinicZone;
    private final VitalSignsLimits limits = new VitalSignsLimits(VitalSignCatalog.standard());
    private final RecordSizeLimits size;
    private final Pattern mrn;

    /** With the default size limits and MRN pattern (tools and tests). */
    public RecordChecker(ObjectMapper json, InstrumentCatalog instruments, Optional<ZoneId> clinicZone) {
        this(
                json,
                instruments,
                clinicZone,
                RecordLimitProperties.defaults(),
                Pattern.compile(PatientProperties.DEFAULT_MRN_PATTERN));
    }

    public RecordChecker(
            ObjectMapper json,
            InstrumentCatalog instruments,
            Optional<ZoneId> clinicZone,
            RecordLimitProperties limits,
            Pattern mrn) {
        this.binding = new RecordBinding(json);
        this.instruments = instruments;
        this.clinicZone = clinicZone;
        this.size = new RecordSizeLimits(json, limits);
        this.mrn = mrn;
    }

    /**
     * @param node    the record as submitted (modified in place: defaults and normalized times)
     * @param pointer where the record sits in the submitted document ("" for a single record)
     * @param implied the kind implied by the channel (a folder), or null when {@code kind} must be given
     */
    public CheckResult check(JsonNode node, String pointer, RecordKind implied) {
        List<FieldError> errors = new ArrayList<>();
        if (!node.isObject()) {
            errors.add(new FieldError(
                    pointer.isEmpty() ? "/" : pointer,
                    "a record must be a JSON object, got " + FieldCursor.describe(node)));
            return CheckResult.rejected(null, errors);
        }
        FieldCursor record = new FieldCursor((ObjectNode) node, pointer, errors, clinicZone);
        String sourceId = record.matching("sourceId", true, SOURCE_ID, "1 to 64 of A-Z a-z 0-9 . _ : -")
                .orElse(null);
        // before anything else, so checking an oversized record costs no more than measuring it
        if (!size.withinBytes(record)) {
            return CheckResult.rejected(sourceId, errors);
        }
        Optional<RecordKind> kind = kind(record, implied);
        record.setDefault("revision", 1);
        record.integer("revision", false, 1, Integer.MAX_VALUE);
        record.object("patient", true).ifPresent(this::checkPatient);
        if (kind.isEmpty()) {
            return CheckResult.rejected(sourceId, errors);
        }
        switch (kind.get()) {
            case SESSION -> checkSession(record);
            case VITALS -> checkVitals(record);
            case QUESTIONNAIRE -> checkQuestionnaire(record);
        }
        if (!errors.isEmpty()) {
            return CheckResult.rejected(sourceId, errors);
        }
        return CheckResult.accepted(binding.bind(kind.get(), node), (ObjectNode) node);
    }

    private Optional<RecordKind> kind(FieldCursor record, RecordKind implied) {
        if (implied != null && !record.has("kind")) {
            record.node().put("kind", implied.wireName());
            return Optional.of(implied);
        }
        Optional<String> given = record.oneOf("kind", true, Set.of("session", "vitals", "questionnaire"));
        Optional<RecordKind> kind = given.flatMap(RecordKind::fromWireName);
        if (kind.isPresent() && implied != null && kind.get() != implied) {
            record.error(
                    "kind", "'" + kind.get() + "' does not belong here; this channel takes " + implied + " records");
            return Optional.empty();
        }
        return kind;
    }

    private void checkPatient(FieldCursor patient) {
        // the value is not quoted back: an MRN identifies a patient
        patient.matchingUnquoted("mrn", true, mrn, "an MRN matching adapter.patients.mrn-pattern " + mrn.pattern());
        patient.string("firstName", false);
        patient.string("lastName", false);
        patient.date("birthDate", false);
        patient.oneOf("sex", false, SEXES);
        patient.matching(
                "mrnSystem", false, IDENTIFIER_SYSTEM, "an absolute URI without spaces or '|', e.g. urn:oid:1.2.3.4");
    }

    private void checkSession(FieldCursor session) {
        String status = session.oneOf("status", true, STATUSES).orElse(null);
        boolean needsReason = status != null && STATUSES_NEEDING_REASON.contains(status);
        session.string("statusReason", needsReason);
        boolean dosed = status != null && !STATUSES_WITHOUT_DOSE.contains(status);
        session.string("location", false);
        for (FieldCursor clinician : session.objects("clinicians", false, size.clinicians())) {
            clinician.matching("npi", true, NPI, "a 10-digit NPI");
            clinician.string("name", false);
            clinician.oneOf("role", true, ROLES);
        }
        session.object("indication", false).ifPresent(indication -> {
            indication.matching("icd10", true, ICD10, "an ICD-10-CM code such as F33.2");
            indication.bool("treatmentResistant", false);
        });
        session.object("course", false).ifPresent(course -> {
            course.integer("number", false, 1, 1000);
            course.integer("plannedTotal", false, 1, 1000);
            course.string("phase", false);
        });
        session.object("medication", true).ifPresent(medication -> checkMedication(medication, dosed));
        boolean given = status != null && !STATUSES_WITHOUT_ADMINISTRATION.contains(status);
        Optional<OffsetDateTime> start = Optional.empty();
        Optional<FieldCursor> administration = session.object("administration", given);
        if (administration.isPresent()) {
            start = administration.get().time("start", true);
            Optional<OffsetDateTime> end = administration.get().time("end", false);
            if (start.isPresent() && end.isPresent() && end.get().isBefore(start.get())) {
                administration
                        .get()
                        .error("end", "is before administration start; expected a time at or after " + start.get());
            }
        }
        Optional<OffsetDateTime> firstReading = checkReadings(session, "vitals", true);
        // the Encounter runs from the first reading or the dose to the end of monitoring (or discharge)
        String since = start.isPresent() ? "administration start" : "the session's first reading";
        Optional<OffsetDateTime> visitStart = start.or(() -> firstReading);
        Optional<OffsetDateTime> monitoringEnd = session.object("monitoring", false)
                .flatMap(monitoring -> {
                    Optional<OffsetDateTime> end = monitoring.time("end", false);
                    notBefore(monitoring, "end", end, visitStart, since);
                    monitoring.integer("readyToLeaveMinutes", false, 0, 24 * 60);
                    return end;
                });
        for (FieldCursor assessment : session.objects("assessments", false, size.assessments())) {
            checkAssessment(assessment);
        }
        for (FieldCursor event : session.objects("adverseEvents", false, size.adverseEvents())) {
            String type = event.oneOf("type", true, ADVERSE_EVENT_TYPES).orElse(null);
            event.oneOf("severity", false, SEVERITIES);
            event.time("time", false);
            event.string("treatment", false);
            event.string("text", "other".equals(type));
        }
        Optional<OffsetDateTime> dischargeTime = session.object("discharge", false)
                .flatMap(discharge -> {
                    Optional<OffsetDateTime> time = discharge.time("time", false);
                    notBefore(discharge, "time", time, visitStart, since);
                    discharge.bool("clinicallyStable", false);
                    discharge.bool("escort", false);
                    return time;
                });
        if (status != null
                && !given
                && administration.isEmpty()
                && visitStart.isEmpty()
                && monitoringEnd.isEmpty()
                && dischargeTime.isEmpty()
                && !session.has("administration")) {
            // the Encounter's period and the MedicationAdministration's time are required in FHIR
            session.error(
                    "administration",
                    "is required when the session has no reading, monitoring.end or discharge.time;"
                            + " for a session never given, send the time it was scheduled as administration.start");
        }
        session.object("concomitantMedications", false).ifPresent(medications -> {
            for (String name : CONCOMITANT) {
                medications.bool(name, false);
            }
        });
        session.object("ehrEncounter", false).ifPresent(RecordChecker::checkEhrEncounter);
    }

    /** The EHR's visit: its Encounter id or its visit identifier, not both (they could name two visits). */
    private static void checkEhrEncounter(FieldCursor visit) {
        boolean hasId = visit.has("id");
        if (hasId == visit.has("identifier")) {
            visit.errorAt(
                    visit.pointer(),
                    "give exactly one of id (the EHR's Encounter id, e.g. {\"id\": \"eVfX3\"}) or"
                            + " identifier (its visit number, e.g. {\"identifier\": {\"system\": \"urn:oid:1.2.3.4\", \"value\": \"7001\"}})");
        } else if (hasId) {
            visit.matching("id", true, FHIR_ID, "the EHR's Encounter id: 1 to 64 of A-Z a-z 0-9 - .");
        } else {
            visit.object("identifier", true).ifPresent(identifier -> {
                identifier.matching(
                        "system",
                        true,
                        IDENTIFIER_SYSTEM,
                        "an absolute URI without spaces or '|', e.g. urn:oid:1.2.3.4");
                // a visit number identifies a patient's visit: not quoted back
                identifier.matchingUnquoted("value", true, VISIT_NUMBER, "the EHR's visit number, 1 to 200 characters");
            });
        }
    }

    /** An end of the visit before its start would make the Encounter's period invalid in FHIR (per-1). */
    private static void notBefore(
            FieldCursor object,
            String field,
            Optional<OffsetDateTime> time,
            Optional<OffsetDateTime> visitStart,
            String since) {
        if (time.isPresent() && visitStart.isPresent() && time.get().isBefore(visitStart.get())) {
            object.error(field, "is before " + since + "; expected a time at or after " + visitStart.get());
        }
    }

    private void checkMedication(FieldCursor medication, boolean dosed) {
        medication.oneOf("drug", true, DRUGS);
        medication.oneOf("route", true, ROUTES);
        medication.number("doseMg", dosed, new BigDecimal("0.01"), new BigDecimal("1000"));
        medication.number("doseMgPerKg", false, new BigDecimal("0.001"), new BigDecimal("10"));
        medication.number("weightKg", false, new BigDecimal("1"), new BigDecimal("500"));
        medication.number("rateMgPerHour", false, new BigDecimal("0.01"), new BigDecimal("1000"));
        medication.integer("devices", false, 1, 10);
        medication.string("lotNumber", false);
    }

    private void checkAssessment(FieldCursor assessment) {
        Optional<InstrumentDefinition> instrument =
                assessment.oneOf("instrument", true, instruments.codes()).flatMap(instruments::find);
        assessment.time("time", true);
        if (instrument.isEmpty()) {
            return;
        }
        InstrumentDefinition definition = instrument.get();
        if (!definition.hasTotal()) {
            assessment.error(
                    "instrument", definition.code() + " has no total score; send it as a questionnaire record");
            return;
        }
        boolean hasTotal = assessment.has("total");
        boolean hasScore = assessment.has("score");
        if (hasTotal == hasScore) {
            assessment.error(
                    "total",
                    "give exactly one of total or score (" + definition.total().min() + " to "
                            + definition.total().max() + " for " + definition.code() + ")");
            return;
        }
        assessment.integer(
                hasTotal ? "total" : "score",
                true,
                definition.total().min(),
                definition.total().max());
    }

    private void checkVitals(FieldCursor vitals) {
        vitals.oneOf("status", false, RETRACTION);
        vitals.matching("sessionSourceId", false, SOURCE_ID, "a session's sourceId");
        checkReadings(vitals, "readings", false);
        if (!vitals.has("readings")) {
            return;
        }
        if (vitals.node().get("readings").isArray()
                && vitals.node().get("readings").isEmpty()) {
            vitals.error("readings", "is empty; expected at least one reading");
        }
    }

    /** Readings of a session ({@code vitals}) or of a vitals record ({@code readings}); the earliest time. */
    private Optional<OffsetDateTime> checkReadings(FieldCursor record, String field, boolean withPhase) {
        Set<OffsetDateTime> times = new HashSet<>();
        List<FieldCursor> readings =
                record.objects(field, !withPhase, withPhase ? size.vitalsPerSession() : size.readingsPerRecord());
        for (FieldCursor reading : readings) {
            Optional<OffsetDateTime> time = reading.time("time", true);
            if (time.isPresent() && !times.add(time.get())) {
                reading.error("time", "another reading of this record has the same time; merge them into one reading");
            }
            if (withPhase) {
                reading.oneOf("phase", false, PHASES);
            }
            limits.check(reading, withPhase ? "session" : "vitals");
            checkNotFinal(reading);
        }
        return times.stream().min(Comparator.naturalOrder());
    }

    /**
     * {@code corrected} and {@code preliminary}: the reading's measurements whose values are not final, each a
     * field holding a value of this reading, in one of the lists at most. A list longer than the reading's
     * values is refused whole, so its length never sets the number of errors.
     */
    private static void checkNotFinal(FieldCursor reading) {
        Set<String> listed = new HashSet<>();
        long values = reading.node().properties().stream()
                .filter(field -> field.getValue().isNumber())
                .count();
        for (String list : List.of(VitalSigns.CORRECTED, VitalSigns.PRELIMINARY)) {
            List<JsonNode> fields = reading.array(list, false).orElse(List.of());
            if (fields.size() > values) {
                reading.error(
                        list, "lists " + fields.size() + " measurements but the reading holds " + values + " values");
                continue;
            }
            for (int i = 0; i < fields.size(); i++) {
                String field = fields.get(i).asText();
                if (!fields.get(i).isTextual() || !reading.node().path(field).isNumber()) {
                    reading.error(
                            list + "/" + i, "must name a measurement this reading holds a value of, e.g. heartRate");
                } else if (!listed.add(field)) {
                    reading.error(list + "/" + i, field + " is listed twice or as both corrected and preliminary");
                }
            }
        }
    }

    private void checkQuestionnaire(FieldCursor questionnaire) {
        questionnaire.oneOf("status", false, RETRACTION);
        questionnaire.matching("sessionSourceId", false, SOURCE_ID, "a session's sourceId");
        questionnaire.time("authored", true);
        Optional<InstrumentDefinition> instrument =
                questionnaire.oneOf("instrument", true, instruments.codes()).flatMap(instruments::find);
        if (instrument.isEmpty()) {
            return;
        }
        new AnswerChecker(instruments, instrument.get()).check(questionnaire);
    }
}
