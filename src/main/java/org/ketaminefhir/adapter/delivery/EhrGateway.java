package org.ketaminefhir.adapter.delivery;

import org.ketaminefhir.adapter.journal.AttemptOutcome;

/**
 * Where bundles go: the EHR's FHIR API, or the outbox folder when no EHR is configured (contract §4).
 * A failure is thrown: {@link EhrRejectedException} when resending cannot help, anything else when it may.
 */
public interface EhrGateway {

    AttemptOutcome send(PreparedBundle prepared);

    /** Where this gateway sends, for the logs and the status page (never credentials). */
    String describe();
}
