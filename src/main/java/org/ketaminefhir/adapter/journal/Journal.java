package org.ketaminefhir.adapter.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ketaminefhir.adapter.ehr.DeliveryReport;
import org.ketaminefhir.adapter.record.ClinicRecord;
import org.ketaminefhir.adapter.record.PatientRef;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The durable store behind "store, then forward": records are acknowledged only once committed here,
 * and leave only when the EHR has answered. One row per {@code (kind, sourceId)} holds the newest
 * revision and its delivery state; every accepted revision and every attempt is kept beside it.
 */
public class Journal {

    static final String COLUMNS = "id, kind, source_id, revision, receipt_id, payload, state, attempts, "
            + "last_error, fhir_ids, received_at, updated_at, next_attempt_at, last_outcome, delivered_payload, purged_at, "
            + "delivery_report, report_revision";

    /** The states a person may send again: the EHR refused it, retries ran out, or the plan took none of it. */
    private static final List<String> REPLAYABLE =
            List.of(RecordState.FAILED.wireName(), RecordState.DEAD.wireName(), RecordState.WITHHELD.wireName());

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final CanonicalJson canonical;
    private final ObjectMapper json;
    private final Clock clock;
    private final PatientKeys patientKeys;

    public Journal(
            JdbcTemplate jdbc,
            TransactionTemplate transactions,
            ObjectMapper json,
            Clock clock,
            PatientKeys patientKeys) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.canonical = new CanonicalJson(json);
        this.json = json;
        this.clock = clock;
        this.patientKeys = patientKeys;
    }

    /**
     * Stores every record or none (one transaction): new records and higher revisions become
     * {@code pending}; an identical resend is a duplicate with its original receipt.
     *
     * @param submittedBy who sent them, for the audit: an API key's name, {@code file-drop:<folder>} or
     *                    {@code mllp:<peer>}
     * @throws RevisionConflictException when a record repeats a stored revision with other content
     */
    public List<Receipt> accept(List<IncomingRecord> records, String submittedBy) {
        try {
            return transactions.execute(status -> acceptAll(records, submittedBy));
        } catch (DuplicateKeyException raceWithAnotherWriter) {
            // another request inserted the same new record between our read and our insert: read again
            return transactions.execute(status -> acceptAll(records, submittedBy));
        }
    }

    private List<Receipt> acceptAll(List<IncomingRecord> records, String submittedBy) {
        List<Receipt> receipts = new ArrayList<>();
        for (IncomingRecord incoming : records) {
            receipts.add(acceptOne(incoming, submittedBy));
        }
        return receipts;
    }

    private Receipt acceptOne(IncomingRecord incoming, String submittedBy) {
        ClinicRecord record = incoming.record();
        String payload = canonical.write(incoming.normalized());
        String hash = CanonicalJson.sha256(payload);
        String receiptId = "rcpt-"
                + CanonicalJson.sha256(record.kind() + "|" + record.sourceId() + "|" + record.revision() + "|" + hash)
                        .substring(0, 32);
        OffsetDateTime now = now();
        List<Object[]> current = jdbc.query(
                "select id, revision, state from journal_record where kind = ? and source_id = ? for update",
                (rs, i) -> new Object[] {rs.getLong(1), rs.getInt(2), rs.getString(3)},
                record.kind().wireName(),
                record.sourceId());
        if (current.isEmpty()) {
            jdbc.update(
                    "insert into journal_record (kind, source_id, revision, content_hash, receipt_id, patient_key, "
                            + "payload, state, attempts, received_at, updated_at, next_attempt_at) "
                            + "values (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)",
                    record.kind().wireName(),
                    record.sourceId(),
                    record.revision(),
                    hash,
                    receiptId,
                    patientKey(record.patient()),
                    payload,
                    RecordState.PENDING.wireName(),
                    now,
                    now,
                    now);
            rememberRevision(record, hash, receiptId, now, submittedBy);
            rememberSessionWindow(incoming);
            return new Receipt(
                    receiptId,
                    record.kind().wireName(),
                    record.sourceId(),
                    record.revision(),
                    RecordState.PENDING.wireName(),
                    false);
        }
        long id = (Long) current.get(0)[0];
        int storedRevision = (Integer) current.get(0)[1];
        if (record.revision() > storedRevision) {
            jdbc.update(
                    "update journal_record set revision = ?, content_hash = ?, receipt_id = ?, patient_key = ?, "
                            + "payload = ?, state = ?, attempts = 0, last_error = null, last_outcome = null, received_at = ?, updated_at = ?, "
                            + "next_attempt_at = ?, lease_until = null, purged_at = null where id = ?",
                    record.revision(),
                    hash,
                    receiptId,
                    patientKey(record.patient()),
                    payload,
                    RecordState.PENDING.wireName(),
                    now,
                    now,
                    now,
                    id);
            rememberRevision(record, hash, receiptId, now, submittedBy);
            rememberSessionWindow(incoming);
            return new Receipt(
                    receiptId,
                    record.kind().wireName(),
                    record.sourceId(),
                    record.revision(),
                    RecordState.PENDING.wireName(),
                    false);
        }
        List<String[]> sameRevision = jdbc.query(
                "select content_hash, receipt_id from journal_revision where kind = ? and source_id = ? and revision = ?",
                (rs, i) -> new String[] {rs.getString(1), rs.getString(2)},
                record.kind().wireName(),
                record.sourceId(),
                record.revision());
        if (!sameRevision.isEmpty() && sameRevision.get(0)[0].equals(hash)) {
            return new Receipt(
                    sameRevision.get(0)[1],
                    record.kind().wireName(),
                    record.sourceId(),
                    record.revision(),
                    (String) current.get(0)[2],
                    true);
        }
        throw new RevisionConflictException(
                incoming.pointer() + "/revision",
                record.label() + " revision "
                        + record.revision() + " differs from what was stored"
                        + (storedRevision == record.revision()
                                ? " under that revision"
                                : " (the journal holds revision " + storedRevision + ")")
                        + (storedRevision == Integer.MAX_VALUE
                                ? "; no revision is higher, so correct it under a new sourceId"
                                : "; send a correction as revision " + (storedRevision + 1) + " or higher"));
    }

    private void rememberRevision(
            ClinicRecord record, String hash, String receiptId, OffsetDateTime now, String submittedBy) {
        jdbc.update(
                "insert into journal_revision (kind, source_id, revision, content_hash, receipt_id, received_at, submitted_by) "
                        + "values (?, ?, ?, ?, ?, ?, ?)",
                record.kind().wireName(),
                record.sourceId(),
                record.revision(),
                hash,
                receiptId,
                now,
                submittedBy);
    }

    private void rememberSessionWindow(IncomingRecord incoming) {
        if (incoming.sessionWindow() == null) {
            return;
        }
        String sourceId = incoming.record().sourceId();
        jdbc.update("delete from session_window where source_id = ?", sourceId);
        jdbc.update(
                "insert into session_window (source_id, patient_key, window_start, window_end) values (?, ?, ?, ?)",
                sourceId,
                patientKey(incoming.record().patient()),
                incoming.sessionWindow().start(),
                incoming.sessionWindow().end());
    }

    public Optional<JournalEntry> find(String kind, String sourceId) {
        return jdbc
                .query(
                        "select " + COLUMNS + " from journal_record where kind = ? and source_id = ?",
                        ENTRY,
                        kind,
                        sourceId)
                .stream()
                .findFirst();
    }

    public List<DeliveryAttempt> attempts(long recordId) {
        return jdbc.query(
                "select revision, attempted_at, outcome, http_status, detail from delivery_attempt "
                        + "where record_id = ? order by id",
                (rs, i) -> new DeliveryAttempt(
                        rs.getInt(1), instant(rs, 2), rs.getString(3), (Integer) rs.getObject(4), rs.getString(5)),
                recordId);
    }

    /**
     * Claims up to {@code limit} records due for delivery, oldest first, skipping any patient whose
     * earlier record is still waiting, so each patient's records reach the EHR in the order received.
     * A claim is a lease: if this instance dies, the record becomes due again when the lease ends.
     * Several instances on one PostgreSQL journal share the work: rows another instance is claiming are
     * skipped ({@code FOR UPDATE SKIP LOCKED}), and the lease is taken only if no one holds it, so no
     * record is ever delivered by two instances at once.
     */
    public List<JournalEntry> claimDue(int limit, Duration lease) {
        OffsetDateTime now = now();
        return transactions.execute(status -> {
            List<JournalEntry> due = jdbc.query(
                    "select " + COLUMNS + " from journal_record r "
                            // each patient's oldest waiting record, found once per claim: a correlated
                            // "no earlier waiting record" test per row cost a core with thousands waiting
                            + "where r.id in (select min(e.id) from journal_record e "
                            + "  where e.state in ('pending', 'retrying') group by e.patient_key) "
                            + "and r.next_attempt_at <= ? and (r.lease_until is null or r.lease_until < ?) "
                            + "order by r.id limit ? for update skip locked",
                    ENTRY,
                    now,
                    now,
                    limit);
            // lease exactly the revision read, and only if still free: a correction committed since then stays
            // unleased and goes next, and a row another instance leased meanwhile is left to it
            return due.stream()
                    .filter(entry -> jdbc.update(
                                    "update journal_record set lease_until = ? "
                                            + "where id = ? and revision = ? and state in ('pending', 'retrying') "
                                            + "and (lease_until is null or lease_until < ?)",
                                    now.plus(lease),
                                    entry.id(),
                                    entry.revision(),
                                    now)
                            == 1)
                    .toList();
        });
    }

    /**
     * Extends the leases of records still in delivery here to a whole lease from now. Only a lease still
     * held is extended (the revision claimed, not yet answered for: recording an attempt or a correction
     * clears it), so a renewal racing with the outcome never leases a record again.
     */
    public void renewLeases(List<JournalEntry> entries, Duration lease) {
        OffsetDateTime until = now().plus(lease);
        jdbc.batchUpdate(
                "update journal_record set lease_until = ? where id = ? and revision = ? "
                        + "and state in ('pending', 'retrying') and lease_until is not null",
                entries,
                entries.size(),
                (ps, entry) -> {
                    ps.setObject(1, until);
                    ps.setLong(2, entry.id());
                    ps.setInt(3, entry.revision());
                });
    }

    /**
     * Records one attempt and its outcome. The state changes only if the attempted revision is still
     * the newest: a correction that arrived meanwhile stays pending and goes next. An outcome's delivery
     * report replaces the record's (an outcome without one, a failure, leaves the last report standing).
     * A withheld record's body is not what the EHR holds, so the body last delivered stays as it was.
     */
    public void recordAttempt(JournalEntry entry, AttemptOutcome outcome) {
        OffsetDateTime now = now();
        String report = outcome.report() == null ? null : written(outcome.report());
        transactions.executeWithoutResult(status -> {
            jdbc.update(
                    "insert into delivery_attempt (record_id, revision, attempted_at, outcome, http_status, detail) "
                            + "values (?, ?, ?, ?, ?, ?)",
                    entry.id(),
                    entry.revision(),
                    now,
                    outcome.state().wireName(),
                    outcome.httpStatus(),
                    outcome.detail());
            boolean delivered = outcome.state() == RecordState.DELIVERED;
            boolean settled = delivered || outcome.state() == RecordState.WITHHELD;
            jdbc.update(
                    "update journal_record set state = ?, attempts = attempts + 1, last_error = ?, last_outcome = ?, "
                            + "delivered_payload = " + (delivered ? "payload" : "delivered_payload") + ", "
                            + "fhir_ids = coalesce(?, fhir_ids), next_attempt_at = ?, updated_at = ?, lease_until = null, "
                            + "delivery_report = coalesce(?, delivery_report), report_revision = coalesce(?, report_revision) "
                            + "where id = ? and revision = ?",
                    outcome.state().wireName(),
                    settled ? null : outcome.detail(),
                    outcome.operationOutcome(),
                    outcome.fhirIds(),
                    outcome.nextAttemptAt() == null
                            ? now
                            : outcome.nextAttemptAt().atOffset(ZoneOffset.UTC),
                    now,
                    report,
                    report == null ? null : entry.revision(),
                    entry.id(),
                    entry.revision());
        });
    }

    private String written(DeliveryReport report) {
        try {
            return json.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a delivery report could not be written as JSON", e);
        }
    }

    /** Records that need a person: {@code failed} (the EHR refused) and {@code dead} (retries ran out), newest first. */
    public List<JournalEntry> deadLetters(int limit) {
        return jdbc.query(
                "select " + COLUMNS + " from journal_record where state in ('failed', 'dead') "
                        + "order by updated_at desc, id desc limit ?",
                ENTRY,
                limit);
    }

    public Optional<JournalEntry> find(long id) {
        return jdbc.query("select " + COLUMNS + " from journal_record where id = ?", ENTRY, id).stream()
                .findFirst();
    }

    /**
     * Sends a failed, dead or withheld record again from its first attempt, and records who asked (a
     * withheld one after the EHR's plan changed, so that it may now take some of it).
     *
     * @return false when the record is in none of those states, or its body was purged (nothing changed)
     */
    public boolean replay(long id, String who) {
        OffsetDateTime now = now();
        Boolean replayed = transactions.execute(status -> {
            // a purged body (a withheld record past the retention) has nothing left to send
            List<Object[]> current = jdbc.query(
                    "select revision, state from journal_record where id = ? " + "and payload is not null for update",
                    (rs, i) -> new Object[] {rs.getInt(1), rs.getString(2)},
                    id);
            if (current.isEmpty() || !REPLAYABLE.contains((String) current.get(0)[1])) {
                return false;
            }
            jdbc.update(
                    "insert into record_replay (record_id, revision, previous_state, replayed_by, replayed_at) "
                            + "values (?, ?, ?, ?, ?)",
                    id,
                    current.get(0)[0],
                    current.get(0)[1],
                    who,
                    now);
            jdbc.update(
                    "update journal_record set state = 'pending', attempts = 0, next_attempt_at = ?, updated_at = ?, "
                            + "lease_until = null where id = ?",
                    now,
                    now,
                    id);
            return true;
        });
        return Boolean.TRUE.equals(replayed);
    }

    public List<Replay> replays(long recordId) {
        return jdbc.query(
                "select revision, previous_state, replayed_by, replayed_at from record_replay "
                        + "where record_id = ? order by id",
                (rs, i) -> new Replay(rs.getInt(1), rs.getString(2), rs.getString(3), instant(rs, 4)),
                recordId);
    }

    /** One replay: of which revision, from which state, asked by whom, when. */
    public record Replay(int revision, String previousState, String replayedBy, Instant replayedAt) {}

    /** The id the EHR gave a resource, by its identifier value: the write ledger of batch and single writes. */
    public Optional<String> serverId(String resourceType, String identifierValue) {
        return jdbc
                .query(
                        "select server_id from server_id where namespace_value = ? and resource_type = ?",
                        (rs, i) -> rs.getString(1),
                        identifierValue,
                        resourceType)
                .stream()
                .findFirst();
    }

    public void rememberServerId(String resourceType, String identifierValue, String serverId) {
        transactions.executeWithoutResult(status -> {
            jdbc.update(
                    "delete from server_id where namespace_value = ? and resource_type = ?",
                    identifierValue,
                    resourceType);
            jdbc.update(
                    "insert into server_id (namespace_value, resource_type, server_id) values (?, ?, ?)",
                    identifierValue,
                    resourceType,
                    serverId);
        });
    }

    public long waitingCount() {
        Long count = jdbc.queryForObject(
                "select count(*) from journal_record where state in ('pending', 'retrying')", Long.class);
        return count == null ? 0 : count;
    }

    public Optional<Instant> oldestWaiting() {
        return jdbc
                .query(
                        "select min(received_at) from journal_record where state in ('pending', 'retrying')",
                        (rs, i) -> instant(rs, 1))
                .stream()
                .filter(java.util.Objects::nonNull)
                .findFirst();
    }

    public boolean isKnownSession(String sourceId) {
        Integer count = jdbc.queryForObject(
                "select count(*) from journal_record where kind = 'session' and source_id = ?",
                Integer.class,
                sourceId);
        return count != null && count > 0;
    }

    public Optional<String> sessionAt(PatientRef patient, OffsetDateTime time) {
        return jdbc
                .query(
                        "select source_id from session_window where patient_key = ? "
                                + "and window_start <= ? and window_end >= ? order by window_start desc",
                        (rs, i) -> rs.getString(1),
                        patientKey(patient),
                        time,
                        time)
                .stream()
                .findFirst();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    private String patientKey(PatientRef patient) {
        return patientKeys.key(patient);
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static final RowMapper<JournalEntry> ENTRY = (rs, i) -> new JournalEntry(
            rs.getLong("id"),
            rs.getString("kind"),
            rs.getString("source_id"),
            rs.getInt("revision"),
            rs.getString("receipt_id"),
            rs.getString("payload"),
            RecordState.fromWireName(rs.getString("state")),
            rs.getInt("attempts"),
            rs.getString("last_error"),
            rs.getString("fhir_ids"),
            instant(rs, 11),
            instant(rs, 12),
            instant(rs, 13),
            rs.getString("last_outcome"),
            rs.getString("delivered_payload"),
            instant(rs, 16),
            rs.getString("delivery_report"),
            (Integer) rs.getObject("report_revision"));
}
