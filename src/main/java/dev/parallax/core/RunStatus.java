package dev.parallax.core;

/** Where a run stands. Only RUNNING is not final. */
public enum RunStatus {
    RUNNING,
    COMPLETED,
    /** The stream ended without the end marker: partial text kept. */
    TRUNCATED,
    FAILED,
    CANCELLED,
    /** Found RUNNING at start-up: the process that ran it ended before it did. */
    INTERRUPTED;

    public boolean isFinal() {
        return this != RUNNING;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static RunStatus fromLabel(String label) {
        return valueOf(label.toUpperCase(java.util.Locale.ROOT));
    }
}
