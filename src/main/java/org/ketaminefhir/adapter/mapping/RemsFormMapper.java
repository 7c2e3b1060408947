package org.ketaminefhir.adapter.mapping;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.ketaminefhir.adapter.record.SessionRecord;
import org.ketaminefhir.adapter.record.VitalSigns;
import org.ketaminefhir.adapter.vitalsign.VitalSignCatalog;
import org.ketaminefhir.adapter.vitalsign.VitalSignDefinition;

/**
 * The SPRAVATO REMS Patient Monitoring Form for every esketamine session (docs/fhir.md, Codes and their sources), as a
 * QuestionnaireResponse to fhir-profiles/Questionnaire-spravato-rems-pmf.json, filled from the record
 * and {@link RemsSetting}. The completeness check names every required element that is missing and
 * every REMS rule broken (monitoring under 2 hours, no blood pressure about 40 minutes after the dose);
 * the findings travel in the form itself, which stays {@code in-progress} until there are none.
 */
final class RemsFormMapper {

    // the form asks for the blood pressure before, 40 minutes after and at the end of the dose
    private static final VitalSignDefinition BLOOD_PRESSURE = VitalSignCatalog.standard()
            .definition("blood-pressure")
            .orElseThrow(() -> new IllegalStateException("the vital-sign catalog has no blood-pressure definition"));

    static final String PART = "rems-patient-monitoring-form";
    private static final Duration MINIMUM_MONITORING = Duration.ofHours(2);
    // "at about 40 minutes after dosing" (label, docs/fhir.md, Codes and their sources): a reading 30 to 50 minutes
    // after the start counts
    private static final Duration FORTY_MINUTES_FROM = Duration.ofMinutes(30);
    private static final Duration FORTY_MINUTES_TO = Duration.ofMinutes(50);

    private final RemsSetting setting;

    RemsFormMapper(RemsSetting setting) {
        this.setting = setting;
    }

    void map(SessionRecord session, MappingScope scope, Reference encounter) {
        if (!setting.enabled() || !"esketamine".equals(session.medication().drug())) {
            return;
        }
        Form form = new Form();
        form.group("patient")
                .answer("first-name", text(session.patient().firstName()), "patient first name")
                .answer("last-name", text(session.patient().lastName()), "patient last name")
                .answer(
                        "birth-date",
                        Optional.ofNullable(session.patient().birthDate()).map(d -> new DateType(d.toString())),
                        "patient birth date")
                .answer("sex", text(session.patient().sex()), "patient sex");
        SessionRecord.ConcomitantMedications medications = session.concomitantMedications();
        form.group("concomitant")
                .answer(
                        "benzodiazepines",
                        yesNo(medications == null ? null : medications.benzodiazepines()),
                        "concomitant benzodiazepines (yes/no)")
                .answer(
                        "non-benzodiazepine-sedative-hypnotics",
                        yesNo(medications == null ? null : medications.nonBenzodiazepineSedativeHypnotics()),
                        "concomitant non-benzodiazepine sedative hypnotics (yes/no)")
                .answer(
                        "psychostimulants",
                        yesNo(medications == null ? null : medications.psychostimulants()),
                        "concomitant psychostimulants (yes/no)")
                .answer("maois", yesNo(medications == null ? null : medications.maois()), "concomitant MAOIs (yes/no)")
                .optional("opioids", yesNo(medications == null ? null : medications.opioids()));
        form.group("monitoring-hcp")
                .answer(
                        "name",
                        text(monitoringClinician(session)),
                        "monitoring healthcare provider (a clinician with role monitoring or prescriber)")
                .answer(
                        "telephone",
                        text(setting.monitoringTelephone()),
                        "monitoring telephone (adapter.rems.monitoring-telephone)")
                .answer("email", text(setting.monitoringEmail()), "monitoring email (adapter.rems.monitoring-email)");
        form.group("setting")
                .answer("name", text(setting.settingName()), "setting name (adapter.rems.setting-name)")
                .answer("address-1", text(setting.address1()), "setting address (adapter.rems.address1)")
                .optional("address-2", text(setting.address2()))
                .answer("city", text(setting.city()), "setting city (adapter.rems.city)")
                .answer("state", text(setting.state()), "setting state (adapter.rems.state)")
                .answer("zip", text(setting.zip()), "setting ZIP (adapter.rems.zip)");
        OffsetDateTime start = session.administration().start();
        Optional<OffsetDateTime> end = Optional.ofNullable(session.monitoring()).map(SessionRecord.Monitoring::end);
        Optional<Long> minutes = end.map(e -> Duration.between(start, e).toMinutes());
        form.group("session")
                .answer(
                        "treatment-date",
                        Optional.of(new DateType(start.toLocalDate().toString())),
                        "treatment date")
                .answer(
                        "dose-mg",
                        Optional.ofNullable(session.medication().doseMg()).map(DecimalType::new),
                        "dose administered")
                .answer("lot-number", text(session.medication().lotNumber()), "lot number")
                .answer(
                        "total-minutes",
                        minutes.map(m -> new IntegerType(m.intValue())),
                        "monitoring end (for the total minutes)")
                .answer(
                        "ready-to-leave-minutes",
                        Optional.ofNullable(session.monitoring())
                                .map(SessionRecord.Monitoring::readyToLeaveMinutes)
                                .map(IntegerType::new),
                        "minutes until ready to leave had there been no 2-hour minimum");
        minutes.filter(m -> m < MINIMUM_MONITORING.toMinutes())
                .ifPresent(m -> form.finding("monitoring lasted " + m + " minutes; the REMS requires at least "
                        + MINIMUM_MONITORING.toMinutes()));
        Optional<VitalSigns> before = lastPressure(session, r -> !r.time().isAfter(start));
        Optional<VitalSigns> forty = session.vitals().stream()
                .filter(RemsFormMapper::hasPressure)
                .filter(r -> within(r.time(), start.plus(FORTY_MINUTES_FROM), start.plus(FORTY_MINUTES_TO)))
                .min(Comparator.comparing(
                        r -> Duration.between(start.plusMinutes(40), r.time()).abs()));
        Optional<VitalSigns> completion = lastPressure(session, r -> r.time().isAfter(start.plus(FORTY_MINUTES_TO)));
        form.group("blood-pressure")
                .answer(
                        "before-administration",
                        before.map(RemsFormMapper::pressure),
                        "a blood pressure before administration")
                .answer(
                        "40-minutes",
                        forty.map(RemsFormMapper::pressure),
                        "a blood pressure about 40 minutes after administration (30 to 50 minutes)")
                .answer(
                        "before-completion",
                        completion.map(RemsFormMapper::pressure),
                        "a blood pressure before session completion (after the 40-minute reading)");
        form.group("effects")
                .optional("sedation", effect(session, "MOAA/S", score -> score < 5))
                .optional("dissociation", effect(session, "CADSS", total -> total > 0));

        QuestionnaireResponse response = form.response();
        response.getMeta().addProfile(Profiles.REMS_FORM_RESPONSE);
        response.setQuestionnaire(CodeSystems.CANONICAL_BASE + "/Questionnaire/spravato-rems-pmf");
        response.setSubject(scope.patient());
        response.setEncounter(encounter);
        response.setAuthoredElement(FhirTime.dateTime(end.orElse(start)));
        scope.add(PART, response);
    }

    /** The form being filled: its groups, and what the completeness check found. */
    private static final class Form {
        private final QuestionnaireResponse response = new QuestionnaireResponse();
        private final List<String> findings = new ArrayList<>();

        Group group(String linkId) {
            return new Group(this, response.addItem().setLinkId(linkId));
        }

        void finding(String text) {
            findings.add(text);
        }

        QuestionnaireResponse response() {
            for (String finding : findings) {
                response.addItem().setLinkId("completeness").addAnswer().setValue(new StringType(finding));
            }
            // the item carries many answers when it repeats: merge them into one item
            List<QuestionnaireResponseItemComponent> completeness = response.getItem().stream()
                    .filter(i -> i.getLinkId().equals("completeness"))
                    .toList();
            if (completeness.size() > 1) {
                completeness.subList(1, completeness.size()).forEach(i -> {
                    completeness.get(0).getAnswer().addAll(i.getAnswer());
                    response.getItem().remove(i);
                });
            }
            response.setStatus(
                    findings.isEmpty()
                            ? QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED
                            : QuestionnaireResponse.QuestionnaireResponseStatus.INPROGRESS);
            return response;
        }
    }

    private record Group(Form form, QuestionnaireResponseItemComponent item) {
        /** A required element: answered, or named as missing. */
        Group answer(String linkId, Optional<? extends Type> value, String whatIsMissing) {
            if (value.isPresent()) {
                item.addItem()
                        .setLinkId(item.getLinkId() + "." + linkId)
                        .addAnswer()
                        .setValue(value.get());
            } else {
                form.finding("missing: " + whatIsMissing);
            }
            return this;
        }

        Group optional(String linkId, Optional<? extends Type> value) {
            value.ifPresent(v -> item.addItem()
                    .setLinkId(item.getLinkId() + "." + linkId)
                    .addAnswer()
                    .setValue(v));
            return this;
        }
    }

    private static Optional<StringType> text(String value) {
        return Optional.ofNullable(value).filter(v -> !v.isBlank()).map(StringType::new);
    }

    private static Optional<BooleanType> yesNo(Boolean value) {
        return Optional.ofNullable(value).map(BooleanType::new);
    }

    private static String monitoringClinician(SessionRecord session) {
        return session.clinicians().stream()
                .filter(c -> c.role().equals("monitoring"))
                .findFirst()
                .or(() -> session.clinicians().stream()
                        .filter(c -> c.role().equals("prescriber"))
                        .findFirst())
                .map(SessionRecord.Clinician::name)
                .orElse(null);
    }

    private static Optional<VitalSigns> lastPressure(SessionRecord session, Predicate<VitalSigns> when) {
        return session.vitals().stream()
                .filter(RemsFormMapper::hasPressure)
                .filter(when)
                .max(Comparator.comparing(VitalSigns::time));
    }

    private static boolean hasPressure(VitalSigns reading) {
        return BLOOD_PRESSURE.measurements().stream().allMatch(m -> reading.value(m.field()) != null);
    }

    private static boolean within(OffsetDateTime time, OffsetDateTime from, OffsetDateTime to) {
        return !time.isBefore(from) && !time.isAfter(to);
    }

    /** "systolic/diastolic", as the form asks for it. */
    private static StringType pressure(VitalSigns reading) {
        return new StringType(BLOOD_PRESSURE.measurements().stream()
                .map(m -> plain(reading.value(m.field())))
                .collect(Collectors.joining("/")));
    }

    private static Optional<BooleanType> effect(SessionRecord session, String instrument, Predicate<Integer> observed) {
        List<Integer> values = session.assessments().stream()
                .filter(a -> a.instrument().equals(instrument))
                .map(SessionRecord.Assessment::value)
                .toList();
        return values.isEmpty()
                ? Optional.empty()
                : Optional.of(new BooleanType(values.stream().anyMatch(observed)));
    }

    private static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }
}
