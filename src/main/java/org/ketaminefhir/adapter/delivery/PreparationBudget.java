package org.ketaminefhir.adapter.delivery;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.ketaminefhir.adapter.journal.JournalEntry;

/**
 * Mapping and validation within {@code adapter.delivery.preparation-budget}: a record whose preparation
 * takes longer fails ({@link PreparationOverBudgetException}, never retried: it would take as long again)
 * and its delivery worker goes on to the next record. The preparation runs on a thread of its own so the
 * worker can stop waiting; the validator does not heed interruption, so an abandoned preparation runs on
 * to its end there (its size is bounded at intake) while the worker is already free.
 */
final class PreparationBudget implements AutoCloseable {

    /** What is timed: BundlePreparation::prepare. */
    @FunctionalInterface
    public interface Preparation {
        PreparedBundle prepare(JournalEntry entry);
    }

    private final Preparation preparation;
    private final Duration budget;
    private final ExecutorService preparers;

    public PreparationBudget(Preparation preparation, Duration budget, ExecutorService preparers) {
        this.preparation = preparation;
        this.budget = budget;
        this.preparers = preparers;
    }

    public PreparedBundle prepare(JournalEntry entry) throws InterruptedException {
        Future<PreparedBundle> prepared = preparers.submit(() -> preparation.prepare(entry));
        try {
            return prepared.get(budget.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            prepared.cancel(true);
            throw new PreparationOverBudgetException(budget);
        } catch (ExecutionException e) {
            // the preparation's own failure (an invalid bundle, an unreadable record), as if run here
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** At shutdown (Spring calls it): an abandoned preparation still running is told to stop. */
    @Override
    public void close() {
        preparers.shutdownNow();
    }
}
