package dev.parallax.bench.compare;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** A comparison on its way. */
public interface CompareHandle {

    String comparisonId();

    /** Cancels the runs going on and starts no more; the comparison is saved with what finished. */
    void cancel();

    /** The comparison, saved, once every run ended. */
    CompletableFuture<Comparison> result();

    default Comparison await() throws InterruptedException {
        try {
            return result().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the comparison ended with an error: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
