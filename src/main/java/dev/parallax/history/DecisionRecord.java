package dev.parallax.history;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * How a run was routed: the target asked for and the one that ran, the rule that decided, the privacy action, the
 * findings (without values), how many values were replaced by placeholders, and how long the gate took.
 *
 * @param undecided why the gate could not decide, when it could not
 */
public record DecisionRecord(String runId, Instant decidedAt, String requestedTarget, String chosenTarget, String rule,
                             String action, String label, List<StoredFinding> findings, int redactions,
                             OptionalDouble gateMs, Optional<String> undecided) {

    public DecisionRecord {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(decidedAt, "decidedAt");
        Objects.requireNonNull(requestedTarget, "requestedTarget");
        Objects.requireNonNull(chosenTarget, "chosenTarget");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(label, "label");
        findings = List.copyOf(findings);
        Objects.requireNonNull(gateMs, "gateMs");
        Objects.requireNonNull(undecided, "undecided");
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
