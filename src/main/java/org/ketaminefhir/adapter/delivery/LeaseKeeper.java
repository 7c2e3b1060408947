package org.ketaminefhir.adapter.delivery;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ketaminefhir.adapter.journal.Journal;
import org.ketaminefhir.adapter.journal.JournalEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the leases of the records this instance has claimed and not yet answered for, so that no other
 * worker (of this or another instance) takes a record while it waits for a worker, is mapped and validated,
 * or is sent. The delivery route's timer does not wait for a claimed batch to finish, so without renewal a
 * record still in preparation when its lease ran out was claimed again, and again: a 10,000-reading record
 * held every worker. If this instance dies, renewal stops and the leases run out as before.
 */
public final class LeaseKeeper {

    private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

    private final Journal journal;
    private final Duration lease;
    private final Map<Long, JournalEntry> held = new ConcurrentHashMap<>();

    public LeaseKeeper(Journal journal, Duration lease) {
        this.journal = journal;
        this.lease = lease;
    }

    /** How often {@link #renew()} must run: three times per lease, so one late or failed renewal loses nothing. */
    public Duration renewalInterval() {
        return lease.dividedBy(3);
    }

    public void hold(List<JournalEntry> claimed) {
        claimed.forEach(entry -> held.put(entry.id(), entry));
    }

    public void release(JournalEntry entry) {
        held.remove(entry.id(), entry);
    }

    /** Extends every held lease by a whole lease from now. */
    public void renew() {
        if (held.isEmpty()) {
            return;
        }
        try {
            journal.renewLeases(List.copyOf(held.values()), lease);
        } catch (RuntimeException | Error e) {
            // the journal unreachable for a moment: the next renewal, a third of a lease later, tries again
            // (anything thrown out of a scheduled task would end all later renewals, silently)
            log.warn(
                    "could not renew the leases of {} record(s) in delivery: {}",
                    held.size(),
                    e.getClass().getSimpleName());
        }
    }

    int held() {
        return held.size();
    }
}
