package org.ketaminefhir.adapter.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Realistic clinic traffic from a seed, so every run of a benchmark measures the same records: sessions
 * of each route (ketamine IV, IM, PO, SL; esketamine IN under the REMS) with 4 to 12 vital-sign time
 * points, CADSS and MOAA/S, an adverse event now and then; PHQ-9 and GAD-7 responses; HL7 ORU^R01
 * messages from monitors; CSV rows of vitals.
 */
final class RecordGenerator {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter RECORD_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");
    private static final DateTimeFormatter HL7_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ");
    private static final String[][] ROUTES = {
        {"ketamine", "IV"}, {"ketamine", "IM"}, {"ketamine", "PO"}, {"ketamine", "SL"}, {"esketamine", "IN"}
    };

    private final Random random;
    private final String prefix;
    private final int patients;
    private int sequence;

    /**
     * @param prefix   makes source ids unique per run (the same seed then gives the same records under new ids)
     * @param patients how many distinct MRNs ({@link #mrn(int)}) the records spread over
     */
    RecordGenerator(long seed, String prefix, int patients) {
        this.random = new Random(seed);
        this.prefix = prefix;
        this.patients = patients;
    }

    static String mrn(int patient) {
        return "BENCH-" + (100000 + patient);
    }

    /** Sessions, PHQ-9 and GAD-7 in the proportions of a clinic day: one session, then its two scales. */
    List<ObjectNode> mixed(int count) {
        List<ObjectNode> records = new ArrayList<>();
        while (records.size() < count) {
            ObjectNode session = session();
            records.add(session);
            if (records.size() < count) {
                records.add(questionnaire("PHQ-9", 9, 3, session));
            }
            if (records.size() < count) {
                records.add(questionnaire("GAD-7", 7, 3, session));
            }
        }
        return records;
    }

    ObjectNode session() {
        String[] route = ROUTES[random.nextInt(ROUTES.length)];
        boolean esketamine = route[0].equals("esketamine");
        OffsetDateTime start = day().withHour(8 + random.nextInt(8)).withMinute(5 * random.nextInt(12));
        ObjectNode session = record("session", "S");
        session.put("status", "completed");
        session.put("location", "bench-main");
        session.putArray("clinicians")
                .addObject()
                .put("npi", "1467582934")
                .put("name", "Dana Whitfield, MD")
                .put("role", "prescriber");
        session.putObject("indication")
                .put("icd10", esketamine ? "F32.2" : "F33.2")
                .put("treatmentResistant", true);
        session.putObject("course")
                .put("number", 1 + random.nextInt(8))
                .put("plannedTotal", 8)
                .put("phase", "induction");
        ObjectNode medication = session.putObject("medication")
                .put("drug", route[0])
                .put("route", route[1])
                .put("lotNumber", "L" + (1000 + random.nextInt(9000)));
        if (esketamine) {
            int devices = 2 + random.nextInt(2);
            medication.put("doseMg", devices * 28).put("devices", devices);
        } else {
            int weight = 55 + random.nextInt(50);
            medication
                    .put("doseMg", Math.round(weight * 0.5 * 10) / 10.0)
                    .put("doseMgPerKg", 0.5)
                    .put("weightKg", weight);
        }
        int minutes = esketamine ? 10 : 40;
        session.putObject("administration").put("start", time(start)).put("end", time(start.plusMinutes(minutes)));
        OffsetDateTime end = start.plusMinutes(esketamine ? 120 : 90);
        session.putObject("monitoring").put("end", time(end));
        ArrayNode vitals = session.putArray("vitals");
        int points = 4 + random.nextInt(9);
        for (int i = 0; i < points; i++) {
            OffsetDateTime at = start.minusMinutes(10).plusMinutes((long) i * (minutes + 90) / points);
            int systolic = 115 + random.nextInt(40);
            vitals.addObject()
                    .put("time", time(at))
                    .put("phase", i == 0 ? "pre" : at.isBefore(start.plusMinutes(minutes)) ? "intra" : "post")
                    .put("systolic", systolic)
                    .put("diastolic", systolic - 35 - random.nextInt(10))
                    .put("heartRate", 60 + random.nextInt(35))
                    .put("spo2", 94 + random.nextInt(6))
                    .put("respiratoryRate", 12 + random.nextInt(8));
        }
        ArrayNode assessments = session.putArray("assessments");
        assessments
                .addObject()
                .put("instrument", "CADSS")
                .put("time", time(start.plusMinutes(minutes + 5)))
                .put("total", random.nextInt(40));
        assessments
                .addObject()
                .put("instrument", "MOAA/S")
                .put("time", time(start.plusMinutes(minutes / 2)))
                .put("score", 3 + random.nextInt(3));
        if (random.nextInt(4) == 0) {
            session.putArray("adverseEvents")
                    .addObject()
                    .put("type", "nausea")
                    .put("severity", "mild")
                    .put("time", time(start.plusMinutes(minutes)))
                    .put("treatment", "ondansetron 4 mg PO");
        }
        session.putObject("discharge")
                .put("time", time(end))
                .put("clinicallyStable", true)
                .put("escort", true);
        return session;
    }

    ObjectNode questionnaire(String instrument, int items, int max, ObjectNode session) {
        ObjectNode record = record("questionnaire", "Q");
        record.set("patient", session.get("patient").deepCopy());
        record.put("sessionSourceId", session.get("sourceId").asText());
        record.put("instrument", instrument);
        record.put("authored", session.at("/administration/start").asText().replaceFirst("T(\\d\\d)", "T07"));
        ArrayNode answers = record.putArray("answers");
        int total = 0;
        for (int i = 0; i < items; i++) {
            int answer = random.nextInt(max + 1);
            answers.add(answer);
            total += answer;
        }
        record.put("total", total);
        return record;
    }

    /** One ORU^R01 from a monitor: a blood pressure, heart rate and SpO2 at one time. */
    String oru() {
        int n = ++sequence;
        OffsetDateTime at = day().withHour(9 + random.nextInt(8)).withMinute(random.nextInt(60));
        String time = HL7_TIME.format(at);
        int systolic = 115 + random.nextInt(40);
        return "MSH|^~\\&|MON|WARD||ADAPTER|" + time + "||ORU^R01^ORU_R01|" + prefix + n + "|P|2.6\r"
                + "PID|||" + mrn(random.nextInt(patients)) + "^^^Clinic^MR||Bench^Patient\r"
                + "OBR|1|||528391^MDC_DEV_SPEC_PROFILE_BP^MDC|||" + time + "\r"
                + "OBX|1|NM|150021^MDC_PRESS_BLD_NONINV_SYS^MDC|1.0.1.1|" + systolic
                + "|266016^MDC_DIM_MMHG^MDC|||||R|||" + time + "\r"
                + "OBX|2|NM|150022^MDC_PRESS_BLD_NONINV_DIA^MDC|1.0.1.2|" + (systolic - 38)
                + "|266016^MDC_DIM_MMHG^MDC|||||R|||" + time + "\r"
                + "OBX|3|NM|147842^MDC_ECG_HEART_RATE^MDC|1.0.2.1|" + (60 + random.nextInt(35))
                + "|264864^MDC_DIM_BEAT_PER_MIN^MDC|||||R|||" + time + "\r"
                + "OBX|4|NM|150456^MDC_PULS_OXIM_SAT_O2^MDC|1.0.3.1|" + (94 + random.nextInt(6))
                + "|262688^MDC_DIM_PERCENT^MDC|||||R|||" + time + "\r";
    }

    static final String VITALS_CSV_HEADER =
            "source_id,mrn,session_source_id,time,systolic,diastolic,heart_rate,spo2,respiratory_rate,temperature_c";

    /** One row of the vitals CSV (docs/interface.md, File drop). */
    String vitalsCsvRow() {
        int n = ++sequence;
        int systolic = 115 + random.nextInt(40);
        return prefix + "-VC-" + n + "," + mrn(random.nextInt(patients)) + ",,"
                + time(day().withHour(9).plusSeconds(n)) + ","
                + systolic + "," + (systolic - 38) + "," + (60 + random.nextInt(35)) + "," + (94 + random.nextInt(6))
                + ","
                + (12 + random.nextInt(8)) + ",";
    }

    private ObjectNode record(String kind, String letter) {
        ObjectNode record = JSON.createObjectNode();
        record.put("kind", kind);
        record.put("sourceId", prefix + "-" + letter + "-" + (++sequence));
        record.put("revision", 1);
        int patient = random.nextInt(patients);
        record.putObject("patient").put("mrn", mrn(patient));
        return record;
    }

    private OffsetDateTime day() {
        return OffsetDateTime.of(2026, 11, 2 + random.nextInt(20), 0, 0, 0, 0, ZoneOffset.ofHours(-5));
    }

    private static String time(OffsetDateTime at) {
        return RECORD_TIME.format(at);
    }
}
