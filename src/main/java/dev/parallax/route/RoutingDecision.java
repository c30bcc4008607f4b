package dev.parallax.route;

import dev.parallax.core.Target;
import dev.parallax.privacy.Finding;
import dev.parallax.privacy.PrivacyAction;
import dev.parallax.privacy.PrivacyLabel;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * How one run was routed: the target asked for, the one that ran, the rule that chose it, what the privacy policy did
 * ({@code allow}, {@code redact}, {@code local-only}), the findings (spans, no values), how many values were replaced
 * by placeholders, how long the gate took (empty when it did not run: local targets need no check), and the findings
 * the user dismissed as not sensitive in this session (spans, no values; they did not count).
 *
 * <p>Rules: {@code local_target}, {@code no_findings}, {@code default_policy}, {@code provider_policy},
 * {@code override}, {@code label_local_only}, {@code gate_undecided}, {@code on_this_machine}, {@code unchecked},
 * {@code dismissed_by_user};
 * for {@code auto}: {@code sensitive}, {@code too_long_for_local}, {@code budget_reached}, {@code default_cloud},
 * {@code no_cloud_target}, {@code cloud_error_fallback}.
 */
public record RoutingDecision(Target requested, Target chosen, String rule, PrivacyAction action, PrivacyLabel label,
                              List<Finding> findings, int redactions, OptionalDouble gateMs, Optional<String> undecided,
                              List<Finding> dismissed) {

    public RoutingDecision {
        Objects.requireNonNull(requested, "requested");
        Objects.requireNonNull(chosen, "chosen");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(label, "label");
        findings = List.copyOf(findings);
        Objects.requireNonNull(gateMs, "gateMs");
        Objects.requireNonNull(undecided, "undecided");
        dismissed = List.copyOf(dismissed);
    }

    /** A local target: nothing leaves, nothing to check. */
    static RoutingDecision local(Target target, PrivacyLabel label) {
        return new RoutingDecision(target, target, "local_target", PrivacyAction.ALLOW, label, List.of(), 0,
                OptionalDouble.empty(), Optional.empty(), List.of());
    }

    RoutingDecision withChosen(Target target, String newRule) {
        return new RoutingDecision(requested, target, newRule, action, label, findings, redactions, gateMs, undecided, dismissed);
    }

    RoutingDecision withRedactions(int n) {
        return new RoutingDecision(requested, chosen, rule, action, label, findings, n, gateMs, undecided, dismissed);
    }
}
