package org.ketaminefhir.adapter.delivery.auth;

import ca.uhn.fhir.rest.client.api.IClientInterceptor;
import ca.uhn.fhir.rest.client.api.IHttpRequest;
import ca.uhn.fhir.rest.client.api.IHttpResponse;

/** Puts the SMART Backend Services access token on every request to the EHR. */
public final class SmartTokenInterceptor implements IClientInterceptor {

    private final SmartBackendAuth auth;

    public SmartTokenInterceptor(SmartBackendAuth auth) {
        this.auth = auth;
    }

    @Override
    public void interceptRequest(IHttpRequest request) {
        request.removeHeaders("Authorization");
        request.addHeader("Authorization", "Bearer " + auth.token());
    }

    @Override
    public void interceptResponse(IHttpResponse response) {
        // a 401 is handled by the gateway: it invalidates the token and tries once more
    }
}
