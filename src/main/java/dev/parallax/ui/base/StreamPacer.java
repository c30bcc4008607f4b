package dev.parallax.ui.base;

/**
 * How often streamed text reaches the screen. The first update after a quiet spell goes out at once (the first
 * token shows the moment it arrives); after that at most one every {@link #INTERVAL_NANOS}: ten updates a second
 * read as smooth streaming, while one per frame made JavaFX lay the growing answer out sixty times a second. On a
 * small machine that layout ran on the cores the local model was being measured on: measured on 2 cores, the
 * Playground's answer streamed at 85-88 tok/s against 120-126 tok/s for the same model from the command line.
 */
public final class StreamPacer {

    public static final long INTERVAL_NANOS = 100_000_000L;

    private long last = Long.MIN_VALUE;

    /** True when an update may go out at {@code nowNanos}; the caller then makes it. */
    public boolean due(long nowNanos) {
        if (last != Long.MIN_VALUE && nowNanos - last < INTERVAL_NANOS) {
            return false;
        }
        last = nowNanos;
        return true;
    }

    /** Forgets the last update: the next one goes out at once (a new run, or the run's end). */
    public void reset() {
        last = Long.MIN_VALUE;
    }
}
