package dev.parallax.history;

import java.util.Objects;

/**
 * A finding as stored: what, where, how sure and who said so; never the value.
 *
 * @param dismissed the user marked its value not sensitive for the session, so it did not count
 */
public record StoredFinding(String type, int start, int end, double confidence, String detector, boolean dismissed) {

    public StoredFinding {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(detector, "detector");
    }

    public StoredFinding(String type, int start, int end, double confidence, String detector) {
        this(type, start, end, confidence, detector, false);
    }
}
