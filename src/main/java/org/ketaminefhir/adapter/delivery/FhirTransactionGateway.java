package org.ketaminefhir.adapter.delivery;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Clock;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.ketaminefhir.adapter.delivery.auth.SmartBackendAuth;
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
        } catch (BaseServerResponseException e) {
            throw EhrFailure.of(e);
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
    public String dialect() {
        return "transaction";
    }

    @Override
    public Reachability reachability() {
        return MetadataPing.ping(client);
    }

    @Override
    public String describe() {
        return "FHIR transaction to " + client.getServerBase();
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
