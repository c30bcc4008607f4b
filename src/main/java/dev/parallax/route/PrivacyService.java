package dev.parallax.route;

import dev.parallax.history.AuditEvent;
import dev.parallax.history.AuditRepository;
import dev.parallax.history.DecisionRecord;
import dev.parallax.privacy.Assessment;
import dev.parallax.privacy.Destination;
import dev.parallax.privacy.Dismissals;
import dev.parallax.privacy.PrivacyAction;
import dev.parallax.privacy.PrivacyConfig;
import dev.parallax.privacy.PrivacyGate;
import dev.parallax.privacy.PrivacyLabel;
import dev.parallax.privacy.PrivacyPolicy;
import dev.parallax.privacy.PrivacySettings;
import dev.parallax.privacy.UserRule;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * What screens and commands need of privacy: check a prompt, read and change the policy and the user's rules (each
 * change audited), and read the audit. No JavaFX; every method may block briefly (the first check loads the
 * sentence model, about a second).
 */
public final class PrivacyService {

    private final PrivacyGate gate;
    private final PrivacySettings settings;
    private final AuditRepository audit;
    private final Clock clock;

    public PrivacyService(PrivacyGate gate, AuditRepository audit, Clock clock) {
        this.gate = gate;
        this.settings = gate.settings();
        this.audit = audit;
        this.clock = clock;
    }

    /** Findings in {@code prompt} and the decision for every provider, under the saved policy. */
    public Assessment check(String prompt) {
        return gate.check(prompt);
    }

    public Assessment check(String prompt, PrivacyLabel label, Optional<PrivacyAction> override) {
        return gate.check(List.of(prompt), label, override);
    }

    /** As {@link #check(String)}, ignoring the values the user dismissed in this session. */
    public Assessment check(String prompt, Dismissals dismissals) {
        return gate.check(List.of(prompt), PrivacyLabel.UNLABELLED, Optional.empty(), dismissals);
    }

    /** The providers a policy can name: those configured now, without {@code local}. */
    public List<Destination> providers() {
        return gate.destinations();
    }

    public PrivacyConfig settings() {
        return settings.load();
    }

    public PrivacyPolicy policy() {
        return settings.load().policy();
    }

    /** Saves new settings and audits what changed, in words (never a value a rule would match). */
    public synchronized void update(PrivacyConfig next) {
        PrivacyConfig before = settings.load();
        settings.save(next);
        if (!before.policy().equals(next.policy()) || before.specialSimilarity() != next.specialSimilarity()) {
            audit.record(AuditEvent.change(clock.instant(), "policy_changed", "default " + next.policy().defaultAction().label()
                    + ", providers " + next.policy().providers().entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue().label()).toList()
                    + ", least confidence " + next.policy().minConfidence()
                    + ", special-category similarity " + next.specialSimilarity()));
        }
        if (!before.localModel().equals(next.localModel()) || !before.cloudTargets().equals(next.cloudTargets())
                || !before.monthlyBudgetUsd().equals(next.monthlyBudgetUsd()) || before.nameCheck() != next.nameCheck()
                || !before.phoneRegions().equals(next.phoneRegions())) {
            audit.record(AuditEvent.change(clock.instant(), "routing_changed", "local model "
                    + next.localModel().orElse("(none)") + ", auto cloud targets " + next.cloudTargets()
                    + ", monthly budget " + next.monthlyBudgetUsd().map(b -> "$" + b.toPlainString()).orElse("(none)")
                    + ", name check " + (next.nameCheck() ? "on" : "off") + ", phone regions " + next.phoneRegions()));
        }
    }

    public List<UserRule> rules() {
        return settings.load().rules();
    }

    /** Adds or replaces a rule; the audit records its name and kind, not its pattern or keywords. */
    public synchronized void putRule(UserRule rule) {
        settings.putRule(rule);
        audit.record(AuditEvent.change(clock.instant(), "rule_added", "rule " + rule.name() + " ("
                + rule.kind().name().toLowerCase(java.util.Locale.ROOT) + ")"));
    }

    public synchronized boolean removeRule(String name) {
        boolean removed = settings.removeRule(name);
        if (removed) {
            audit.record(AuditEvent.change(clock.instant(), "rule_removed", "rule " + name));
        }
        return removed;
    }

    /** The latest audit lines, newest first. */
    public List<AuditEvent> audit(Optional<String> event, int limit) {
        return audit.events(event, limit);
    }

    /** How a run was routed, when it went through the gated run path. */
    public Optional<DecisionRecord> decision(String runId) {
        return audit.decision(runId);
    }
}
