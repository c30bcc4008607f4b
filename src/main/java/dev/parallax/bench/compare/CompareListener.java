package dev.parallax.bench.compare;

import dev.parallax.core.RunEvent;
import dev.parallax.history.RunMetrics;

/** What a comparison tells while it runs, on engine threads. Must not block. */
public interface CompareListener {

    default void runStarted(int targetIndex, int repeatNo, String runId) {
    }

    /** Every event of every run (tokens included), for live columns. */
    default void event(int targetIndex, int repeatNo, RunEvent event) {
    }

    default void runFinished(int targetIndex, int repeatNo, RunMetrics run) {
    }

    /** A target's runs could not start; the comparison goes on without them. */
    default void refused(int targetIndex, String reason) {
    }

    static CompareListener none() {
        return new CompareListener() { };
    }
}
