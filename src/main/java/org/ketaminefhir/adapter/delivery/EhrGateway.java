package org.ketaminefhir.adapter.delivery;

import org.ketaminefhir.adapter.journal.AttemptOutcome;

/**
 * Where bundles go: the EHR's FHIR API, or the outbox folder when no EHR is configured (docs/interface.md, Delivery).
 * A failure is thrown: {@link EhrRejectedException} when resending cannot help, anything else when it may.
 */
public interface EhrGateway {

    AttemptOutcome send(PreparedBundle prepared);

    /** Where this gateway sends, for the logs and the status page (never credentials). */
    String describe();

    /** {@code transaction}, {@code batch} or {@code outbox}: how records are sent. */
    String dialect();

    /** Whether the target answers now: asked by health and the dashboard, never sends a record. */
    Reachability reachability();

    /** @param detail what was asked and what came back (an HTTP status or an error class; no record data) */
    record Reachability(boolean reachable, String detail) {}
}
