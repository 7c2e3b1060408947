package org.ketaminefhir.adapter.journal;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Who did what and when, from the journal: submissions (each accepted revision, {@code journal_revision}),
 * replays ({@code record_replay}) and MRN reveals ({@code audit_event}). Names callers and records, never a
 * patient detail.
 */
public class AuditTrail {

    /** One audited act: {@code submit}, {@code replay} or {@code reveal-mrn}. */
    public record Event(Instant at, String actor, String action, String kind, String sourceId, int revision) {}

    /** One accepted revision of a record and who sent it. */
    public record Submission(int revision, Instant at, String submittedBy) {}

    private final JdbcTemplate jdbc;
    private final Clock clock;

    AuditTrail(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public void revealedMrn(String actor, long recordId) {
        jdbc.update(
                "insert into audit_event (at, actor, action, record_id) values (?, ?, 'reveal-mrn', ?)",
                OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC),
                actor,
                recordId);
    }

    /**
     * The newest events first. Each source gives only its own newest {@code limit} (by its time index)
     * before they are merged: the dashboard asks every few seconds, and the journal may hold millions of
     * revisions.
     */
    public List<Event> recent(int limit) {
        return jdbc.query(
                "select at, actor, action, kind, source_id, revision from ("
                        + " (select received_at as at, coalesce(submitted_by, 'unknown') as actor, 'submit' as action,"
                        + "   kind, source_id, revision from journal_revision order by received_at desc limit ?)"
                        + " union all"
                        + " (select p.replayed_at, p.replayed_by, 'replay', r.kind, r.source_id, p.revision"
                        + "   from record_replay p join journal_record r on r.id = p.record_id order by p.replayed_at desc limit ?)"
                        + " union all"
                        + " (select a.at, a.actor, a.action, r.kind, r.source_id, r.revision"
                        + "   from audit_event a join journal_record r on r.id = a.record_id order by a.at desc limit ?)"
                        + ") events order by at desc limit ?",
                (rs, i) -> new Event(
                        Journal.instant(rs, 1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getInt(6)),
                limit,
                limit,
                limit,
                limit);
    }

    /** Every accepted revision of one record, oldest first. */
    public List<Submission> submissions(String kind, String sourceId) {
        return jdbc.query(
                "select revision, received_at, coalesce(submitted_by, 'unknown') from journal_revision "
                        + "where kind = ? and source_id = ? order by revision",
                (rs, i) -> new Submission(rs.getInt(1), Journal.instant(rs, 2), rs.getString(3)),
                kind,
                sourceId);
    }
}
