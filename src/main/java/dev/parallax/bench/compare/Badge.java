package dev.parallax.bench.compare;

import java.util.Locale;

/** What a target won in a comparison. */
public enum Badge {
    /** Lowest median time to first token. */
    FASTEST_FIRST_TOKEN,
    /** Lowest median total time. */
    FASTEST_TOTAL,
    /** Lowest average cost per run, among targets whose every run has a known cost. */
    CHEAPEST;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
