package org.ketaminefhir.adapter.delivery;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BasicAuthInterceptor;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import java.net.URI;
import java.time.Clock;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Resource;
import org.ketaminefhir.adapter.delivery.auth.SmartBackendAuth;
import org.ketaminefhir.adapter.delivery.auth.SmartTokenInterceptor;

/**
 * The one way delivery talks to the EHR, whatever the plan's write style: the configured timeouts and
 * authentication (basic, bearer, SMART Backend Services with its token cache), the EHR's Retry-After read
 * on 429 and 503 ({@link RetryAfterInterceptor}), and with SMART one new token and one retry when a
 * request is answered 401 (a token revoked or expired early). Failures are thrown as HAPI raises them
 * (with the EHR's OperationOutcome); {@link EhrFailure} classifies them for every style alike.
 */
final class EhrClient {

    private final IGenericClient client;
    private final SmartBackendAuth smart;

    EhrClient(IGenericClient client, SmartBackendAuth smart, Clock clock) {
        this.client = client;
        this.smart = smart;
        client.registerInterceptor(new RetryAfterInterceptor(clock));
    }

    /** A client for {@code adapter.ehr.*} (checked: {@link EhrProperties#check()}). */
    static EhrClient of(EhrProperties ehr, FhirContext fhir, Clock clock) {
        fhir.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        fhir.getRestfulClientFactory()
                .setConnectTimeout((int) ehr.connectTimeout().toMillis());
        fhir.getRestfulClientFactory().setSocketTimeout((int) ehr.readTimeout().toMillis());
        IGenericClient client = fhir.newRestfulGenericClient(ehr.baseUrl());
        SmartBackendAuth smart = null;
        switch (ehr.auth().type()) {
            case "none" -> {}
            case "basic" ->
                client.registerInterceptor(new BasicAuthInterceptor(
                        ehr.auth().username(), ehr.auth().password()));
            case "bearer" ->
                client.registerInterceptor(
                        new BearerTokenAuthInterceptor(ehr.auth().token()));
            case "smart-backend" -> {
                smart = new SmartBackendAuth(
                        URI.create(ehr.auth().tokenUrl()),
                        ehr.auth().clientId(),
                        ehr.auth().scope(),
                        ehr.auth().keyId(),
                        ehr.auth().keyFile(),
                        clock);
                client.registerInterceptor(new SmartTokenInterceptor(smart));
            }
            default ->
                throw new IllegalStateException(
                        "checked by EhrProperties.check: " + ehr.auth().type());
        }
        return new EhrClient(client, smart, clock);
    }

    public String serverBase() {
        return client.getServerBase();
    }

    public FhirContext fhirContext() {
        return client.getFhirContext();
    }

    /** A transaction or batch Bundle (its type says which); the EHR's response Bundle. */
    public Bundle bundle(Bundle bundle) {
        return call(() -> client.transaction().withBundle(bundle).execute());
    }

    /** A search by URL relative to the base ({@code Type?param=…}); the searchset's first page. */
    public Bundle search(String url) {
        return call(() -> client.search().byUrl(url).returnBundle(Bundle.class).execute());
    }

    /** {@code POST Type}. */
    public MethodOutcome create(Resource resource) {
        return call(() -> client.create().resource(resource).execute());
    }

    /** {@code PUT Type/id} (the resource carries its id). */
    public MethodOutcome update(Resource resource) {
        return call(() -> client.update().resource(resource).execute());
    }

    /** The EHR's CapabilityStatement ({@code GET /metadata}). */
    public CapabilityStatement capabilities() {
        return call(
                () -> client.capabilities().ofType(CapabilityStatement.class).execute());
    }

    public EhrGateway.Reachability ping() {
        return MetadataPing.ping(client);
    }

    /** With SMART, a 401 gets one new token and one retry; without, it is the EHR's answer. */
    private <T> T call(Supplier<T> request) {
        try {
            return request.get();
        } catch (AuthenticationException e) {
            if (smart == null) {
                throw e;
            }
            smart.invalidate();
            return request.get();
        }
    }
}
