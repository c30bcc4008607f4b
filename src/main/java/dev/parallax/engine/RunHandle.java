package dev.parallax.engine;

import java.time.Duration;

/** A run in progress. */
public interface RunHandle {

    /** Asks the run to stop; it ends with a cancelled event soon after (local: within 200 ms). */
    void cancel();

    /** Waits until the terminal event was delivered; false when the wait timed out. */
    boolean await(Duration timeout) throws InterruptedException;

    /** Waits until the terminal event was delivered. */
    void await() throws InterruptedException;
}
