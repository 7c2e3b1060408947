package org.ketaminefhir.adapter.delivery;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import org.ketaminefhir.adapter.delivery.auth.SmartBackendAuth;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Clock;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseOperationOutcome;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.ketaminefhir.adapter.journal.AttemptOutcome;

/**
 * The {@code transaction} dialect (contract §4): one transaction Bundle per record, every entry a
 * conditional update on its identifier, so a resend after a lost answer changes nothing.
 */
public final class FhirTransactionGateway implements EhrGateway {

    private final IGenericClient client;
    private final ObjectMapper json;
    private final SmartBackendAuth smart;

    /** @param smart the SMART Backend Services token source, or null when the EHR uses another authentication */
    public FhirTransactionGateway(IGenericClient client, ObjectMapper json, Clock clock, SmartBackendAuth smart) {
        this.client = client;
        this.json = json;
        this.smart = smart;
        client.registerInterceptor(new RetryAfterInterceptor(clock));
    }

    @Override
    public AttemptOutcome send(PreparedBundle prepared) {
        Bundle response;
        try {
            response = transaction(prepared.bundle());
        } catch (FhirClientConnectionException e) {
            // a subclass of BaseServerResponseException with no HTTP status: caught first
            throw new EhrUnavailableException(null, "the EHR could not be reached: " + rootCause(e));
        } catch (BaseServerResponseException e) {
            throw classify(e);
        }
        return AttemptOutcome.delivered(200, "transaction accepted", fhirIds(response));
    }

    /** One transaction; with SMART, a 401 (a token revoked or expired early) gets one new token and one retry. */
    private Bundle transaction(Bundle bundle) {
        try {
            return client.transaction().withBundle(bundle).execute();
        } catch (AuthenticationException e) {
            if (smart == null) {
                throw e;
            }
            smart.invalidate();
            return client.transaction().withBundle(bundle).execute();
        }
    }

    @Override
    public String describe() {
        return "FHIR transaction to " + client.getServerBase();
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")");
    }

    /**
     * 5xx, 408 (timeout), 409 (a conflict with a concurrent write) and 429 (throttled) are worth another
     * try (a Retry-After is read by {@link RetryAfterInterceptor}); any other 4xx will not change on a resend.
     */
    private static RuntimeException classify(BaseServerResponseException e) {
        int status = e.getStatusCode();
        String detail = "HTTP " + status + ": " + diagnostics(e);
        boolean worthRetrying = status >= 500 || status == 408 || status == 409 || status == 429;
        if (worthRetrying) {
            return new EhrUnavailableException(status, detail);
        }
        if (detail.contains("Patient?identifier=")) {
            // the conditional reference found no Patient with that MRN (contract §5, create-missing false)
            detail = "the patient is unknown to the EHR; " + detail;
        }
        return new EhrRejectedException(status, detail,
                e.getOperationOutcome() instanceof OperationOutcome outcome ? outcome : null);
    }

    private static String diagnostics(BaseServerResponseException e) {
        IBaseOperationOutcome outcome = e.getOperationOutcome();
        if (outcome instanceof OperationOutcome operationOutcome && !operationOutcome.getIssue().isEmpty()) {
            return operationOutcome.getIssue().stream()
                    .map(issue -> issue.getSeverity().toCode() + " " + issue.getCode().toCode() + ": " + issue.getDiagnostics())
                    .collect(Collectors.joining("; "));
        }
        return e.getMessage();
    }

    /** The id and version the EHR gave each entry, from the transaction-response locations. */
    private String fhirIds(Bundle response) {
        ArrayNode ids = json.createArrayNode();
        for (Bundle.BundleEntryComponent entry : response.getEntry()) {
            if (entry.getResponse().hasLocation()) {
                IdType id = new IdType(entry.getResponse().getLocation());
                ids.addObject().put("type", id.getResourceType()).put("id", id.getIdPart()).put("version", id.getVersionIdPart());
            }
        }
        return ids.toString();
    }
}
