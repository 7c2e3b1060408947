package org.ketaminefhir.adapter.mapping;

import java.time.OffsetDateTime;
import java.util.Optional;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.ketaminefhir.adapter.record.SessionRecord;

/**
 * What a session records beyond vital signs and scales, as US Core simple Observations with the
 * adapter's local codes: each adverse event (type, severity, treatment given) and the discharge
 * assessment (clinically stable, escort). EHRs rarely accept AdverseEvent writes (docs/fhir.md, Codes and their sources),
 * and AdverseEvent has no place for the treatment given, so these are Observations.
 */
final class SessionFindingsMapper {

    void map(SessionRecord session, MappingScope scope, Reference encounter, Reference administration) {
        for (int i = 0; i < session.adverseEvents().size(); i++) {
            SessionRecord.AdverseEvent event = session.adverseEvents().get(i);
            Observation observation =
                    finding("adverse-event", "Adverse event during ketamine treatment session", scope, encounter);
            observation.setValue(new CodeableConcept(
                            local(event.type(), event.type().replace('-', ' ')))
                    .setText(event.text() != null ? event.text() : event.type().replace('-', ' ')));
            if (event.severity() != null) {
                observation
                        .addComponent()
                        .setCode(new CodeableConcept(local("adverse-event-severity", "Severity of the adverse event")))
                        .setValue(new CodeableConcept(
                                new Coding(CodeSystems.ADVERSE_EVENT_SEVERITY, event.severity(), null)));
            }
            if (event.treatment() != null) {
                observation.addNote().setText("Treatment: " + event.treatment());
            }
            Optional.ofNullable(event.time()).ifPresent(t -> observation.setEffective(FhirTime.dateTime(t)));
            observation.addPartOf(administration);
            // the time names the part when there is one, so a correction that reorders events keeps identities
            String when = event.time() != null ? FhirTime.part(event.time()) : "item-" + (i + 1);
            scope.add("adverse-event/" + event.type() + "/" + when, observation);
        }
        SessionRecord.Discharge discharge = session.discharge();
        if (discharge == null) {
            return;
        }
        Optional<OffsetDateTime> when = Optional.ofNullable(discharge.time())
                .or(() -> Optional.ofNullable(session.monitoring()).map(SessionRecord.Monitoring::end));
        if (discharge.clinicallyStable() != null) {
            Observation stable =
                    finding("clinically-stable-at-discharge", "Clinically stable at discharge", scope, encounter);
            stable.setValue(new BooleanType(discharge.clinicallyStable()));
            when.ifPresent(t -> stable.setEffective(FhirTime.dateTime(t)));
            scope.add("discharge/clinically-stable", stable);
        }
        if (discharge.escort() != null) {
            Observation escort =
                    finding("escort-at-discharge", "Accompanied by an escort at discharge", scope, encounter);
            escort.setValue(new BooleanType(discharge.escort()));
            when.ifPresent(t -> escort.setEffective(FhirTime.dateTime(t)));
            scope.add("discharge/escort", escort);
        }
    }

    private static Observation finding(String code, String display, MappingScope scope, Reference encounter) {
        Observation observation = new Observation();
        observation.getMeta().addProfile(Profiles.SIMPLE_OBSERVATION);
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.addCategory(new CodeableConcept(new Coding(CodeSystems.OBSERVATION_CATEGORY, "exam", "Exam")));
        observation.setCode(new CodeableConcept(local(code, display)).setText(display));
        observation.setSubject(scope.patient());
        observation.setEncounter(encounter);
        return observation;
    }

    private static Coding local(String code, String display) {
        return new Coding(CodeSystems.LOCAL_SESSION_FINDINGS, code, display);
    }
}
