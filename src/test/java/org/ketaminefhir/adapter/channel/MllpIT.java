package org.ketaminefhir.adapter.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.adapter.testsupport.Mllp;
import org.ketaminefhir.adapter.testsupport.RunningAdapter;
import org.ketaminefhir.testserver.InProcessFhirServer;

/**
 * HL7 v2 over a real MLLP socket (docs/interface.md, HL7 v2 from monitors), with the public IHE PCD-01 sample shapes,
 * to an in-process FHIR server. (Sample 2 shares sample 1's MSH-10 in its source; here it has its own,
 * as two different messages must.)
 */
class MllpIT {

    private static final String MRN_SYSTEM = "urn:oid:2.16.840.1.113883.3.999.2";
    private static final String NAMESPACE = "urn:ketamine-fhir-adapter:clinic:mllp-it";
    // a second facility whose MRNs overlap the first's: its PID-3 names it as assigning authority FAC-B
    private static final String FACILITY_B_SYSTEM = "urn:oid:2.16.840.1.113883.3.999.7";

    private static InProcessFhirServer ehr;
    private static RunningAdapter adapter;
    private static int port;
    private static int wardBPort;
    private static String facilityBPatient;

    @BeforeAll
    static void start() throws IOException {
        ehr = InProcessFhirServer.shared();
        ehr.ensurePatient(MRN_SYSTEM, "789567");
        ehr.ensurePatient(MRN_SYSTEM, "12345");
        facilityBPatient = ehr.ensurePatient(FACILITY_B_SYSTEM, "12345").getIdPart();
        try (ServerSocket free = new ServerSocket(0);
                ServerSocket another = new ServerSocket(0)) {
            port = free.getLocalPort();
            wardBPort = another.getLocalPort();
        }
        Map<String, Object> properties =
                new java.util.HashMap<>(Map.of("adapter.mllp.assigning-authority-systems.FAC-B", FACILITY_B_SYSTEM));
        properties.putAll(Map.of(
                "spring.datasource.url",
                "jdbc:h2:mem:mllp-it;DB_CLOSE_DELAY=-1",
                "adapter.mllp.port",
                String.valueOf(port),
                // docs/extending.md's recipe for a second vendor: one more route file, its port and its codes
                "camel.main.routes-include-pattern",
                "file:routes/*.camel.yaml,file:src/test/resources/routes/mllp-ward-b.camel.yaml",
                "adapter.mllp.ward-b-port",
                String.valueOf(wardBPort),
                "adapter.mllp.vendor-code-maps.ward-b.VND-HR",
                "heartRate",
                "adapter.ehr.base-url",
                ehr.baseUrl(),
                "adapter.ehr.dialect",
                "transaction",
                "adapter.clinic.identifier-system",
                NAMESPACE,
                "adapter.patients.mrn-system",
                MRN_SYSTEM,
                // the allow-list lets this machine in (a refusal is shown by its own test)
                "adapter.mllp.allowed-peers",
                "10.20.0.0/16,127.0.0.0/8"));
        adapter = new RunningAdapter(properties);
    }

    @AfterAll
    static void stop() {
        adapter.close();
    }

    @Test
    void aNoninvasiveBloodPressureReachesTheEhrAsOnePanel() throws IOException {
        String ack = send(sample("pcd01-blood-pressure.hl7"));

        assertThat(ack).contains("MSA|AA|MSGID1234|2 reading value(s) taken");
        await().atMost(Duration.ofMinutes(3))
                .until(() -> adapter.client().state("vitals", "hl7-MSGID1234").equals("delivered"));
        Observation bp = observation(Mllp.readingPart(MRN_SYSTEM, "789567", "vitals/20090813T045715Z/blood-pressure"));
        assertThat(bp.getComponent())
                .extracting(c -> c.getValueQuantity().getValue().intValue())
                .containsExactly(120, 80);
        assertThat(bp.getEffectiveDateTimeType().getValueAsString()).isEqualTo("2009-08-13T09:57:15+05:00");
        assertThat(adapter.client()
                        .get("/api/v1/records/vitals/hl7-MSGID1234")
                        .body()
                        .at("/submissions/0/submittedBy")
                        .asText())
                .as("the audit names the monitor's address")
                .startsWith("mllp:127.0.0.1:");
    }

    @Test
    void anOximeterMessageSkipsItsDeviceRowAndWaveform() throws IOException {
        String ack = send(sample("pcd01-oximeter-waveform.hl7"));

        // the sample's reading time (OBX-14) is two days after its message time: taken, and named
        assertThat(ack)
                .contains(
                        "MSA|AA|MSGID1235|1 reading value(s) taken; warning: OBX 2-14 reading time 2009-07-15T07:07:07Z "
                                + "is 46 hours after the message time")
                .contains("not sent: OBX 3 (150452, value type NA)");
        await().atMost(Duration.ofMinutes(3))
                .until(() -> adapter.client().state("vitals", "hl7-MSGID1235").equals("delivered"));
        Observation spo2 = observation(Mllp.readingPart(MRN_SYSTEM, "789567", "vitals/20090715T070707Z/spo2"));
        assertThat(spo2.getValueQuantity().getValue()).isEqualByComparingTo("80.5");
    }

    @Test
    void aPhilipsMultiParameterMessageGivesTheHeartRateOfTheMrnIdentifier() throws IOException {
        String ack = send(sample("philips-multi-parameter.hl7"));

        assertThat(ack).contains("MSA|AA|HP0425230332.872USDANRMMD1NBR488|1 reading value(s) taken");
        String sourceId = "hl7-HP0425230332.872USDANRMMD1NBR488";
        await().atMost(Duration.ofMinutes(3))
                .until(() -> adapter.client().state("vitals", sourceId).equals("delivered"));
        Observation rate = observation(Mllp.readingPart(MRN_SYSTEM, "12345", "vitals/20210426T030331Z/heart-rate"));
        assertThat(rate.getValueQuantity().getValue().intValue()).isEqualTo(60);
        assertThat(rate.getSubject().getReference()).startsWith("Patient/");
    }

    @Test
    void anMrnOfAnotherFacilityReachesThatFacilitysPatient() throws IOException {
        String message = sample("philips-multi-parameter.hl7")
                .replace("HP0425230332.872USDANRMMD1NBR488", "FAC-B-1")
                .replace("12345^^^Philips^MR", "12345^^^FAC-B^MR");

        assertThat(send(message)).contains("MSA|AA|FAC-B-1|1 reading value(s) taken");
        await().atMost(Duration.ofMinutes(3))
                .until(() -> adapter.client().state("vitals", "hl7-FAC-B-1").equals("delivered"));
        Observation rate =
                observation(Mllp.readingPart(FACILITY_B_SYSTEM, "12345", "vitals/20210426T030331Z/heart-rate"));
        assertThat(rate.getSubject().getReferenceElement().getIdPart())
                .as("not the patient 12345 of adapter.patients.mrn-system")
                .isEqualTo(facilityBPatient);
    }

    @Test
    void aResentMessageIsAcknowledgedAndChangesNothing() throws IOException {
        String first = send(sample("pcd01-blood-pressure.hl7").replace("MSGID1234", "RESEND-1"));
        String again = send(sample("pcd01-blood-pressure.hl7").replace("MSGID1234", "RESEND-1"));

        assertThat(first).contains("MSA|AA|RESEND-1");
        assertThat(again).contains("MSA|AA|RESEND-1");
        assertThat(adapter.client()
                        .get("/api/v1/records/vitals/hl7-RESEND-1")
                        .body()
                        .get("revision")
                        .asInt())
                .isEqualTo(1);
    }

    @Test
    void anOlderVersionIsReadTheSameAndAnsweredInItsVersion() throws IOException {
        String v23 =
                sample("pcd01-blood-pressure.hl7").replace("MSGID1234", "V23-1").replace("|P|2.6|", "|P|2.3|");

        String ack = send(v23);

        assertThat(ack).contains("ACK^R01^ACK|ACK-V23-1|P|2.3").contains("MSA|AA|V23-1|2 reading value(s) taken");
    }

    @Test
    void aCorrectionInAMessageOfItsOwnUpdatesTheReadingAndAResentFinalDoesNotDuplicateIt() throws IOException {
        String patient = ehr.ensurePatient(MRN_SYSTEM, "55501").getIdPart();
        String heartRate = "OBX|1|NM|147842^MDC_ECG_CARD_BEAT_RATE^MDC||%s|/min|||||%s";

        deliver("CORR-F", monitor("CORR-F", "55501", heartRate.formatted("88", "F")));
        deliver("CORR-F-AGAIN", monitor("CORR-F-AGAIN", "55501", heartRate.formatted("88", "F")));
        deliver("CORR-C", monitor("CORR-C", "55501", heartRate.formatted("84", "C")));

        Observation rate = observation(Mllp.readingPart(MRN_SYSTEM, "55501", "vitals/20261120T172500Z/heart-rate"));
        assertThat(rate.getValueQuantity().getValue().intValue()).isEqualTo(84);
        assertThat(rate.getStatus()).isEqualTo(Observation.ObservationStatus.CORRECTED);
        Bundle all = ehr.client()
                .search()
                .byUrl("Observation?subject=Patient/" + patient + "&code=http://loinc.org|8867-4")
                .returnBundle(Bundle.class)
                .execute();
        assertThat(all.getEntry())
                .as("one heart rate of 09:25 for three messages")
                .hasSize(1);
    }

    @Test
    void aPreliminaryValueIsAPreliminaryObservation() throws IOException {
        ehr.ensurePatient(MRN_SYSTEM, "55502");

        deliver("PRELIM-1", monitor("PRELIM-1", "55502", "OBX|1|NM|150456^MDC_PULS_OXIM_SAT_O2^MDC||97|%|||||P"));

        Observation spo2 = observation(Mllp.readingPart(MRN_SYSTEM, "55502", "vitals/20261120T172500Z/spo2"));
        assertThat(spo2.getStatus()).isEqualTo(Observation.ObservationStatus.PRELIMINARY);
    }

    @Test
    void aReadingTimeTheEhrCannotHoldIsAnErrorNamingTheFieldItCameFrom() throws IOException {
        String ack = send(monitor(
                "FAR-OFFSET-1", "55503", "OBX|1|NM|150456^MDC_PULS_OXIM_SAT_O2^MDC||97|%|||||F|||202611200925+1500"));

        assertThat(ack)
                .contains("MSA|AE|FAR-OFFSET-1|")
                .contains("UTC offset +15:00")
                .contains("(OBX 1-14)")
                .contains("ERR||OBX^1^14|102^^HL70357|E");
    }

    @Test
    void anotherMessageTypeIsRejected() throws IOException {
        String ack = send(sample("pcd01-blood-pressure.hl7")
                .replace("ORU^R01^ORU_R01", "ADT^A01^ADT_A01")
                .replace("MSGID1234", "ADT-1"));

        assertThat(ack)
                .contains("|ACK^A01^ACK|ACK-ADT-1|")
                .contains("MSA|AR|ADT-1|message type ADT\\S\\A01 is not taken")
                .contains("ERR||MSH^1^9|200^^HL70357|E");
    }

    @Test
    void aMessageWithoutPidIsAnErrorNamingPid3() throws IOException {
        String message = sample("pcd01-blood-pressure.hl7")
                .replace("MSGID1234", "NOPID-1")
                .replaceAll("PID\\|[^\\r]*\\r", "");

        String ack = send(message);

        assertThat(ack).contains("MSA|AE|NOPID-1|no PID segment").contains("ERR||PID^1^3|100^^HL70357|E");
    }

    @Test
    void onlyUnknownCodesIsAnErrorThatSaysHowToExtendTheCodeMap() throws IOException {
        String message = sample("pcd01-blood-pressure.hl7")
                .replace("MSGID1234", "UNKNOWN-1")
                .replace("150021^", "999001^")
                .replace("150022^", "999002^");

        String ack = send(message);

        assertThat(ack)
                .contains(
                        "MSA|AE|UNKNOWN-1|no OBX carries a vital sign the adapter maps; skipped OBX 3 (unknown code 999001)")
                .contains("adapter.mllp.code-map");
    }

    @Test
    void anImpossibleValueIsAnErrorNamingItsObx() throws IOException {
        String message = sample("pcd01-oximeter-waveform.hl7")
                .replace("MSGID1235", "IMPOSSIBLE-1")
                .replace("|80.5|", "|180.5|");

        String ack = send(message);

        assertThat(ack)
                .contains("MSA|AE|IMPOSSIBLE-1|180.5 is out of range; expected 1 to 100 (OBX 2-5)")
                .contains("ERR||OBX^2^5|102^^HL70357|E");
        assertThat(adapter.client()
                        .get("/api/v1/records/vitals/hl7-IMPOSSIBLE-1")
                        .status())
                .isEqualTo(404);
    }

    @Test
    void twoMessagesInOnePacketAndOneMessageSplitAcrossPacketsAreAllRead() throws IOException {
        byte[] one = Mllp.frame(sample("pcd01-blood-pressure.hl7").replace("MSGID1234", "PACKED-1"));
        byte[] two = Mllp.frame(sample("pcd01-blood-pressure.hl7").replace("MSGID1234", "PACKED-2"));
        byte[] split = Mllp.frame(sample("pcd01-blood-pressure.hl7").replace("MSGID1234", "SPLIT-1"));
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            ByteArrayOutputStream packed = new ByteArrayOutputStream();
            packed.write(one);
            packed.write(two);
            out.write(packed.toByteArray());
            out.flush();
            assertThat(Mllp.readAck(socket.getInputStream())).contains("MSA|AA|PACKED-1");
            assertThat(Mllp.readAck(socket.getInputStream())).contains("MSA|AA|PACKED-2");
            out.write(split, 0, 40);
            out.flush();
            // the rest comes 200 ms later, so the listener reads the message in two parts; meanwhile it must
            // not answer the half it has
            InputStream in = socket.getInputStream();
            await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> in.available() == 0);
            out.write(split, 40, split.length - 40);
            out.flush();
            assertThat(Mllp.readAck(socket.getInputStream())).contains("MSA|AA|SPLIT-1");
        }
    }

    @Test
    void aSecondVendorsListenerReadsItsOwnCodes() throws IOException {
        String message = sample("philips-multi-parameter.hl7")
                .replace("HP0425230332.872USDANRMMD1NBR488", "WARD-B-1")
                .replace("147842^MDC_ECG_CARD_BEAT_RATE^MDC", "VND-HR^Pulse^L");

        assertThat(send(message)).contains("MSA|AE|WARD-B-1|no OBX carries a vital sign");
        assertThat(send(message, wardBPort)).contains("MSA|AA|WARD-B-1|1 reading value(s) taken");
    }

    @Test
    void aMeasurementFlaggedInvalidOrTestIsNotSent() throws IOException {
        String message = sample("pcd01-blood-pressure.hl7")
                .replace("MSGID1234", "FLAGGED-1")
                .replace("|120|266016^MDC_DIM_MMHG^MDC|||", "|120|266016^MDC_DIM_MMHG^MDC||INV|");

        String ack = send(message);

        assertThat(ack)
                .contains(
                        "MSA|AE|FLAGGED-1|no OBX carries a vital sign the adapter maps; skipped OBX 3 (150021, flagged INV), "
                                + "OBX 4 (diastolic without its other half)");
    }

    @Test
    void wrongDelimitersAreAnErrorNamingMsh() throws IOException {
        String ack = send("MSH|||||");

        assertThat(ack).contains("MSA|AE|").contains("ERR||MSH^1^1|");
    }

    @Test
    void aSegmentCutShortBeforeItsValueIsNotSent() throws IOException {
        String message = sample("pcd01-oximeter-waveform.hl7")
                .replace("MSGID1235", "CUT-1")
                .replace(
                        "OBX|2|NM|150456^MDC_PULS_OXIM_SAT_O2^MDC|1.0.0.1|80.5|262688^MDC_DIM_PERCENT^MDC|||||R|||20090715070707+0000",
                        "OBX|2|NM|150456^MDC_PULS_OXIM_SAT_O2^MDC|1.0.0.1");

        assertThat(send(message)).contains("MSA|AE|CUT-1|no OBX carries a vital sign the adapter maps");
    }

    /** A monitor's ORU^R01 for the MRN at 09:25 -08:00 (OBR-7) with the given OBX segments. */
    private static String monitor(String controlId, String mrn, String... obx) {
        return "MSH|^~\\&|MON|WARD|ADAPTER|CLINIC|20261120092500-0800||ORU^R01^ORU_R01|" + controlId + "|P|2.6\r"
                + "PID|||" + mrn + "^^^^MR\r"
                + "OBR|1||||||20261120092500-0800\r"
                + String.join("\r", obx) + "\r";
    }

    /** Sends the message, expects its AA and waits until its record is in the EHR. */
    private static void deliver(String controlId, String message) throws IOException {
        assertThat(send(message)).contains("MSA|AA|" + controlId);
        await().atMost(Duration.ofMinutes(3))
                .until(() ->
                        adapter.client().state("vitals", "hl7-" + controlId).equals("delivered"));
    }

    private static Observation observation(String part) {
        Bundle found = ehr.client()
                .search()
                .byUrl("Observation?identifier=" + NAMESPACE + "|" + part)
                .returnBundle(Bundle.class)
                .execute();
        assertThat(found.getEntry()).as(part).hasSize(1);
        return (Observation) found.getEntryFirstRep().getResource();
    }

    @Test
    void aPeerNotInTheAllowListIsCutOffBeforeAnythingIsStored() throws IOException {
        int guardedPort;
        try (ServerSocket free = new ServerSocket(0)) {
            guardedPort = free.getLocalPort();
        }
        try (RunningAdapter guarded = new RunningAdapter(Map.of(
                "spring.datasource.url", "jdbc:h2:mem:mllp-it-guarded;DB_CLOSE_DELAY=-1",
                "adapter.outbox.dir", "target/test-outbox/mllp-guarded",
                "adapter.mllp.port", String.valueOf(guardedPort),
                "adapter.mllp.allowed-peers", "10.20.0.15,10.30.0.0/24"))) {

            String ack = send(sample("pcd01-blood-pressure.hl7"), guardedPort);

            assertThat(ack).as("the connection is closed, no ACK").isEmpty();
            assertThat(guarded.client().state("vitals", "hl7-MSGID1234")).isEqualTo("HTTP 404");
        }
    }

    private static String sample(String name) throws IOException {
        return Files.readString(Path.of("src/test/resources/hl7", name), StandardCharsets.UTF_8);
    }

    private static String send(String message) throws IOException {
        return Mllp.send(port, message);
    }

    private static String send(String message, int toPort) throws IOException {
        return Mllp.send(toPort, message);
    }
}
