package dev.parallax.core;

import java.util.Locale;

/** How a run's cost was worked out. */
public enum CostBasis {
    /** Provider-reported token counts times the price table. */
    EXACT,
    /** Estimated token counts times the price table, or a local run's energy from configured watts. */
    ESTIMATED,
    /** A local run whose energy was read from the CPU's energy counter (RAPL). */
    MEASURED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CostBasis fromLabel(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
