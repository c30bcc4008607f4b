package dev.parallax.history;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of the privacy audit: a run and how it was routed, a run refused, or a change of policy or rules.
 * Holds no matched value: findings are types and spans, details are sentences Parallax wrote.
 *
 * @param event {@code run}, {@code refused}, {@code policy_changed}, {@code rule_added}, {@code rule_removed}
 * @param id    0 before it is stored
 */
public record AuditEvent(long id, Instant at, String event, Optional<String> runId, Optional<String> requestedTarget,
                         Optional<String> chosenTarget, Optional<String> rule, Optional<String> action,
                         List<StoredFinding> findings, int redactions, Optional<String> detail) {

    public AuditEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(event, "event");
        findings = List.copyOf(findings);
    }

    /** A change of settings, described in words. */
    public static AuditEvent change(Instant at, String event, String detail) {
        return new AuditEvent(0, at, event, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), List.of(), 0, Optional.of(detail));
    }

    /** The findings that counted (not dismissed by the user). */
    public List<StoredFinding> counted() {
        return findings.stream().filter(f -> !f.dismissed()).toList();
    }

    /** How many findings the user dismissed as not sensitive in the session the run came from. */
    public int dismissedCount() {
        return (int) findings.stream().filter(StoredFinding::dismissed).count();
    }
}
