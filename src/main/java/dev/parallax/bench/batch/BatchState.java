package dev.parallax.bench.batch;

import java.util.Locale;

/** Where a batch stands. Every state but RUNNING and COMPLETED can be resumed. */
public enum BatchState {
    RUNNING,
    /** Paused by the user, or stopped because a target was refused (fix it, then resume). */
    PAUSED,
    COMPLETED,
    CANCELLED,
    /** Stopped before its projected cost would pass the budget. */
    BUDGET,
    /** Parallax stopped while it ran. */
    INTERRUPTED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static BatchState fromLabel(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }

    public boolean isResumable() {
        return this != RUNNING && this != COMPLETED;
    }
}
