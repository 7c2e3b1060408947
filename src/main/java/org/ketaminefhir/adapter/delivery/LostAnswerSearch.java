package org.ketaminefhir.adapter.delivery;

import static org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction.SEARCHTYPE;

import ca.uhn.fhir.util.UrlUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.ketaminefhir.adapter.ehr.EhrCapabilities;
import org.ketaminefhir.adapter.ehr.LostAnswerLookup;
import org.ketaminefhir.adapter.mapping.IdentifierSearch;

/**
 * The search that finds what an earlier attempt may have created when its answer was lost, run before
 * every create of a plan without conditional creates. By identifier where the EHR keeps a client's
 * identifier and searches by it; else by what the EHR does keep: the patient and the code and time of a
 * reading, the type and period of a note, the form and the time a questionnaire was answered, the start of a visit, the
 * target of a Provenance. The resource's references are already the EHR's ids ({@code Patient/123}).
 */
final class LostAnswerSearch {

    private LostAnswerSearch() {}

    /**
     * @param how        the plan's rule; null: by identifier when the EHR declares an {@code identifier} search
     *                   for the type (or its statement could not be read), else by content
     * @return the search URL; empty when the resource carries nothing to search by (it is created as it is)
     */
    static Optional<String> url(Resource resource, LostAnswerLookup how, EhrCapabilities capabilities) {
        String type = resource.fhirType();
        if (capabilities != null && !capabilities.offers(type, SEARCHTYPE)) {
            return Optional.empty();
        }
        LostAnswerLookup lookup = how != null
                ? how
                : capabilities == null || capabilities.searchParams(type).contains("identifier")
                        ? LostAnswerLookup.IDENTIFIER
                        : LostAnswerLookup.CONTENT;
        return lookup == LostAnswerLookup.IDENTIFIER
                ? byIdentifier(resource).or(() -> byContent(resource))
                : byContent(resource);
    }

    private static Optional<String> byIdentifier(Resource resource) {
        if (resource.getNamedProperty("identifier") == null) {
            return Optional.empty();
        }
        return resource.getNamedProperty("identifier").getValues().stream()
                .filter(Identifier.class::isInstance)
                .map(Identifier.class::cast)
                .filter(id -> id.hasSystem() && id.hasValue())
                .findFirst()
                .map(id -> IdentifierSearch.url(resource.fhirType(), id.getSystem(), id.getValue()));
    }

    private static Optional<String> byContent(Resource resource) {
        List<String> params = new ArrayList<>();
        if (resource instanceof Observation reading) {
            patient(params, reading.getSubject());
            token(params, "code", reading.getCode().getCodingFirstRep());
            if (reading.hasEffectiveDateTimeType()) {
                date(params, "date", "", reading.getEffectiveDateTimeType().getValueAsString());
            } else if (reading.hasEffectivePeriod()) {
                within(
                        params,
                        "date",
                        reading.getEffectivePeriod().getStartElement().getValueAsString());
            }
        } else if (resource instanceof DocumentReference note) {
            patient(params, note.getSubject());
            token(params, "type", note.getType().getCodingFirstRep());
            // the period the note is about, not its date: that is when the adapter wrote it, another on a resend
            if (note.getContext().getPeriod().hasStart()) {
                within(
                        params,
                        "period",
                        note.getContext().getPeriod().getStartElement().getValueAsString());
            }
        } else if (resource instanceof QuestionnaireResponse answers) {
            patient(params, answers.getSubject());
            if (answers.hasQuestionnaire()) {
                params.add("questionnaire=" + UrlUtil.escapeUrlParam(answers.getQuestionnaire()));
            }
            if (answers.hasAuthored()) {
                date(params, "authored", "", answers.getAuthoredElement().getValueAsString());
            }
        } else if (resource instanceof Encounter visit) {
            patient(params, visit.getSubject());
            if (visit.getPeriod().hasStart()) {
                within(params, "date", visit.getPeriod().getStartElement().getValueAsString());
            }
        } else if (resource instanceof MedicationAdministration administration) {
            patient(params, administration.getSubject());
            if (administration.hasEffectivePeriod()
                    && administration.getEffectivePeriod().hasStart()) {
                within(
                        params,
                        "effective-time",
                        administration.getEffectivePeriod().getStartElement().getValueAsString());
            } else if (administration.hasEffectiveDateTimeType()) {
                date(
                        params,
                        "effective-time",
                        "",
                        administration.getEffectiveDateTimeType().getValueAsString());
            }
        } else if (resource instanceof Provenance provenance) {
            if (provenance.hasTarget() && provenance.getTargetFirstRep().hasReference()) {
                params.add("target="
                        + UrlUtil.escapeUrlParam(provenance.getTargetFirstRep().getReference()));
            }
        }
        // a patient alone would match every resource of the type the patient has: not a search for this one
        int needed = resource instanceof Provenance ? 1 : 2;
        return params.size() < needed
                ? Optional.empty()
                : Optional.of(resource.fhirType() + "?" + String.join("&", params));
    }

    private static void patient(List<String> params, Reference subject) {
        if (subject.hasReference() && subject.getReference().startsWith("Patient/")) {
            params.add("patient=" + UrlUtil.escapeUrlParam(subject.getReference()));
        }
    }

    private static void token(List<String> params, String name, Coding coding) {
        if (coding.hasCode()) {
            params.add(name + "=" + (coding.hasSystem() ? IdentifierSearch.encoded(coding.getSystem()) + "|" : "")
                    + IdentifierSearch.encoded(coding.getCode()));
        }
    }

    private static void date(List<String> params, String name, String prefix, String value) {
        params.add(name + "=" + prefix + UrlUtil.escapeUrlParam(value));
    }

    /** A period (or a date range) that contains this instant. */
    private static void within(List<String> params, String name, String instant) {
        date(params, name, "ge", instant);
        date(params, name, "le", instant);
    }
}
