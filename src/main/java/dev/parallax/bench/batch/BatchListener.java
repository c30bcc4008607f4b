package dev.parallax.bench.batch;

import dev.parallax.history.RunMetrics;

/**
 * What a batch tells while it runs, on its own threads (a screen hands it to its UI thread, batched). Must not
 * block.
 */
public interface BatchListener {

    /** After each finished item and each change of state. */
    default void progress(BatchProgress progress) {
    }

    /** One (row, target, repeat) finished. */
    default void itemFinished(int rowNo, int targetIndex, int repeatNo, RunMetrics run) {
    }

    static BatchListener none() {
        return new BatchListener() { };
    }
}
