package dev.parallax.privacy;

import java.util.Objects;

/**
 * Something sensitive in a text: what it is, where ({@code [start, end)} in chars), how sure the detector is, and
 * which detector said so. Never carries the matched value: take it from the text when it is needed, and only then.
 */
public record Finding(EntityType type, int start, int end, double confidence, String detector) {

    public Finding {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(detector, "detector");
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("a finding needs 0 <= start < end, not [" + start + ", " + end + ")");
        }
        if (confidence < 0 || confidence > 1) {
            throw new IllegalArgumentException("confidence must be in [0, 1], not " + confidence);
        }
    }

    public int length() {
        return end - start;
    }

    public boolean overlaps(Finding other) {
        return start < other.end && other.start < end;
    }

    public boolean contains(Finding other) {
        return start <= other.start && other.end <= end;
    }

    public Finding shifted(int offset) {
        return new Finding(type, start + offset, end + offset, confidence, detector);
    }
}
