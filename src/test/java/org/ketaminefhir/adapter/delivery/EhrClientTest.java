package org.ketaminefhir.adapter.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.util.Base64;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.adapter.delivery.auth.SmartBackendAuth;
import org.ketaminefhir.adapter.delivery.auth.SmartTokenInterceptor;

/**
 * The one client every write style uses: with SMART, a search or a single create answered 401 gets one new
 * token and one retry, as a transaction does; a second 401 is the EHR's answer.
 */
class EhrClientTest {

    private WireMockServer ehr;
    private EhrClient client;

    @BeforeEach
    void start() throws Exception {
        ehr = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        ehr.start();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        Path keyFile = Files.createTempFile("smart-", ".pem");
        Files.writeString(
                keyFile,
                "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder()
                                .encodeToString(
                                        generator.generateKeyPair().getPrivate().getEncoded())
                        + "\n-----END PRIVATE KEY-----\n");
        ehr.stubFor(post(urlEqualTo("/token"))
                .inScenario("tokens")
                .whenScenarioStateIs(STARTED)
                .willReturn(json("{\"access_token\": \"tok-1\", \"token_type\": \"bearer\", \"expires_in\": 300}"))
                .willSetStateTo("second"));
        ehr.stubFor(post(urlEqualTo("/token"))
                .inScenario("tokens")
                .whenScenarioStateIs("second")
                .willReturn(json("{\"access_token\": \"tok-2\", \"token_type\": \"bearer\", \"expires_in\": 300}")));
        SmartBackendAuth smart = new SmartBackendAuth(
                URI.create(ehr.baseUrl() + "/token"), "kfa", "system/Observation.cu", "k1", keyFile, Clock.systemUTC());
        FhirContext fhir = FhirContext.forR4Cached();
        fhir.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        IGenericClient generic = fhir.newRestfulGenericClient(ehr.baseUrl() + "/fhir");
        generic.registerInterceptor(new SmartTokenInterceptor(smart));
        client = new EhrClient(generic, smart, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        ehr.stop();
    }

    @Test
    void aSearchAnswered401GetsOneNewTokenAndOneRetry() {
        ehr.stubFor(get(urlPathEqualTo("/fhir/Observation"))
                .withHeader("Authorization", equalTo("Bearer tok-1"))
                .willReturn(aResponse().withStatus(401)));
        ehr.stubFor(get(urlPathEqualTo("/fhir/Observation"))
                .withHeader("Authorization", equalTo("Bearer tok-2"))
                .willReturn(json("{\"resourceType\": \"Bundle\", \"type\": \"searchset\"}")));

        assertThat(client.search("Observation?code=8867-4").getEntry()).isEmpty();

        assertThat(ehr.findAll(postRequestedFor(urlEqualTo("/token")))).hasSize(2);
        assertThat(ehr.findAll(getRequestedFor(urlPathEqualTo("/fhir/Observation"))))
                .hasSize(2);
    }

    @Test
    void aSingleCreateAnswered401TwiceIsRefusedAfterOneRetry() {
        ehr.stubFor(post(urlEqualTo("/fhir/Observation")).willReturn(aResponse().withStatus(401)));

        assertThat(catchThrowableOfType(AuthenticationException.class, () -> client.create(new Observation())))
                .isNotNull();
        assertThat(ehr.findAll(postRequestedFor(urlEqualTo("/fhir/Observation"))))
                .hasSize(2);
        assertThat(ehr.findAll(postRequestedFor(urlEqualTo("/token")))).hasSize(2);
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/fhir+json")
                .withBody(body);
    }
}
