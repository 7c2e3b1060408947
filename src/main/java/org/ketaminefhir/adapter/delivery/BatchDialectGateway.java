package org.ketaminefhir.adapter.delivery;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.util.FhirTerser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.ketaminefhir.adapter.journal.AttemptOutcome;
import org.ketaminefhir.adapter.journal.Journal;
import org.ketaminefhir.adapter.mapping.IdentifierSearch;

/**
 * The {@code batch} dialect (contract §4), for EHRs without transactions or conditional operations
 * (Oracle Health's R4 API, domain.md §4.1). References between a batch's entries do not resolve, so the
 * bundle goes in layers: first what nothing unsent refers to (the Encounter), then what refers only to
 * resources already on the server, each reference rewritten to {@code Type/id}; Provenance last. The
 * patient is looked up by MRN once. Each resource's id is remembered in the journal, so a resend updates
 * ({@code PUT Type/id}); a resource whose id is not known yet is first searched for by its identifier,
 * so an answer lost in transit does not make a second copy on the next attempt.
 */
public final class BatchDialectGateway implements EhrGateway {

    private final IGenericClient client;
    private final Journal journal;
    private final ObjectMapper json;

    public BatchDialectGateway(IGenericClient client, Journal journal, ObjectMapper json) {
        this.client = client;
        this.journal = journal;
        this.json = json;
    }

    @Override
    public AttemptOutcome send(PreparedBundle prepared) {
        try {
            return sendInLayers(prepared.bundle());
        } catch (BaseServerResponseException e) {
            throw EhrFailure.of(e);
        }
    }

    @Override
    public String dialect() {
        return "batch";
    }

    @Override
    public Reachability reachability() {
        return MetadataPing.ping(client);
    }

    @Override
    public String describe() {
        return "FHIR batch to " + client.getServerBase();
    }

    private AttemptOutcome sendInLayers(Bundle transaction) {
        FhirTerser terser = new FhirTerser(client.getFhirContext());
        Map<String, String> literal = new HashMap<>();   // urn:uuid or conditional reference -> Type/id
        List<Bundle.BundleEntryComponent> unsent = new ArrayList<>(transaction.getEntry());
        ArrayNode ids = json.createArrayNode();
        while (!unsent.isEmpty()) {
            List<Bundle.BundleEntryComponent> layer = new ArrayList<>();
            for (Bundle.BundleEntryComponent entry : unsent) {
                if (references(entry.getResource(), terser).stream().allMatch(ref -> resolvable(ref, unsent, literal))) {
                    layer.add(entry);
                }
            }
            if (layer.isEmpty()) {
                throw new IllegalStateException("the bundle's references form a cycle; the batch dialect cannot order it");
            }
            Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
            List<Bundle.BundleEntryComponent> sent = new ArrayList<>();
            for (Bundle.BundleEntryComponent entry : layer) {
                if (entry.getRequest().hasIfNoneExist()) {
                    // a conditional create (a missing patient), which such an EHR does not do: searched here
                    Optional<String> existing = findOne(entry.getResource().fhirType() + "?" + entry.getRequest().getIfNoneExist());
                    if (existing.isPresent()) {
                        literal.put(entry.getFullUrl(), existing.get());
                        continue;
                    }
                }
                sent.add(entry);
                Resource resource = entry.getResource().copy();
                for (Reference reference : references(resource, terser)) {
                    rewrite(reference, literal);
                }
                Optional<String> key = identity(entry);
                Optional<String> id = key.flatMap(value -> journal.serverId(resource.fhirType(), value))
                        .or(() -> key.flatMap(value -> findByIdentifier(resource, value)))
                        .or(() -> idInUrl(entry));
                if (id.isPresent()) {
                    resource.setId(id.get());
                    batch.addEntry().setResource(resource).getRequest().setMethod(Bundle.HTTPVerb.PUT)
                            .setUrl(resource.fhirType() + "/" + id.get());
                } else {
                    resource.setId((String) null);
                    batch.addEntry().setResource(resource).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl(resource.fhirType());
                }
            }
            Bundle response = sent.isEmpty() ? new Bundle() : client.transaction().withBundle(batch).execute();
            for (int i = 0; i < sent.size(); i++) {
                Bundle.BundleEntryResponseComponent answer = response.getEntry().get(i).getResponse();
                if (!answer.getStatus().startsWith("2")) {
                    int status = Integer.parseInt(answer.getStatus().substring(0, 3));
                    throw BaseServerResponseException.newInstance(status, sent.get(i).getResource().fhirType()
                            + " refused in the batch: " + answer.getStatus());
                }
                IdType id = new IdType(answer.getLocation());
                String type = sent.get(i).getResource().fhirType();
                literal.put(sent.get(i).getFullUrl(), type + "/" + id.getIdPart());
                identity(sent.get(i)).ifPresent(value -> journal.rememberServerId(type, value, id.getIdPart()));
                ids.addObject().put("type", type).put("id", id.getIdPart()).put("version", id.getVersionIdPart());
            }
            unsent.removeAll(layer);
        }
        return AttemptOutcome.delivered(200, "batch accepted", ids.toString());
    }

    private static List<Reference> references(Resource resource, FhirTerser terser) {
        return terser.getAllPopulatedChildElementsOfType(resource, Reference.class);
    }

    /** A reference this layer can send: to a resource already on the server, or a conditional one we resolve. */
    private boolean resolvable(Reference reference, List<Bundle.BundleEntryComponent> unsent, Map<String, String> literal) {
        String target = reference.getReference();
        if (target == null || target.startsWith("#") || literal.containsKey(target)) {
            return true;
        }
        if (target.contains("?")) {
            return true;  // looked up when rewritten
        }
        return unsent.stream().noneMatch(entry -> target.equals(entry.getFullUrl()));
    }

    /** urn:uuid → Type/id of a resource sent in an earlier layer; Type?identifier=… → Type/id by search. */
    private void rewrite(Reference reference, Map<String, String> literal) {
        String target = reference.getReference();
        if (target == null || target.startsWith("#")) {
            return;
        }
        if (literal.containsKey(target)) {
            reference.setReference(literal.get(target));
        } else if (target.contains("?")) {
            String resolved = literal.computeIfAbsent(target, this::search);
            reference.setReference(resolved);
        }
    }

    private String search(String conditional) {
        // an unknown patient is named as such by EhrFailure, as in the transaction dialect
        return findOne(conditional).orElseThrow(() -> BaseServerResponseException.newInstance(412,
                "no resource matches " + conditional));
    }

    /** Type/id of the one resource the search finds, if any; several is an error (which one is meant?). */
    private Optional<String> findOne(String conditional) {
        Bundle found = client.search().byUrl(conditional).returnBundle(Bundle.class).execute();
        if (found.getEntry().size() > 1) {
            throw BaseServerResponseException.newInstance(412, "several resources match " + conditional);
        }
        return found.getEntry().stream().findFirst().map(Bundle.BundleEntryComponent::getResource)
                .map(resource -> resource.fhirType() + "/" + resource.getIdElement().getIdPart());
    }

    private Optional<String> findByIdentifier(Resource resource, String identifierValue) {
        String system = identifierSystem(resource);
        if (system == null) {
            return Optional.empty();
        }
        // several with the identifier are refused as by findOne: creating yet another would add a copy
        return findOne(IdentifierSearch.url(resource.fhirType(), system, identifierValue)).map(found -> new IdType(found).getIdPart());
    }

    /** The business identifier's value (or, for Provenance, its deterministic id) that names the resource. */
    private static Optional<String> identity(Bundle.BundleEntryComponent entry) {
        return IdentifierSearch.value(entry.getRequest().getUrl());
    }

    /**
     * The id of an entry sent to {@code Type/id} (Provenance); none for a conditional URL or a create at
     * {@code Type} (a missing patient), which must be POSTed: read as an id, "Patient" made every created patient one.
     */
    private static Optional<String> idInUrl(Bundle.BundleEntryComponent entry) {
        String url = entry.getRequest().getUrl();
        IdType id = new IdType(url);
        return url.contains("?") || !id.hasResourceType() ? Optional.empty() : Optional.of(id.getIdPart());
    }

    private static String identifierSystem(Resource resource) {
        if (resource.getNamedProperty("identifier") == null) {
            return null;
        }
        return resource.getNamedProperty("identifier").getValues().stream()
                .filter(Identifier.class::isInstance).map(v -> ((Identifier) v).getSystem()).findFirst().orElse(null);
    }
}
