package org.ketaminefhir.adapter.delivery;

import java.time.Duration;

/** A record whose mapping and validation outlasted {@code adapter.delivery.preparation-budget}: failed, not retried. */
final class PreparationOverBudgetException extends RuntimeException {

    PreparationOverBudgetException(Duration budget) {
        super("mapping and validating the record took longer than adapter.delivery.preparation-budget (" + budget
                + "); it is not retried. Send it again in smaller records, or raise the budget");
    }
}
