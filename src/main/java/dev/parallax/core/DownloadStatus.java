package dev.parallax.core;

import java.util.Locale;

/** Where a model download stands. */
public enum DownloadStatus {
    QUEUED,
    RUNNING,
    PAUSED,
    /** Parallax stopped while it was running; it resumes where it stopped. */
    INTERRUPTED,
    /** All bytes are in; the hash and the GGUF header are being checked. */
    VERIFYING,
    COMPLETED,
    FAILED,
    CANCELLED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DownloadStatus of(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }

    /** Whether it will not move again without being asked (completed and cancelled are final; failed can be retried). */
    public boolean isActive() {
        return this == QUEUED || this == RUNNING || this == VERIFYING;
    }

    /** Whether running the same pull again continues it. */
    public boolean isResumable() {
        return this == QUEUED || this == PAUSED || this == INTERRUPTED || this == FAILED || this == RUNNING
                || this == VERIFYING;
    }
}
