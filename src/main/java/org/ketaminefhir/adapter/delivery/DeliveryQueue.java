package org.ketaminefhir.adapter.delivery;

import ca.uhn.fhir.context.FhirContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.ketaminefhir.adapter.ehr.DeliveryReport;
import org.ketaminefhir.adapter.ehr.Disposition;
import org.ketaminefhir.adapter.journal.AttemptOutcome;
import org.ketaminefhir.adapter.journal.Journal;
import org.ketaminefhir.adapter.journal.JournalEntry;
import org.ketaminefhir.adapter.journal.RecordState;
import org.ketaminefhir.adapter.profile.InvalidBundleException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery side of the journal, as the delivery route uses it: claim what is due, record what
 * happened. A failure the EHR will not accept on a resend is {@code failed} at once; anything else
 * is retried with exponential backoff until the attempts run out, then it is {@code dead}.
 * Logs name records by kind and source id only (house rule 3).
 */
public final class DeliveryQueue {

    private static final Logger log = LoggerFactory.getLogger(DeliveryQueue.class);

    private final Journal journal;
    private final DeliveryProperties properties;
    private final Clock clock;
    private final FhirContext fhir;
    private final DeliveryListener listener;
    private final LeaseKeeper leases;
    private final EhrProperties.EncounterWaiting encounterWaiting;

    /**
     * Told of every outcome and of each record's preparation (metrics); {@link DeliveryListener#NONE} when
     * nothing listens. Delivery knows its listeners by this interface only, so the metrics depend on delivery
     * and not the other way round.
     */
    public interface DeliveryListener {
        DeliveryListener NONE = (kind, state, receivedAt) -> {};

        void outcome(String kind, RecordState state, Instant receivedAt);

        /** Mapping and profile validation of one record took this long. */
        default void prepared(String kind, Duration took) {}

        /**
         * A delivery under a write plan dealt with {@code count} resources of one type this way.
         *
         * @param disposition {@code sent}, {@code note} (only the clinical note carries it) or {@code not-sent}
         */
        default void resources(String kind, String type, String disposition, int count) {}
    }

    public DeliveryQueue(Journal journal, DeliveryProperties properties, Clock clock, FhirContext fhir) {
        this(
                journal,
                properties,
                clock,
                fhir,
                DeliveryListener.NONE,
                new LeaseKeeper(journal, properties.lease()),
                EhrProperties.EncounterWaiting.DEFAULT);
    }

    public DeliveryQueue(
            Journal journal,
            DeliveryProperties properties,
            Clock clock,
            FhirContext fhir,
            DeliveryListener listener,
            LeaseKeeper leases,
            EhrProperties.EncounterWaiting encounterWaiting) {
        this.journal = journal;
        this.properties = properties;
        this.clock = clock;
        this.fhir = fhir;
        this.listener = listener;
        this.leases = leases;
        this.encounterWaiting = encounterWaiting;
    }

    /** Claims what is due; each claimed record's lease is kept until its outcome is recorded. */
    public List<JournalEntry> claimDue() {
        List<JournalEntry> claimed = journal.claimDue(properties.batchSize(), properties.lease());
        leases.hold(claimed);
        return claimed;
    }

    /**
     * Records what the gateway answered. A delivery whose plan sent nothing of the record is {@code withheld},
     * neither delivered (the EHR holds none of it) nor a failure (a resend would send nothing either): decided
     * here, so every gateway's report counts alike.
     */
    public void recordOutcome(JournalEntry entry, AttemptOutcome outcome) {
        AttemptOutcome recorded = withheldWhenNothingSent(outcome);
        try {
            journal.recordAttempt(entry, recorded);
        } finally {
            leases.release(entry);
        }
        listener.outcome(entry.kind(), recorded.state(), entry.receivedAt());
        if (recorded.report() != null) {
            DeliveryReport report = recorded.report();
            report.sent()
                    .forEach((type, count) ->
                            listener.resources(entry.kind(), type, Disposition.SENT.wireName(), count));
            report.inNote()
                    .forEach(part ->
                            listener.resources(entry.kind(), part.type(), Disposition.NOTE.wireName(), part.count()));
            report.notSent()
                    .forEach(part -> listener.resources(
                            entry.kind(), part.type(), Disposition.NOT_SENT.wireName(), part.count()));
        }
        log.info(
                "{} {} revision {} {}",
                entry.kind(),
                entry.sourceId(),
                entry.revision(),
                recorded.state().wireName());
    }

    private static AttemptOutcome withheldWhenNothingSent(AttemptOutcome outcome) {
        if (outcome.state() != RecordState.DELIVERED
                || outcome.report() == null
                || !outcome.report().nothingSent()) {
            return outcome;
        }
        return new AttemptOutcome(
                RecordState.WITHHELD,
                outcome.httpStatus(),
                "the EHR's write plan takes no part of this record: "
                        + outcome.report().summary(),
                outcome.fhirIds(),
                null,
                null,
                outcome.report());
    }

    public void recordFailure(JournalEntry entry, Exception failure) {
        try {
            recordFailedAttempt(entry, failure);
        } finally {
            leases.release(entry);
        }
    }

    private void recordFailedAttempt(JournalEntry entry, Exception failure) {
        int attempt = entry.attempts() + 1;
        AttemptOutcome outcome;
        if (failure instanceof InvalidBundleException invalid) {
            outcome = new AttemptOutcome(
                    RecordState.FAILED,
                    null,
                    invalid.getMessage(),
                    null,
                    null,
                    json(invalid.report().outcome()));
        } else if (failure instanceof PreparationOverBudgetException overBudget) {
            outcome = new AttemptOutcome(RecordState.FAILED, null, overBudget.getMessage(), null, null, null);
        } else if (failure instanceof EhrRejectedException rejected) {
            outcome = new AttemptOutcome(
                    RecordState.FAILED,
                    rejected.httpStatus(),
                    rejected.getMessage(),
                    null,
                    null,
                    json(rejected.operationOutcome()));
        } else if (failure instanceof EncounterRefusedException refused) {
            outcome = new AttemptOutcome(RecordState.FAILED, null, refused.getMessage(), null, null, null);
        } else if (failure instanceof EncounterNotYetHeldException notYet) {
            outcome = waitingForVisit(entry, notYet);
        } else if (attempt >= properties.maxAttempts() || tooOld(entry)) {
            outcome = new AttemptOutcome(RecordState.DEAD, status(failure), describe(failure), null, null, null);
        } else {
            outcome = new AttemptOutcome(
                    RecordState.RETRYING,
                    status(failure),
                    describe(failure),
                    null,
                    nextAttempt(attempt, failure),
                    null);
        }
        journal.recordAttempt(entry, outcome);
        listener.outcome(entry.kind(), outcome.state(), entry.receivedAt());
        log.warn(
                "{} {} revision {} attempt {} {} (HTTP {})",
                entry.kind(),
                entry.sourceId(),
                entry.revision(),
                attempt,
                outcome.state().wireName(),
                outcome.httpStatus() == null ? "-" : outcome.httpStatus());
    }

    /**
     * The EHR holds no visit for the record yet: it is looked for again every adapter.ehr.encounter-retry,
     * however many attempts that takes (a visit registered late is no failure of the EHR), until
     * adapter.ehr.encounter-wait after the record's receipt; then it fails with what was searched.
     */
    private AttemptOutcome waitingForVisit(JournalEntry entry, EncounterNotYetHeldException notYet) {
        Instant now = clock.instant();
        Instant giveUp = entry.receivedAt().plus(encounterWaiting.window());
        if (now.isBefore(giveUp)) {
            Instant next = now.plus(encounterWaiting.retry());
            return new AttemptOutcome(
                    RecordState.RETRYING,
                    null,
                    "waiting for a visit the EHR holds (until " + giveUp + ", adapter.ehr.encounter-wait): "
                            + notYet.getMessage(),
                    null,
                    next.isAfter(giveUp) ? giveUp : next,
                    null);
        }
        return new AttemptOutcome(
                RecordState.FAILED,
                null,
                "no visit held by the EHR for " + entry.kind() + " "
                        + entry.sourceId() + " within " + encounterWaiting.window()
                        + " of its receipt (adapter.ehr.encounter-wait); "
                        + notYet.getMessage(),
                null,
                null,
                null);
    }

    private String json(OperationOutcome outcome) {
        return outcome == null ? null : fhir.newJsonParser().encodeResourceToString(outcome);
    }

    /**
     * Exponential backoff with full jitter (a random wait between half and all of the doubled delay, so
     * many records failing at once do not return at once), or later if the EHR's Retry-After says so.
     */
    private Instant nextAttempt(int attempt, Exception failure) {
        long factor = 1L << Math.min(attempt - 1, 20);
        Duration backoff = properties.initialBackoff().multipliedBy(factor);
        if (backoff.compareTo(properties.maxBackoff()) > 0) {
            backoff = properties.maxBackoff();
        }
        long half = backoff.toMillis() / 2;
        Duration jittered = Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
        if (failure instanceof EhrUnavailableException unavailable
                && unavailable.retryAfter().isPresent()
                && unavailable.retryAfter().get().compareTo(jittered) > 0) {
            jittered = unavailable.retryAfter().get();
        }
        return clock.instant().plus(jittered);
    }

    private boolean tooOld(JournalEntry entry) {
        return entry.receivedAt().plus(properties.maxAge()).isBefore(clock.instant());
    }

    private static Integer status(Exception failure) {
        return failure instanceof EhrUnavailableException unavailable ? unavailable.httpStatus() : null;
    }

    /** The failure for the status API; exception messages of our own code carry no PHI. */
    private static String describe(Exception failure) {
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }
}
