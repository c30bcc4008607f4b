package dev.parallax.history;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import dev.parallax.core.RunStatus;

/**
 * Which runs a history view shows. Every filter is optional; together they must all match.
 *
 * @param text   found, ignoring case, in the prompt, the output or the target
 * @param target exactly this target ({@code provider:model})
 * @param status exactly this status
 * @param from   created at or after this instant
 * @param until  created before this instant
 */
public record HistoryQuery(Optional<String> text, Optional<String> target, Optional<RunStatus> status,
                           Optional<Instant> from, Optional<Instant> until) {

    public HistoryQuery {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(until, "until");
        text = text.filter(t -> !t.isBlank());
        target = target.filter(t -> !t.isBlank());
    }

    public static HistoryQuery all() {
        return new HistoryQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public HistoryQuery withText(String v) {
        return new HistoryQuery(Optional.ofNullable(v), target, status, from, until);
    }

    public HistoryQuery withTarget(String v) {
        return new HistoryQuery(text, Optional.ofNullable(v), status, from, until);
    }

    public HistoryQuery withStatus(RunStatus v) {
        return new HistoryQuery(text, target, Optional.ofNullable(v), from, until);
    }

    /** Created in {@code [from, until)}. */
    public HistoryQuery between(Instant from, Instant until) {
        return new HistoryQuery(text, target, status, Optional.ofNullable(from), Optional.ofNullable(until));
    }
}
