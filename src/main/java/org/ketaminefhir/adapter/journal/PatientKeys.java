package org.ketaminefhir.adapter.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.ketaminefhir.adapter.record.PatientRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The journal's patient key: an HMAC-SHA256 of the MRN with the installation's secret, so records of one
 * patient are kept in order without the MRN (or a hash anyone can reverse by trying every MRN) being indexed.
 *
 * <p>The secret is {@code adapter.journal.patient-key-secret} when set (kept out of the database: a copy of
 * the database alone then cannot link keys to MRNs), else one made at first start and kept in the journal
 * database itself ({@code patient_key_scheme}): every instance on one PostgreSQL journal must key a patient
 * alike, and a journal restored from a backup must come with the secret its keys were made with, which a
 * file beside one instance guarantees neither.
 *
 * <p>When the keys were made with another secret (the unsalted SHA-256 before V9, or a changed configured
 * secret), {@link #install} rehashes every row at start from the MRN in its stored payload, under the
 * scheme row's lock (several instances starting at once rehash once). A purged row's MRN is gone: it gets
 * a key of its own (from its row id), which no later record shares; such rows are delivered, never waiting,
 * so per-patient order does not need them. A purged session's window is deleted for the same reason: a late
 * vitals record in it is then referred to its session by identifier, as for a session the journal never had.
 */
public final class PatientKeys {

    private static final Logger log = LoggerFactory.getLogger(PatientKeys.class);
    private static final String VERIFIER_TEXT = "ketamine-fhir-adapter patient key";

    private final SecretKeySpec secret;

    private PatientKeys(String secret) {
        this.secret = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /**
     * The key of the patient: the MRN, and the identifier system the record names for it when it names one
     * (another facility's MRNs: the same MRN there is another patient).
     */
    public String key(PatientRef patient) {
        return hmac(
                patient.mrnSystem() == null
                        ? "mrn|" + patient.mrn()
                        : "mrn|" + patient.mrnSystem() + "|" + patient.mrn());
    }

    private String hmac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(secret);
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /**
     * The installation's keys, the journal's rows rehashed first if they were made otherwise.
     *
     * @param configured {@code adapter.journal.patient-key-secret}, empty when not set
     */
    public static PatientKeys install(
            JdbcTemplate jdbc, TransactionTemplate transactions, ObjectMapper json, Optional<String> configured) {
        return transactions.execute(status -> {
            Map<String, Object> scheme =
                    jdbc.queryForMap("select secret, verifier from patient_key_scheme where id = 1 for update");
            Optional<String> set = configured.filter(value -> !value.isBlank());
            if (set.isPresent() && scheme.get("secret") != null) {
                // a configured secret is kept out of the database: one made at an earlier start goes
                jdbc.update("update patient_key_scheme set secret = null where id = 1");
            }
            String secret = set.orElse((String) scheme.get("secret"));
            if (secret == null) {
                secret = newSecret();
                jdbc.update("update patient_key_scheme set secret = ? where id = 1", secret);
            }
            PatientKeys keys = new PatientKeys(secret);
            String verifier = keys.hmac(VERIFIER_TEXT);
            if (!verifier.equals(scheme.get("verifier"))) {
                keys.rehash(jdbc, json);
                jdbc.update("update patient_key_scheme set verifier = ? where id = 1", verifier);
            }
            return keys;
        });
    }

    private void rehash(JdbcTemplate jdbc, ObjectMapper json) {
        List<Object[]> records = new ArrayList<>();
        jdbc.query("select id, payload from journal_record", rs -> {
            String payload = rs.getString(2);
            records.add(new Object[] {
                payload == null ? hmac("purged|" + rs.getLong(1)) : key(patient(json, payload)), rs.getLong(1)
            });
        });
        jdbc.batchUpdate("update journal_record set patient_key = ? where id = ?", records);
        List<Object[]> windows = new ArrayList<>();
        jdbc.query(
                "select w.source_id, r.payload from session_window w "
                        + "join journal_record r on r.kind = 'session' and r.source_id = w.source_id and r.payload is not null",
                rs -> {
                    windows.add(new Object[] {key(patient(json, rs.getString(2))), rs.getString(1)});
                });
        jdbc.batchUpdate("update session_window set patient_key = ? where source_id = ?", windows);
        int dropped =
                jdbc.update("delete from session_window where source_id not in (select source_id from journal_record "
                        + "where kind = 'session' and payload is not null)");
        log.info(
                "patient keys made again with the installation's secret: {} record(s), {} session window(s), "
                        + "{} window(s) of purged sessions dropped",
                records.size(),
                windows.size(),
                dropped);
    }

    private static PatientRef patient(ObjectMapper json, String payload) {
        try {
            JsonNode patient = json.readTree(payload).path("patient");
            return new PatientRef(
                    patient.path("mrn").asText(),
                    null,
                    null,
                    null,
                    null,
                    patient.path("mrnSystem").asText(null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the journal holds a payload that is not JSON", e);
        }
    }

    private static String newSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
