package org.ketaminefhir.adapter.vitalsign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.adapter.profile.ProfileValidator;
import org.ketaminefhir.adapter.testsupport.Mllp;
import org.ketaminefhir.adapter.testsupport.RunningAdapter;
import org.ketaminefhir.testserver.InProcessFhirServer;

/**
 * End-tidal CO2, added to the adapter as one file (vital-signs/etco2.json), reaches the EHR from each
 * channel, REST JSON, a CSV file dropped and an HL7 message over MLLP, as an Observation coded LOINC
 * 19891-1 in mm[Hg] that validates against the profile it names.
 */
class EndTidalCo2IT {

    private static final String MRN_SYSTEM = "urn:oid:2.16.840.1.113883.3.999.2";
    private static final String NAMESPACE = "urn:ketamine-fhir-adapter:clinic:etco2-it";
    private static final Path INBOX = Path.of("target", "etco2-it", "inbox-" + System.nanoTime());

    private static InProcessFhirServer ehr;
    private static RunningAdapter adapter;
    private static int mllpPort;

    @BeforeAll
    static void start() throws IOException {
        ehr = InProcessFhirServer.shared();
        ehr.ensurePatient(MRN_SYSTEM, "12345");
        try (ServerSocket free = new ServerSocket(0)) {
            mllpPort = free.getLocalPort();
        }
        adapter = new RunningAdapter(Map.of(
                "spring.datasource.url",
                "jdbc:h2:mem:etco2-it;DB_CLOSE_DELAY=-1",
                "adapter.mllp.port",
                String.valueOf(mllpPort),
                "adapter.inbox.dir",
                INBOX.toString(),
                "adapter.inbox.poll-interval",
                "200",
                "adapter.outbox.dir",
                INBOX.resolveSibling("outbox").toString(),
                "adapter.ehr.base-url",
                ehr.baseUrl(),
                "adapter.ehr.dialect",
                "transaction",
                "adapter.clinic.identifier-system",
                NAMESPACE,
                "adapter.patients.mrn-system",
                MRN_SYSTEM));
    }

    @AfterAll
    static void stop() {
        adapter.close();
    }

    @Test
    void aRestRecordsEtco2IsAValidatedObservation() throws IOException {
        var record = new ObjectMapper().readTree("""
                {"kind": "vitals", "sourceId": "ETCO2-REST", "patient": {"mrn": "12345"},
                 "readings": [{"time": "2026-11-20T09:15:00-08:00", "etco2": 38, "respiratoryRate": 14}]}""");

        assertThat(adapter.client().postJson("/api/v1/records", record).status())
                .isEqualTo(202);

        assertDeliveredAsEtco2("ETCO2-REST", "vitals/ETCO2-REST/vitals/20261120T171500Z/etco2", "38");
    }

    @Test
    void aCsvColumnEtco2IsAValidatedObservation() throws IOException {
        drop("vitals", "capnography.csv", "source_id,mrn,time,etco2\nETCO2-CSV,12345,2026-11-20T09:20:00-08:00,41\n");

        assertDeliveredAsEtco2("ETCO2-CSV", "vitals/ETCO2-CSV/vitals/20261120T172000Z/etco2", "41");
    }

    @Test
    void anMdcEndTidalCo2InKpaIsAValidatedObservationInMmHg() throws IOException {
        String ack = send("ETCO2-MLLP", "OBX|1|NM|151728^MDC_AWAY_CO2_ET^MDC|1.1.1.1|5.3|kPa^kPa^UCUM|||||R");

        assertThat(ack).contains("MSA|AA|ETCO2-MLLP");
        // 5.3 kPa × 7.50062 mmHg/kPa = 39.75, held in whole mmHg as capnographs show it
        assertDeliveredAsEtco2(
                "hl7-ETCO2-MLLP", Mllp.readingPart(MRN_SYSTEM, "12345", "vitals/20261120T172500Z/etco2"), "40");
    }

    @Test
    void anEtco2InPercentIsRefusedNamingItsObxAndUnit() throws IOException {
        String ack = send(
                "ETCO2-PCT",
                "OBX|1|NM|151562^MDC_RESP_RATE^MDC||14|264928^MDC_DIM_RESP_PER_MIN^MDC|||||R",
                "OBX|2|NM|151708^MDC_CONC_AWAY_CO2_ET^MDC||5.2|262688^MDC_DIM_PERCENT^MDC|||||R");

        assertThat(ack)
                .contains("MSA|AE|ETCO2-PCT")
                .contains("OBX^2^6")
                .contains("volume fraction")
                .contains("mmHg or kPa");
        assertThat(adapter.client().get("/api/v1/records/vitals/hl7-ETCO2-PCT").status())
                .isEqualTo(404);
    }

    private static void assertDeliveredAsEtco2(String sourceId, String part, String mmHg) {
        await().atMost(Duration.ofMinutes(3))
                .until(() -> adapter.client().state("vitals", sourceId).equals("delivered"));
        Bundle found = ehr.client()
                .search()
                .byUrl("Observation?identifier=" + NAMESPACE + "|" + part)
                .returnBundle(Bundle.class)
                .execute();
        assertThat(found.getEntry()).as(part).hasSize(1);
        Observation etco2 = (Observation) found.getEntryFirstRep().getResource();
        assertThat(etco2.getCode().getCodingFirstRep().getSystem() + "|"
                        + etco2.getCode().getCodingFirstRep().getCode())
                .isEqualTo("http://loinc.org|19891-1");
        assertThat(etco2.getValueQuantity().getValue()).isEqualByComparingTo(mmHg);
        assertThat(etco2.getValueQuantity().getSystem() + "|"
                        + etco2.getValueQuantity().getCode())
                .isEqualTo("http://unitsofmeasure.org|mm[Hg]");
        assertThat(etco2.getMeta().getProfile())
                .extracting(p -> p.getValue())
                .containsExactly("http://hl7.org/fhir/us/core/StructureDefinition/us-core-vital-signs");
        assertThat(adapter.bean(ProfileValidator.class).validate(etco2).errors())
                .extracting(m -> m.getLocationString() + " " + m.getMessage())
                .isEmpty();
    }

    /** A capnograph's ORU^R01 for MRN 12345 at 09:25 -08:00 with the given OBX segments; its ACK. */
    private static String send(String controlId, String... obx) throws IOException {
        return Mllp.send(
                mllpPort,
                "MSH|^~\\&|CAPNO|WARD|ADAPTER|CLINIC|20261120092500-0800||ORU^R01^ORU_R01|" + controlId + "|P|2.6\r"
                        + "PID|||12345^^^^MR\r"
                        + "OBR|1||||||20261120092500-0800\r"
                        + String.join("\r", obx) + "\r");
    }

    private static void drop(String folder, String name, String content) throws IOException {
        Path dir = Files.createDirectories(INBOX.resolve(folder));
        Path partial = Files.createTempFile(INBOX.getParent(), "drop-", ".part");
        Files.writeString(partial, content, StandardCharsets.UTF_8);
        Files.move(partial, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }
}
