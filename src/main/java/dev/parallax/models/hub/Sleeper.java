package dev.parallax.models.hub;

import java.time.Duration;

/** Waits; tests pass one that only records, so rate-limit and retry paths take no real time. */
@FunctionalInterface
public interface Sleeper {

    void sleep(Duration duration) throws InterruptedException;

    static Sleeper real() {
        return d -> Thread.sleep(Math.max(0, d.toMillis()));
    }
}
