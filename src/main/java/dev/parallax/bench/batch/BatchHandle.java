package dev.parallax.bench.batch;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A batch on its way: pause, resume, cancel, its progress now, and its last progress once it stops. */
public interface BatchHandle {

    String batchId();

    /** Starts no new runs; those going on finish. The batch stays paused across a restart until resumed. */
    void pause();

    /** Goes on after a pause. */
    void resume();

    /** Stops: cancels the runs going on and starts no new ones. A cancelled batch can be resumed later. */
    void cancel();

    BatchProgress progress();

    /** Completes when no run of the batch is going on any more (completed, cancelled, paused by budget...). */
    CompletableFuture<BatchProgress> finished();

    default BatchProgress await() throws InterruptedException {
        try {
            return finished().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the batch ended with an error: " + e.getCause().getMessage(), e.getCause());
        }
    }

    default BatchProgress await(Duration timeout) throws InterruptedException, TimeoutException {
        try {
            return finished().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the batch ended with an error: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
