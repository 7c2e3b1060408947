package org.ketaminefhir.adapter.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.adapter.testsupport.RunningAdapter;
import org.ketaminefhir.testserver.InProcessFhirServer;

/**
 * Growing past one machine: two adapter instances on one PostgreSQL journal share one workload (each
 * delivers some of it, by its own metric); every record is delivered once (one attempt), and the EHR holds each once.
 */
class TwoInstancesIT {

    private static final int RECORDS = 200;
    private static final int PATIENTS = 20;
    private static final String MRN_SYSTEM = "urn:oid:2.16.840.1.113883.3.999.4";
    private static final String NAMESPACE = "urn:ketamine-fhir-adapter:clinic:two-instances-it";

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void twoInstancesShareTheWorkAndDeliverEachRecordOnce() throws Exception {
        InProcessFhirServer ehr = InProcessFhirServer.shared();
        for (int p = 0; p < PATIENTS; p++) {
            ehr.ensurePatient(MRN_SYSTEM, "TI-" + p);
        }
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            try (Connection connection = postgres.getPostgresDatabase().getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("create database journal");
            }
            String url = postgres.getJdbcUrl("postgres", "journal");
            try (RunningAdapter one = adapter(url, ehr);
                    RunningAdapter two = adapter(url, ehr)) {
                for (int batch = 0; batch < RECORDS / 50; batch++) {
                    ArrayNode records = json.createArrayNode();
                    for (int i = batch * 50; i < (batch + 1) * 50; i++) {
                        var record = records.addObject().put("kind", "vitals").put("sourceId", "TI-V-" + i);
                        record.putObject("patient").put("mrn", "TI-" + (i % PATIENTS));
                        record.putArray("readings")
                                .addObject()
                                .put("time", "2026-11-20T09:15:00-08:00")
                                .put("spo2", 95 + i % 5);
                    }
                    RunningAdapter target = batch % 2 == 0 ? one : two;
                    assertThat(target.client()
                                    .postJson("/api/v1/records", records)
                                    .status())
                            .isEqualTo(202);
                }

                await().atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofSeconds(1))
                        .until(() -> one.client()
                                        .state("vitals", "TI-V-" + (RECORDS - 1))
                                        .equals("delivered")
                                && two.client()
                                        .state("vitals", "TI-V-" + (RECORDS - 2))
                                        .equals("delivered"));
                for (int i = 0; i < RECORDS; i++) {
                    JsonNode status =
                            one.client().get("/api/v1/records/vitals/TI-V-" + i).body();
                    assertThat(status.get("state").asText()).as("TI-V-" + i).isEqualTo("delivered");
                    assertThat(status.get("attemptLog"))
                            .as("attempts of TI-V-" + i)
                            .hasSize(1);
                }
                double byOne = delivered(one);
                double byTwo = delivered(two);
                assertThat(byOne).as("delivered by the first instance").isPositive();
                assertThat(byTwo).as("delivered by the second instance").isPositive();
                assertThat(byOne + byTwo).isEqualTo(RECORDS);
            }
        }
        int total = 0;
        for (int p = 0; p < PATIENTS; p++) {
            total += ehr.client()
                    .search()
                    .byUrl("Observation?subject:Patient.identifier=" + MRN_SYSTEM + "|TI-" + p + "&_summary=count")
                    .returnBundle(Bundle.class)
                    .execute()
                    .getTotal();
        }
        assertThat(total).isEqualTo(RECORDS);
    }

    /** The instance's own count of records it delivered (its metric adapter_records_delivered_total). */
    private static double delivered(RunningAdapter instance) {
        Counter counter = instance.bean(MeterRegistry.class)
                .find("adapter.records.delivered")
                .tag("kind", "vitals")
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static RunningAdapter adapter(String url, InProcessFhirServer ehr) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("spring.datasource.url", url);
        properties.put("spring.datasource.username", "postgres");
        properties.put("spring.datasource.password", "postgres");
        properties.put("adapter.ehr.base-url", ehr.baseUrl());
        properties.put("adapter.ehr.dialect", "transaction");
        properties.put("adapter.clinic.identifier-system", NAMESPACE);
        properties.put("adapter.patients.mrn-system", MRN_SYSTEM);
        properties.put("adapter.delivery.poll-interval", "100ms");
        properties.put("adapter.delivery.batch-size", "10");
        return new RunningAdapter(properties);
    }
}
