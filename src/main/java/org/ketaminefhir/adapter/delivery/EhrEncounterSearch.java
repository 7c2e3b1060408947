package org.ketaminefhir.adapter.delivery;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Encounter.EncounterStatus;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.ketaminefhir.adapter.mapping.IdentifierSearch;
import org.ketaminefhir.adapter.record.ClinicRecord;
import org.ketaminefhir.adapter.record.QuestionnaireRecord;
import org.ketaminefhir.adapter.record.SessionRecord;
import org.ketaminefhir.adapter.record.VitalSigns;
import org.ketaminefhir.adapter.record.VitalsRecord;

/**
 * The EHR's visit a record is filed against, with the searches Epic's Encounter declares ({@code _id},
 * {@code identifier}, {@code patient}, {@code date}, {@code _count}). The visit the session record names
 * ({@code ehrEncounter}) is taken once the EHR shows it is this patient's; otherwise the one visit of the
 * patient whose period contains the record's time (a session's administration start, a vitals record's
 * earliest reading, a questionnaire's authored time) and whose status can take what the record brings:
 * vital signs file only on an open visit (Epic refuses finished, cancelled, planned and entered-in-error
 * ones), a note alone also on a finished one. No such visit, or several, is not guessed: the record waits
 * ({@link EncounterNotYetHeldException}), and the message says what was searched and what was found.
 */
final class EhrEncounterSearch implements EhrEncounters {

    private static final Set<EncounterStatus> OPEN = Set.of(
            EncounterStatus.ARRIVED, EncounterStatus.TRIAGED, EncounterStatus.INPROGRESS, EncounterStatus.ONLEAVE);
    private static final Set<EncounterStatus> OPEN_OR_FINISHED =
            Stream.concat(OPEN.stream(), Stream.of(EncounterStatus.FINISHED)).collect(Collectors.toUnmodifiableSet());
    /**
     * The search asks for visits overlapping a day either side and the periods are then read here: how an
     * EHR compares a date parameter with an open period, or in which zone, cannot make it miss the visit.
     */
    private static final Duration AROUND = Duration.ofDays(1);

    private static final int PAGE = 100;

    @Override
    public String encounterFor(
            PreparedBundle prepared, String sessionEncounter, String patient, Function<String, Bundle> search) {
        String patientId = new IdType(patient).getIdPart();
        ClinicRecord record = prepared.record();
        if (record instanceof SessionRecord session && session.ehrEncounter() != null) {
            return named(session.ehrEncounter(), patientId, search);
        }
        return found(record, readings(prepared.bundle()), patientId, search);
    }

    /** The visit the record names, once the EHR holds it for this patient. */
    private static String named(SessionRecord.EhrEncounter visit, String patientId, Function<String, Bundle> search) {
        String url;
        String described;
        if (visit.id() != null) {
            url = "Encounter?_id=" + visit.id();
            described = url;
        } else {
            url = IdentifierSearch.url(
                    "Encounter", visit.identifier().system(), visit.identifier().value());
            // the visit number identifies the patient's visit: the message names its system only
            described = "Encounter?identifier=" + visit.identifier().system() + "|(the record's visit number)";
        }
        List<Encounter> held = encounters(search.apply(url));
        List<Encounter> patients = held.stream()
                .filter(encounter -> isPatients(encounter, patientId))
                .toList();
        if (patients.size() == 1) {
            return id(patients.get(0));
        }
        if (patients.isEmpty() && !held.isEmpty()) {
            throw new EncounterRefusedException(
                    "the record's ehrEncounter names a visit of another patient: " + described
                            + " found " + ids(held) + ", none of Patient/" + patientId
                            + "; correct ehrEncounter (or leave it out"
                            + " to file against the visit the EHR finds) and send the record again");
        }
        throw new EncounterNotYetHeldException("the record's ehrEncounter: searched " + described + ", found "
                + (held.isEmpty()
                        ? "no Encounter"
                        : patients.size() + " Encounters of Patient/" + patientId + " (" + ids(patients)
                                + "); it names one visit"));
    }

    /** The one visit of the patient around the record's time that can take what it brings. */
    private static String found(
            ClinicRecord record, boolean readings, String patientId, Function<String, Bundle> search) {
        Instant time = time(record).toInstant().truncatedTo(ChronoUnit.SECONDS);
        String url = "Encounter?patient=" + patientId + "&date=ge" + time.minus(AROUND) + "&date=le" + time.plus(AROUND)
                + "&_count=" + PAGE;
        Set<EncounterStatus> eligible = readings ? OPEN : OPEN_OR_FINISHED;
        List<Encounter> held = encounters(search.apply(url)).stream()
                .filter(encounter -> isPatients(encounter, patientId))
                .toList();
        List<Encounter> fitting = held.stream()
                .filter(encounter -> encounter.hasStatus() && eligible.contains(encounter.getStatus()))
                .filter(encounter -> contains(encounter.getPeriod(), time))
                .toList();
        if (fitting.size() == 1) {
            return id(fitting.get(0));
        }
        String wanted = (readings
                        ? "open (arrived, triaged, in-progress, onleave: vital signs file on no other)"
                        : "open or finished")
                + " with a period containing " + time;
        throw new EncounterNotYetHeldException("searched " + url + ": " + held.size() + " Encounter"
                + (held.size() == 1 ? "" : "s") + " of the patient, "
                + (fitting.isEmpty() ? "none" : fitting.size() + " (" + ids(fitting) + ")") + " " + wanted
                + (fitting.size() > 1 ? "; not guessed: the session record's ehrEncounter can name the visit" : ""));
    }

    /**
     * When the session took place: its administration start, else its first reading (a session never given
     * may have neither); a vitals record's earliest reading; a questionnaire's authored time.
     */
    static OffsetDateTime time(ClinicRecord record) {
        Optional<OffsetDateTime> time;
        if (record instanceof SessionRecord session) {
            time = Optional.ofNullable(session.administration())
                    .map(SessionRecord.Administration::start)
                    .or(() -> earliest(session.vitals()))
                    .or(() -> Optional.ofNullable(session.monitoring()).map(SessionRecord.Monitoring::end))
                    .or(() -> Optional.ofNullable(session.discharge()).map(SessionRecord.Discharge::time));
        } else if (record instanceof VitalsRecord vitals) {
            time = earliest(vitals.readings());
        } else {
            time = Optional.ofNullable(((QuestionnaireRecord) record).authored());
        }
        return time.orElseThrow(() -> new IllegalStateException(record.label() + " has no time; intake refuses those"));
    }

    private static Optional<OffsetDateTime> earliest(List<VitalSigns> readings) {
        return readings.stream().map(VitalSigns::time).min(Comparator.naturalOrder());
    }

    /** Whether the record brings vital signs, which file only on an open visit. */
    private static boolean readings(Bundle bundle) {
        return bundle.getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource)
                .filter(Observation.class::isInstance)
                .map(Observation.class::cast)
                .anyMatch(observation -> observation.getCategory().stream()
                        .anyMatch(category -> category.hasCoding(
                                "http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs")));
    }

    private static List<Encounter> encounters(Bundle searchset) {
        return searchset.getEntry().stream()
                .filter(entry -> entry.getSearch().getMode() != Bundle.SearchEntryMode.OUTCOME)
                .map(Bundle.BundleEntryComponent::getResource)
                .filter(Encounter.class::isInstance)
                .map(Encounter.class::cast)
                .toList();
    }

    /** The subject as the EHR writes it (relative, or absolute with its base URL) names this patient. */
    private static boolean isPatients(Encounter encounter, String patientId) {
        IIdType subject = encounter.getSubject().getReferenceElement();
        return "Patient".equals(subject.getResourceType()) && patientId.equals(subject.getIdPart());
    }

    private static boolean contains(Period period, Instant time) {
        return (!period.hasStart() || !period.getStart().toInstant().isAfter(time))
                && (!period.hasEnd() || !period.getEnd().toInstant().isBefore(time));
    }

    private static String id(Encounter encounter) {
        return encounter.getIdElement().getIdPart();
    }

    private static String ids(List<Encounter> encounters) {
        return encounters.stream()
                .map(encounter -> "Encounter/" + id(encounter))
                .collect(Collectors.joining(", "));
    }
}
