package org.ketaminefhir.adapter.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.adapter.api.auth.Role;
import org.ketaminefhir.adapter.testsupport.AdapterClient;
import org.ketaminefhir.adapter.testsupport.Examples;
import org.ketaminefhir.adapter.testsupport.RunningAdapter;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Retention: after adapter.journal.payload-retention the journal no longer holds a delivered record's
 * patient data, while what it did with the record (states, attempts, FHIR ids, audit) stays.
 */
class PayloadRetentionIT {

    @Test
    void aDeliveredRecordLosesItsBodyAfterTheRetentionAndKeepsItsHistory() {
        try (RunningAdapter adapter = new RunningAdapter(Map.of(
                "spring.datasource.url", "jdbc:h2:mem:retention-it;DB_CLOSE_DELAY=-1",
                "adapter.outbox.dir",
                        Path.of("target", "test-outbox", "retention-" + System.nanoTime())
                                .toString(),
                "adapter.journal.payload-retention", "2s",
                "adapter.journal.purge-interval", "500ms"))) {
            AdapterClient admin = adapter.client();
            ObjectNode delivered = Examples.json("vitals.json").put("sourceId", "V-retention-1");
            ((ObjectNode) delivered.get("patient")).put("mrn", "RET-000451").put("lastName", "Retentionson");
            delivered.remove("sessionSourceId");
            assertThat(admin.as(Role.SUBMITTER)
                            .postJson("/api/v1/records", delivered)
                            .status())
                    .isEqualTo(202);
            await().atMost(Duration.ofMinutes(3))
                    .until(() -> admin.state("vitals", "V-retention-1").equals("delivered"));
            assertThat(admin.get("/api/v1/records/vitals/V-retention-1")
                            .body()
                            .path("mrn")
                            .asText())
                    .endsWith("51");

            await().atMost(Duration.ofMinutes(3))
                    .until(() -> !admin.get("/api/v1/records/vitals/V-retention-1")
                            .body()
                            .path("purgedAt")
                            .isNull());

            JsonNode status = admin.get("/api/v1/records/vitals/V-retention-1").body();
            assertThat(status.path("state").asText()).isEqualTo("delivered");
            assertThat(status.path("mrn").asText()).isEqualTo("(purged)");
            assertThat(status.path("attemptLog")).hasSize(1);
            assertThat(status.path("submissions").get(0).path("submittedBy").asText())
                    .isEqualTo("test-submitter");
            Map<String, Object> row = adapter.bean(JdbcTemplate.class)
                    .queryForMap(
                            "select payload, delivered_payload from journal_record where source_id = 'V-retention-1'");
            assertThat(row.get("PAYLOAD")).isNull();
            assertThat(row.get("DELIVERED_PAYLOAD")).isNull();
            assertThat(admin.post("/api/v1/records/vitals/V-retention-1/reveal-mrn", "application/json", new byte[0])
                            .status())
                    .as("an MRN that is no longer kept cannot be revealed")
                    .isEqualTo(410);

            // an identical resend is still recognised (by the hash kept per revision), not stored again
            JsonNode resend = admin.as(Role.SUBMITTER)
                    .postJson("/api/v1/records", delivered)
                    .body();
            assertThat(resend.path("receipts").get(0).path("duplicate").asBoolean())
                    .isTrue();
        }
    }
}
