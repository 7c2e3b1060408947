package org.ketaminefhir.adapter.delivery;

import static org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction.UPDATE;

import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.util.FhirTerser;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.ketaminefhir.adapter.ehr.DeliveryReport;
import org.ketaminefhir.adapter.ehr.EhrCapabilities;
import org.ketaminefhir.adapter.ehr.EncounterOwner;
import org.ketaminefhir.adapter.ehr.ResourceRule;
import org.ketaminefhir.adapter.ehr.WritePlan;
import org.ketaminefhir.adapter.ehr.WriteStyle;
import org.ketaminefhir.adapter.journal.Journal;
import org.ketaminefhir.adapter.mapping.IdentifierSearch;

/**
 * One record's delivery to an EHR without transactions or conditional operations ({@code batch} and
 * {@code single} plans). References between the resources of one request do not resolve there, so the
 * record goes in layers: first what refers to nothing unsent (the Encounter), then what refers only to
 * resources already on the EHR, each reference rewritten to the {@code Type/id} the EHR gave; Provenance
 * last. A layer is one batch Bundle, or one create or update per resource. Identity without conditional
 * operations: the patient is found by MRN with a search; each resource's id is remembered in the journal's
 * write ledger; before any create, the search of {@link LostAnswerSearch} looks for what an attempt whose
 * answer was lost created, so a resend never makes a second copy, and what it cannot tell apart (several
 * matches) waits for a person. A correction or retraction updates the resource where the EHR declares
 * updates for its type; elsewhere the report says it was not sent.
 */
final class LayeredWrites {

    private static final String RETRACTED = "entered-in-error";

    private final EhrClient client;
    private final Journal journal;
    private final WritePlan plan;
    private final EhrCapabilities capabilities;
    private final EhrEncounters encounters;
    private final PreparedBundle prepared;
    private final FhirTerser terser;
    /** urn:uuid or conditional reference → Type/id on the EHR. */
    private final Map<String, String> literal = new HashMap<>();
    /** Entries delivered without an id the adapter knows (an "already exists" answer): references to them are left out. */
    private final Set<String> withoutId = new HashSet<>();

    private final ArrayNode ids;
    private DeliveryReport report;
    private String patient;

    /**
     * @param capabilities the EHR's statement, or null when it could not be read (then updates are assumed)
     * @param encounters   finds the EHR's own visit where the plan files against it; null: by identifier
     */
    LayeredWrites(
            EhrClient client,
            Journal journal,
            WritePlan plan,
            EhrCapabilities capabilities,
            EhrEncounters encounters,
            PreparedBundle prepared,
            DeliveryReport report,
            ArrayNode ids) {
        this.client = client;
        this.journal = journal;
        this.plan = plan;
        this.capabilities = capabilities;
        this.encounters = encounters;
        this.prepared = prepared;
        this.report = report;
        this.ids = ids;
        this.terser = new FhirTerser(client.fhirContext());
    }

    /** Sends the shaped bundle; the report, with what delivery found it could not send. */
    DeliveryReport send(Bundle shaped) {
        List<BundleEntryComponent> unsent = new ArrayList<>(shaped.getEntry());
        while (!unsent.isEmpty()) {
            List<BundleEntryComponent> layer = unsent.stream()
                    .filter(entry -> references(entry.getResource()).stream().allMatch(ref -> ready(ref, unsent)))
                    .toList();
            if (layer.isEmpty()) {
                throw new IllegalStateException("the bundle's references form a cycle; it cannot be sent in layers");
            }
            List<Write> writes = new ArrayList<>();
            for (BundleEntryComponent entry : layer) {
                write(entry).ifPresent(writes::add);
            }
            if (plan.writes() == WriteStyle.BATCH) {
                sendAsBatch(writes);
            } else {
                writes.forEach(this::sendAlone);
            }
            unsent.removeAll(layer);
        }
        return report;
    }

    /** A create or update to send: the entry, the resource as sent, and the ledger key. */
    private record Write(BundleEntryComponent entry, Resource resource, boolean update, String key) {
        String type() {
            return resource.fhirType();
        }
    }

    /** What to send for an entry; empty when it is on the EHR already or cannot be sent (the report says so). */
    private Optional<Write> write(BundleEntryComponent entry) {
        Resource resource = entry.getResource().copy();
        String type = resource.fhirType();
        rewrite(resource);
        if (entry.getRequest().hasIfNoneExist()) {
            // a missing patient's conditional create, which such an EHR does not do: searched here
            Optional<String> existing = findOne(type + "?" + entry.getRequest().getIfNoneExist());
            if (existing.isPresent()) {
                delivered(entry, existing.get(), null);
                return Optional.empty();
            }
            resource.setId((String) null);
            return Optional.of(new Write(entry, resource, false, null));
        }
        String clientId = idInUrl(entry).orElse(null);
        String key = IdentifierSearch.value(entry.getRequest().getUrl()).orElse(clientId);
        if (clientId != null && updates(type)) {
            // an id the adapter gives (Provenance): a PUT there creates it once and replaces it after
            resource.setId(clientId);
            return Optional.of(new Write(entry, resource, true, key));
        }
        Optional<String> known = key == null ? Optional.empty() : journal.serverId(type, key);
        if (known.isEmpty()) {
            known = LostAnswerSearch.url(resource, plan.rule(resource).find(), capabilities)
                    .flatMap(search -> findOne(search, resource))
                    .map(found -> new IdType(found).getIdPart());
            known.ifPresent(id -> remember(type, key, id));
        }
        boolean retraction = RETRACTED.equals(status(resource));
        boolean correction = retraction || prepared.entry().revision() > 1;
        if (known.isPresent()) {
            ResourceRule rule = plan.rule(resource);
            if (correction && updates(type) && !retraction && !rule.mayUpdateTo(status(resource))) {
                // an EHR whose update takes only some statuses (Oracle Health's amended or corrected): a
                // corrected record's final resource is, once on the EHR, amended
                resource.setProperty(
                        "status", new CodeType(rule.updateStatuses().get(0)));
            }
            if (correction && updates(type) && rule.mayUpdateTo(status(resource))) {
                resource.setId(known.get());
                return Optional.of(new Write(entry, resource, true, key));
            }
            if (correction) {
                report = report.withheld(
                        type,
                        (retraction ? "the retraction" : "the correction") + " is not sent: "
                                + (updates(type)
                                        ? "this EHR's " + type + " update takes only status "
                                                + String.join(" or ", rule.updateStatuses())
                                        : "the EHR's CapabilityStatement declares no " + type + " update"));
            }
            delivered(entry, type + "/" + known.get(), null);
            return Optional.empty();
        }
        if (retraction) {
            report = report.withheld(type, "nothing to retract: the EHR holds no copy of it");
            withoutId.add(entry.getFullUrl());
            return Optional.empty();
        }
        resource.setId((String) null);
        return Optional.of(new Write(entry, resource, false, key));
    }

    private void sendAlone(Write write) {
        try {
            MethodOutcome outcome = write.update() ? client.update(write.resource()) : client.create(write.resource());
            IIdType id = outcome.getId();
            delivered(write, id == null ? null : id.getIdPart(), id == null ? null : id.getVersionIdPart());
        } catch (BaseServerResponseException e) {
            if (!AlreadyExists.says(e, plan.alreadyExists())) {
                throw e;
            }
            withoutId.add(write.entry().getFullUrl());
        }
    }

    /** One batch for the layer; every entry the EHR took is remembered before the first refusal is thrown. */
    private void sendAsBatch(List<Write> writes) {
        if (writes.isEmpty()) {
            return;
        }
        Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
        for (Write write : writes) {
            batch.addEntry()
                    .setResource(write.resource())
                    .getRequest()
                    .setMethod(write.update() ? Bundle.HTTPVerb.PUT : Bundle.HTTPVerb.POST)
                    .setUrl(
                            write.update()
                                    ? write.type() + "/"
                                            + write.resource().getIdElement().getIdPart()
                                    : write.type());
        }
        Bundle response = client.bundle(batch);
        BaseServerResponseException refused = null;
        for (int i = 0; i < writes.size(); i++) {
            Bundle.BundleEntryResponseComponent answer =
                    response.getEntry().get(i).getResponse();
            if (answer.getStatus().startsWith("2")) {
                IdType id = new IdType(answer.getLocation());
                delivered(writes.get(i), id.getIdPart(), id.getVersionIdPart());
                continue;
            }
            BaseServerResponseException refusal = BaseServerResponseException.newInstance(
                    Integer.parseInt(answer.getStatus().substring(0, 3)),
                    writes.get(i).type() + " refused in the batch: " + answer.getStatus());
            if (answer.getOutcome() instanceof OperationOutcome outcome) {
                refusal.setOperationOutcome(outcome);
            }
            if (AlreadyExists.says(refusal, plan.alreadyExists())) {
                withoutId.add(writes.get(i).entry().getFullUrl());
            } else if (refused == null) {
                refused = refusal;
            }
        }
        if (refused != null) {
            throw refused;
        }
    }

    private void delivered(Write write, String id, String version) {
        if (id == null) {
            withoutId.add(write.entry().getFullUrl());
            return;
        }
        remember(write.type(), write.key(), id);
        delivered(write.entry(), write.type() + "/" + id, version);
    }

    private void delivered(BundleEntryComponent entry, String typeAndId, String version) {
        literal.put(entry.getFullUrl(), typeAndId);
        IdType id = new IdType(typeAndId);
        ids.addObject()
                .put("type", id.getResourceType())
                .put("id", id.getIdPart())
                .put("version", version);
    }

    private void remember(String type, String key, String id) {
        if (key != null) {
            journal.rememberServerId(type, key, id);
        }
    }

    private boolean updates(String type) {
        return capabilities == null || capabilities.offers(type, UPDATE);
    }

    private List<Reference> references(Resource resource) {
        return terser.getAllPopulatedChildElementsOfType(resource, Reference.class);
    }

    /** A reference this layer can send: to nothing of this record still unsent. */
    private static boolean ready(Reference reference, List<BundleEntryComponent> unsent) {
        String target = reference.getReference();
        return target == null || unsent.stream().noneMatch(entry -> target.equals(entry.getFullUrl()));
    }

    /**
     * Every reference to the id the EHR gave: the patient's first (the visit the EHR holds is found for
     * that patient), then the rest; a reference to what was delivered without a known id is left out.
     */
    private void rewrite(Resource resource) {
        List<Reference> references = references(resource);
        references.stream().filter(LayeredWrites::toPatient).forEach(this::rewrite);
        references.stream().filter(reference -> !toPatient(reference)).forEach(this::rewrite);
        terser.getAllPopulatedChildElementsOfType(resource, Reference.class).stream()
                .filter(reference -> withoutId.contains(reference.getReference()))
                .forEach(reference -> reference.setReference(null));
        visitOfARecordWithoutSession(resource).ifPresent(visit -> visit.setReference("Encounter/" + recordsVisit()));
    }

    /**
     * Where the EHR owns encounters, the reading or note of a record that names no session (a form or a
     * reading of its own) still needs a visit: Epic files them only against one it holds.
     */
    private Optional<Reference> visitOfARecordWithoutSession(Resource resource) {
        if (plan.encounter() != EncounterOwner.EHR || encounters == null || patient == null) {
            return Optional.empty();
        }
        Reference visit = resource instanceof Observation reading
                ? reading.getEncounter()
                : resource instanceof DocumentReference note ? note.getContext().getEncounterFirstRep() : null;
        return visit == null || visit.hasReference() ? Optional.empty() : Optional.of(visit);
    }

    /** The visit the EHR finds for the patient at the record's time, remembered in the ledger under the record. */
    private String recordsVisit() {
        String key = prepared.entry().kind() + "/" + prepared.entry().sourceId() + "/ehr-visit";
        return journal.serverId("Encounter", key).orElseGet(() -> {
            String id = encounters.encounterFor(prepared, key, patient, client::search);
            remember("Encounter", key, id);
            return id;
        });
    }

    private static boolean toPatient(Reference reference) {
        return reference.getReference() != null && reference.getReference().startsWith("Patient");
    }

    private void rewrite(Reference reference) {
        String target = reference.getReference();
        if (target == null || target.startsWith("#") || withoutId.contains(target)) {
            return;
        }
        if (literal.containsKey(target)) {
            reference.setReference(literal.get(target));
        } else if (target.contains("?")) {
            reference.setReference(literal.computeIfAbsent(target, this::resolve));
        }
        if (reference.getReference().startsWith("Patient/")) {
            patient = reference.getReference();
        }
    }

    /** A reference by search, which such an EHR does not resolve: the ledger, the EHR's own visit, or a search. */
    private String resolve(String conditional) {
        String type = conditional.substring(0, conditional.indexOf('?'));
        Optional<String> key = IdentifierSearch.value(conditional);
        Optional<String> known = key.flatMap(value -> journal.serverId(type, value));
        if (known.isPresent()) {
            return type + "/" + known.get();
        }
        if (type.equals("Encounter") && plan.encounter() == EncounterOwner.EHR) {
            return ehrEncounter(conditional, key.orElse(null));
        }
        // an unknown patient is named as such by EhrFailure
        return findOne(conditional)
                .orElseThrow(() -> BaseServerResponseException.newInstance(412, "no resource matches " + conditional));
    }

    /** The visit the EHR holds for the session: its lookup, or (none configured) the visit carrying the identifier. */
    private String ehrEncounter(String conditional, String sessionEncounter) {
        String id;
        if (encounters != null && patient != null) {
            id = encounters.encounterFor(prepared, sessionEncounter, patient, client::search);
        } else {
            id = findOne(conditional)
                    .map(found -> new IdType(found).getIdPart())
                    .orElseThrow(() ->
                            new EncounterNotYetHeldException("the EHR holds no Encounter found by " + conditional));
        }
        remember("Encounter", sessionEncounter, id);
        return "Encounter/" + id;
    }

    private Optional<String> findOne(String search) {
        return findOne(search, null);
    }

    /**
     * Type/id of the one resource the search finds, if any; several is an error (which one is meant?). A
     * match that keeps an identifier of the adapter's other than {@code ours}' is another record's (two forms
     * answered in the same minute): not a candidate.
     */
    private Optional<String> findOne(String search, Resource ours) {
        Bundle found = client.search(search);
        List<Resource> matches = found.getEntry().stream()
                .map(BundleEntryComponent::getResource)
                .filter(resource -> resource != null && !"OperationOutcome".equals(resource.fhirType()))
                .filter(resource -> ours == null || !anotherRecords(resource, ours))
                .toList();
        if (matches.size() > 1) {
            throw BaseServerResponseException.newInstance(
                    412,
                    "several resources match " + search
                            + ": which one is this record's cannot be told, so none is written; a person removes the extra copies");
        }
        return matches.stream()
                .findFirst()
                .map(resource ->
                        resource.fhirType() + "/" + resource.getIdElement().getIdPart());
    }

    private static boolean anotherRecords(Resource match, Resource ours) {
        List<Identifier> mine = identifiers(ours);
        return mine.stream()
                .anyMatch(id -> identifiers(match).stream()
                        .anyMatch(theirs -> id.getSystem().equals(theirs.getSystem())
                                && !id.getValue().equals(theirs.getValue())));
    }

    private static List<Identifier> identifiers(Resource resource) {
        Property identifier = resource.getNamedProperty("identifier");
        return identifier == null
                ? List.of()
                : identifier.getValues().stream()
                        .filter(Identifier.class::isInstance)
                        .map(Identifier.class::cast)
                        .filter(id -> id.hasSystem() && id.hasValue())
                        .toList();
    }

    /** The resource's status code; null for a type without one (Patient, Provenance). */
    static String status(Resource resource) {
        Property status = resource.getNamedProperty("status");
        return status == null || !status.hasValues()
                ? null
                : status.getValues().get(0).primitiveValue();
    }

    /**
     * The id of an entry sent to {@code Type/id} (Provenance); none for a conditional URL or a create at
     * {@code Type} (a missing patient), which must be POSTed: read as an id, "Patient" made every created patient one.
     */
    private static Optional<String> idInUrl(BundleEntryComponent entry) {
        String url = entry.getRequest().getUrl();
        IdType id = new IdType(url);
        return url.contains("?") || !id.hasResourceType() ? Optional.empty() : Optional.of(id.getIdPart());
    }
}
