package dev.parallax.history;

import java.util.Objects;

/** A row of a dataset file that could not be imported: the line (or sheet row) it is on, and why. */
public record SkippedRow(long line, String reason) {

    public SkippedRow {
        Objects.requireNonNull(reason, "reason");
    }
}
