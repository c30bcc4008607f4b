package dev.parallax.history;

import java.util.Objects;

/** A finding as stored: what, where, how sure and who said so; never the value. */
public record StoredFinding(String type, int start, int end, double confidence, String detector) {

    public StoredFinding {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(detector, "detector");
    }
}
