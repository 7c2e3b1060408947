package org.ketaminefhir.adapter.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ketaminefhir.adapter.testsupport.Examples;
import org.ketaminefhir.adapter.testsupport.RunningAdapter;

/**
 * SMART Backend Services against a token endpoint that checks what a real one checks: the client
 * assertion's algorithm, signature (with the public key the client registered), and claims; the token is
 * cached across records and renewed once on a 401.
 */
class SmartBackendIT {

    private static final String TRANSACTION_RESPONSE = """
            {"resourceType": "Bundle", "type": "transaction-response", "entry": []}
            """;

    private static WireMockServer ehr;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() {
        ehr = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        ehr.start();
    }

    @AfterAll
    static void stop() {
        ehr.stop();
    }

    @ParameterizedTest
    @ValueSource(strings = {"RS384", "ES384"})
    void theClientAssertionIsSignedAndTheTokenCachedAndRenewedOnce(String algorithm) throws Exception {
        ehr.resetAll();
        KeyPair keys = keys(algorithm);
        Path keyFile = Files.createTempFile("smart-", ".pem");
        Files.writeString(
                keyFile,
                "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder()
                                .encodeToString(keys.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        ehr.stubFor(post(urlEqualTo("/token"))
                .inScenario("tokens")
                .whenScenarioStateIs(STARTED)
                .willReturn(okJson("{\"access_token\": \"tok-1\", \"token_type\": \"bearer\", \"expires_in\": 300}"))
                .willSetStateTo("second"));
        ehr.stubFor(post(urlEqualTo("/token"))
                .inScenario("tokens")
                .whenScenarioStateIs("second")
                .willReturn(okJson("{\"access_token\": \"tok-2\", \"token_type\": \"bearer\", \"expires_in\": 300}")));
        ehr.stubFor(post(urlEqualTo("/fhir"))
                .withHeader("Authorization", equalTo("Bearer tok-1"))
                .willReturn(okFhir()));
        ehr.stubFor(post(urlEqualTo("/fhir"))
                .withHeader("Authorization", equalTo("Bearer tok-2"))
                .willReturn(okFhir()));
        Map<String, Object> properties = new HashMap<>();
        properties.put("spring.datasource.url", "jdbc:h2:mem:smart-" + algorithm + ";DB_CLOSE_DELAY=-1");
        properties.put("adapter.ehr.base-url", ehr.baseUrl() + "/fhir");
        properties.put("adapter.ehr.dialect", "transaction");
        properties.put("adapter.ehr.auth.type", "smart-backend");
        properties.put("adapter.ehr.auth.token-url", ehr.baseUrl() + "/token");
        properties.put("adapter.ehr.auth.client-id", "ketamine-clinic-adapter");
        properties.put("adapter.ehr.auth.key-id", "key-2026-11");
        properties.put("adapter.ehr.auth.key-file", keyFile.toString());
        try (RunningAdapter adapter = new RunningAdapter(properties)) {
            adapter.client().post("/api/v1/records", "application/json", Examples.bytes("vitals.json"));
            await().atMost(Duration.ofMinutes(3))
                    .until(() -> adapter.client().state("vitals", "V-88231").equals("delivered"));
            adapter.client()
                    .postJson("/api/v1/records", Examples.json("vitals.json").put("sourceId", "V-88232"));
            await().atMost(Duration.ofMinutes(3))
                    .until(() -> adapter.client().state("vitals", "V-88232").equals("delivered"));

            List<LoggedRequest> tokenRequests = ehr.findAll(postRequestedFor(urlEqualTo("/token")));
            assertThat(tokenRequests).as("one token for both records (cached)").hasSize(1);
            Map<String, String> form = form(tokenRequests.get(0).getBodyAsString());
            assertThat(form)
                    .containsEntry("grant_type", "client_credentials")
                    .containsEntry("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
            assertThat(form.get("scope")).contains("system/Observation.cu");
            assertClientAssertion(form.get("client_assertion"), algorithm, keys);

            // the EHR revokes tok-1: one 401, one new token, one retry, delivered
            ehr.stubFor(post(urlEqualTo("/fhir"))
                    .withHeader("Authorization", equalTo("Bearer tok-1"))
                    .willReturn(aResponse().withStatus(401)));
            adapter.client()
                    .postJson("/api/v1/records", Examples.json("vitals.json").put("sourceId", "V-88233"));
            await().atMost(Duration.ofMinutes(3))
                    .until(() -> adapter.client().state("vitals", "V-88233").equals("delivered"));
            assertThat(ehr.findAll(postRequestedFor(urlEqualTo("/token")))).hasSize(2);
            assertThat(adapter.client()
                            .get("/api/v1/records/vitals/V-88233")
                            .body()
                            .get("attemptLog"))
                    .hasSize(1);
        }
    }

    private void assertClientAssertion(String jwt, String algorithm, KeyPair keys) throws Exception {
        String[] parts = jwt.split("\\.");
        assertThat(parts).hasSize(3);
        JsonNode header = json.readTree(Base64.getUrlDecoder().decode(parts[0]));
        JsonNode claims = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertThat(header.get("alg").asText()).isEqualTo(algorithm);
        assertThat(header.get("kid").asText()).isEqualTo("key-2026-11");
        assertThat(header.get("typ").asText()).isEqualTo("JWT");
        assertThat(claims.get("iss").asText()).isEqualTo("ketamine-clinic-adapter");
        assertThat(claims.get("sub").asText()).isEqualTo("ketamine-clinic-adapter");
        assertThat(claims.get("aud").asText()).isEqualTo(ehr.baseUrl() + "/token");
        assertThat(claims.get("jti").asText()).isNotBlank();
        long now = Instant.now().getEpochSecond();
        assertThat(claims.get("exp").asLong()).isGreaterThan(now).isLessThanOrEqualTo(now + 300);
        Signature verifier =
                Signature.getInstance(algorithm.equals("ES384") ? "SHA384withECDSAinP1363Format" : "SHA384withRSA");
        verifier.initVerify(keys.getPublic());
        verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(verifier.verify(Base64.getUrlDecoder().decode(parts[2])))
                .as("signature")
                .isTrue();
    }

    private static KeyPair keys(String algorithm) throws Exception {
        if (algorithm.equals("ES384")) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp384r1"));
            return generator.generateKeyPair();
        }
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            form.put(
                    URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return form;
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder okJson(String body) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder okFhir() {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/fhir+json")
                .withBody(TRANSACTION_RESPONSE);
    }
}
