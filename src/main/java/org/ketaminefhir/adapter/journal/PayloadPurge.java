package org.ketaminefhir.adapter.journal;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Retention: once a record has been delivered (or withheld: its plan sends none of it) for
 * {@code adapter.journal.payload-retention}, the patient
 * data the journal holds about it goes (its body, the body last delivered, the EHR's answers, which may
 * quote it). What stays is metadata: kind, source id, revisions and who sent them, states, attempt times
 * and HTTP statuses, FHIR ids. A later correction of a purged record is mapped on its own (parts it drops
 * are not known to be dropped, so are not marked entered-in-error).
 */
public class PayloadPurge {

    private static final Logger log = LoggerFactory.getLogger(PayloadPurge.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Duration retention;

    PayloadPurge(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock, Duration retention) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
        this.retention = retention;
    }

    /** What the purge route (routes/purge-payloads.camel.yaml) calls: purge with the configured retention. */
    public int purgeExpired() {
        int purged = purgeDeliveredOlderThan(retention);
        if (purged > 0) {
            log.info("purged the payloads of {} record(s) delivered or withheld more than {} ago", purged, retention);
        }
        return purged;
    }

    /** @return how many records were purged */
    int purgeDeliveredOlderThan(Duration retention) {
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        OffsetDateTime cutoff = now.minus(retention);
        Integer purged = transactions.execute(status -> {
            jdbc.update(
                    "update delivery_attempt set detail = null where record_id in (select id from journal_record "
                            + "where state in ('delivered', 'withheld') and purged_at is null and updated_at < ?)",
                    cutoff);
            return jdbc.update(
                    "update journal_record set payload = null, delivered_payload = null, last_outcome = null, "
                            + "last_error = null, purged_at = ? where state in ('delivered', 'withheld') and purged_at is null "
                            + "and updated_at < ?",
                    now,
                    cutoff);
        });
        return purged == null ? 0 : purged;
    }
}
