package org.ketaminefhir.testserver;

import static org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction.CREATE;
import static org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction.DELETE;
import static org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction.HISTORYINSTANCE;
import static org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction.HISTORYTYPE;
import static org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction.PATCH;
import static org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction.READ;
import static org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction.SEARCHTYPE;
import static org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction.UPDATE;
import static org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction.VREAD;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement.SystemRestfulInteraction;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.hl7.fhir.r4.model.IdType;
import org.ketaminefhir.adapter.ehr.EhrCapabilities;

/**
 * Makes the server refuse what a vendor's CapabilityStatement does not declare, as that vendor's EHR does:
 * a system transaction or batch (405), an interaction on a resource type (405), a conditional create or
 * update (400), a reference by search such as {@code Patient?identifier=…} (400); then the vendor's own
 * rules ({@link VendorRules}, 422). Creates, updates and deletes are checked again where they are stored,
 * so inside a batch only the refused entry fails, with its own status and OperationOutcome, as on a real
 * server. A request with {@code X-Ehr-Sim-Seed: true} passes: that is how a test puts in what the EHR
 * already holds. Internal work of the server (no HTTP request) is never shaped.
 */
@Interceptor
final class CapabilityShape {

    static final String SEED_HEADER = "X-Ehr-Sim-Seed";

    private final EhrCapabilities capabilities;
    private final VendorRules rules;
    private final AttemptLog attempts;
    private final FhirContext fhir;

    CapabilityShape(EhrCapabilities capabilities, VendorRules rules, AttemptLog attempts, FhirContext fhir) {
        this.capabilities = capabilities;
        this.rules = rules;
        this.attempts = attempts;
        this.fhir = fhir;
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
    public void incoming(RequestDetails request, RestOperationTypeEnum operation) {
        if (operation == null || seeding(request)) {
            return;
        }
        String type = request.getResourceName();
        Optional<Refusal> refusal = switch (operation) {
            case TRANSACTION -> bundle(request);
            case CREATE ->
                undeclared(type, CREATE)
                        .or(() ->
                                request.getHeader("If-None-Exist") != null ? conditionalCreate(type) : Optional.empty())
                        .or(() -> referenceBySearch(request.getResource()));
            case UPDATE ->
                undeclared(type, UPDATE)
                        .or(() -> request.getConditionalUrl(RestOperationTypeEnum.UPDATE) != null
                                ? conditionalUpdate(type)
                                : Optional.empty())
                        .or(() -> referenceBySearch(request.getResource()));
            case PATCH -> undeclared(type, PATCH);
            case DELETE -> undeclared(type, DELETE);
            case READ -> undeclared(type, READ);
            case VREAD -> undeclared(type, VREAD);
            case SEARCH_TYPE -> undeclared(type, SEARCHTYPE);
            case HISTORY_INSTANCE -> undeclared(type, HISTORYINSTANCE);
            case HISTORY_TYPE -> undeclared(type, HISTORYTYPE);
            case SEARCH_SYSTEM -> undeclared(SystemRestfulInteraction.SEARCHSYSTEM);
            case HISTORY_SYSTEM -> undeclared(SystemRestfulInteraction.HISTORYSYSTEM);
            default -> Optional.empty(); // /metadata, paging, operations ($expunge for tests, $validate)
        };
        // a Bundle's GET entry comes here as a sub-request of its own, with a relative URL only
        String url = request.getCompleteUrl() != null ? request.getCompleteUrl() : request.getRequestPath();
        refusal.ifPresent(r -> refuse(request.getRequestType().name(), url, r));
    }

    /** Every create, also a batch entry's and a PUT that creates. */
    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
    public void created(IBaseResource resource, RequestDetails request) {
        if (shaped(request)) {
            undeclared(resource.fhirType(), CREATE)
                    .or(() -> rules.create(resource))
                    .ifPresent(r -> refuse("POST", stored(request, resource.fhirType()), r));
        }
    }

    /** Every update and patch, also a batch entry's. */
    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
    public void updated(IBaseResource previous, IBaseResource resource, RequestDetails request) {
        if (shaped(request)) {
            String at = resource.getIdElement().toUnqualifiedVersionless().getValue();
            TypeRestfulInteraction how = patched(request, at) ? PATCH : UPDATE;
            undeclared(resource.fhirType(), how)
                    .or(() -> rules.update(resource))
                    .ifPresent(r -> refuse(how == PATCH ? "PATCH" : "PUT", stored(request, at), r));
        }
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
    public void deleted(IBaseResource resource, RequestDetails request) {
        if (shaped(request)) {
            undeclared(resource.fhirType(), DELETE)
                    .ifPresent(r -> refuse(
                            "DELETE",
                            stored(
                                    request,
                                    resource.getIdElement()
                                            .toUnqualifiedVersionless()
                                            .getValue()),
                            r));
        }
    }

    private Optional<Refusal> bundle(RequestDetails request) {
        if (!(request.getResource() instanceof Bundle bundle)) {
            return Optional.empty();
        }
        return undeclared(
                        bundle.getType() == Bundle.BundleType.BATCH
                                ? SystemRestfulInteraction.BATCH
                                : SystemRestfulInteraction.TRANSACTION)
                .or(() -> bundle.getEntry().stream()
                        .map(this::conditionalOrBySearch)
                        .flatMap(Optional::stream)
                        .findFirst());
    }

    /** Checked for the whole Bundle: the entries' own interactions are checked as each is stored. */
    private Optional<Refusal> conditionalOrBySearch(Bundle.BundleEntryComponent entry) {
        Bundle.BundleEntryRequestComponent request = entry.getRequest();
        String url = request.hasUrl() ? request.getUrl() : "";
        String type = url.replaceAll("[/?].*$", "");
        if (request.hasIfNoneExist()) {
            return conditionalCreate(type);
        }
        if (request.getMethod() == Bundle.HTTPVerb.PUT && url.contains("?")) {
            return conditionalUpdate(type);
        }
        return referenceBySearch(entry.getResource());
    }

    private Optional<Refusal> conditionalCreate(String type) {
        return capabilities.offersConditionalCreate(type)
                ? Optional.empty()
                : Optional.of(Refusal.notDeclared(400, type + ": this EHR does not support conditional create"));
    }

    private Optional<Refusal> conditionalUpdate(String type) {
        return capabilities.offersConditionalUpdate(type)
                ? Optional.empty()
                : Optional.of(Refusal.notDeclared(400, type + ": this EHR does not support conditional update"));
    }

    /** No vendor of the three resolves {@code Type?search} references: the reference must name a server id. */
    private Optional<Refusal> referenceBySearch(IBaseResource resource) {
        if (resource == null) {
            return Optional.empty();
        }
        return fhir.newTerser().getAllResourceReferences(resource).stream()
                .filter(info -> {
                    String reference =
                            info.getResourceReference().getReferenceElement().getValue();
                    return reference != null && reference.contains("?");
                })
                .findFirst()
                .map(info -> Refusal.notDeclared(
                        400,
                        resource.fhirType() + "." + info.getName()
                                + ": this EHR does not resolve references by search (Type?…)"));
    }

    private Optional<Refusal> undeclared(SystemRestfulInteraction interaction) {
        return capabilities.systemInteractions().contains(interaction)
                ? Optional.empty()
                : Optional.of(Refusal.notDeclared(
                        405, "this EHR does not support the system '" + interaction.toCode() + "' interaction"));
    }

    private Optional<Refusal> undeclared(String type, TypeRestfulInteraction interaction) {
        if (type == null || capabilities.offers(type, interaction)) {
            return Optional.empty();
        }
        return Optional.of(Refusal.notDeclared(
                405, type + ": this EHR does not support the '" + interaction.toCode() + "' interaction on " + type));
    }

    /**
     * Whether the update the storage sees is a patch: the request is one, or a Bundle entry patches that
     * resource (the storage does not say which entry it stores, so a Bundle that both patches and puts one
     * resource counts as patching it).
     */
    private static boolean patched(RequestDetails request, String at) {
        if (request.getRestOperationType() == RestOperationTypeEnum.PATCH) {
            return true;
        }
        return request.getResource() instanceof Bundle bundle
                && bundle.getEntry().stream()
                        .map(Bundle.BundleEntryComponent::getRequest)
                        .anyMatch(r -> r.getMethod() == Bundle.HTTPVerb.PATCH
                                && new IdType(r.getUrl())
                                        .toUnqualifiedVersionless()
                                        .getValue()
                                        .equals(at));
    }

    /** Where a refused write was sent: the request's URL, or for a Bundle entry its type or {@code type/id}. */
    private static String stored(RequestDetails request, String entry) {
        return request.getRestOperationType() == RestOperationTypeEnum.TRANSACTION ? entry : request.getCompleteUrl();
    }

    private void refuse(String method, String url, Refusal refusal) {
        attempts.refused(method, url, refusal);
        throw refusal.exception();
    }

    /** A client's request, not the server's own work, and not a test seeding what the EHR holds. */
    private static boolean shaped(RequestDetails request) {
        return request instanceof ServletRequestDetails && !seeding(request);
    }

    private static boolean seeding(RequestDetails request) {
        return request != null && "true".equalsIgnoreCase(request.getHeader(SEED_HEADER));
    }
}
