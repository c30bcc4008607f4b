package dev.parallax.privacy;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the gate found in a prompt and what the policy says for each destination.
 *
 * @param findings  every finding that counts, by start; spans relative to the checked text
 * @param dismissed findings whose values the user marked not sensitive in this session: shown, but they do not count
 * @param decisions per provider, in the order the providers are listed
 * @param undecided why the gate could not decide (a detector failed), when it could not: nothing may leave then
 * @param nameCheck "off", "on", or why it failed
 * @param gateMs    how long the check took
 */
public record Assessment(List<Finding> findings, List<Finding> dismissed, Map<String, Decision> decisions,
                         Optional<String> undecided, String nameCheck, double gateMs) {

    public Assessment {
        findings = List.copyOf(findings);
        dismissed = List.copyOf(dismissed);
        decisions = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(decisions));
        Objects.requireNonNull(undecided, "undecided");
        Objects.requireNonNull(nameCheck, "nameCheck");
    }

    /** Whether anything was found (whatever its confidence), or the gate could not tell. */
    public boolean sensitive() {
        return !findings.isEmpty() || undecided.isPresent();
    }
}
