package org.ketaminefhir.adapter.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ketaminefhir.adapter.testsupport.Examples;
import org.ketaminefhir.adapter.testsupport.RunningAdapter;

/**
 * {@code adapter.ehr.dialect: auto} (the older name of {@code adapter.ehr.plan: auto}): the plan {@code full},
 * fitted to what the EHR's CapabilityStatement declares, sends a transaction where it declares transactions
 * and conditional updates, else batches. (The vendor plans auto recognizes: {@code WritePlanDeliveryIT}.)
 */
class AutoPlanIT {

    private WireMockServer ehr;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void start() {
        ehr = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        ehr.start();
    }

    @AfterEach
    void stop() {
        ehr.stop();
    }

    @ParameterizedTest
    @CsvSource({"true, transaction", "false, batch"})
    void theCapabilityStatementChoosesTheDialect(boolean declaresTransactions, String bundleType) throws Exception {
        String interactions = declaresTransactions
                ? "[{\"code\": \"transaction\"}, {\"code\": \"batch\"}]"
                : "[{\"code\": \"batch\"}]";
        ehr.stubFor(get(urlPathEqualTo("/fhir/metadata"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/fhir+json")
                        .withBody("""
                        {"resourceType": "CapabilityStatement", "status": "active", "kind": "instance", "fhirVersion": "4.0.1",
                         "format": ["json"], "date": "2026-08-14",
                         "rest": [{"mode": "server", "interaction": %s,
                                   "resource": [
                                     {"type": "Patient", "interaction": [{"code": "search-type"}], "searchParam": [{"name": "identifier", "type": "token"}]},
                                     {"type": "Observation", "conditionalUpdate": %s,
                                      "interaction": [{"code": "create"}, {"code": "update"}, {"code": "search-type"}],
                                      "searchParam": [{"name": "identifier", "type": "token"}]},
                                     {"type": "Provenance", "interaction": [{"code": "create"}, {"code": "update"}]}]}]}
                        """.formatted(interactions, declaresTransactions))));
        ehr.stubFor(get(urlPathEqualTo("/fhir/Patient"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/fhir+json")
                        .withBody("""
                        {"resourceType": "Bundle", "type": "searchset", "entry": [{"resource": {"resourceType": "Patient", "id": "p1"}}]}
                        """)));
        ehr.stubFor(get(urlPathEqualTo("/fhir/Observation"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/fhir+json")
                        .withBody("{\"resourceType\": \"Bundle\", \"type\": \"searchset\"}")));
        ehr.stubFor(get(urlPathEqualTo("/fhir/Provenance"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/fhir+json")
                        .withBody("{\"resourceType\": \"Bundle\", \"type\": \"searchset\"}")));
        ehr.stubFor(post(urlEqualTo("/fhir"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/fhir+json")
                        .withBody("""
                        {"resourceType": "Bundle", "type": "batch-response", "entry": [
                          {"response": {"status": "201 Created", "location": "Observation/1/_history/1"}},
                          {"response": {"status": "201 Created", "location": "Observation/2/_history/1"}},
                          {"response": {"status": "201 Created", "location": "Observation/3/_history/1"}},
                          {"response": {"status": "201 Created", "location": "Observation/4/_history/1"}},
                          {"response": {"status": "201 Created", "location": "Observation/5/_history/1"}},
                          {"response": {"status": "201 Created", "location": "Observation/6/_history/1"}},
                          {"response": {"status": "201 Created", "location": "Provenance/7/_history/1"}}]}
                        """)));
        try (RunningAdapter adapter = new RunningAdapter(Map.of(
                "spring.datasource.url", "jdbc:h2:mem:dialect-" + declaresTransactions + ";DB_CLOSE_DELAY=-1",
                "adapter.ehr.base-url", ehr.baseUrl() + "/fhir",
                "adapter.ehr.dialect", "auto"))) {
            adapter.client().post("/api/v1/records", "application/json", Examples.bytes("vitals.json"));
            await().atMost(Duration.ofMinutes(3))
                    .until(() ->
                            !ehr.findAll(postRequestedFor(urlEqualTo("/fhir"))).isEmpty());

            String sent =
                    ehr.findAll(postRequestedFor(urlEqualTo("/fhir"))).get(0).getBodyAsString();
            assertThat(json.readTree(sent).get("type").asText()).isEqualTo(bundleType);
        }
    }
}
