package dev.parallax.privacy;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The routing policy: what to do with a prompt that has findings, by default and per provider, and the least
 * confidence a finding needs to count. A prompt without findings is always allowed; one the gate could not decide
 * never leaves (fail closed).
 */
public record PrivacyPolicy(PrivacyAction defaultAction, Map<String, PrivacyAction> providers, double minConfidence) {

    public static final double DEFAULT_MIN_CONFIDENCE = 0.5;

    public PrivacyPolicy {
        Objects.requireNonNull(defaultAction, "defaultAction");
        providers = Map.copyOf(providers);
        // Written so that NaN fails too: no confidence is >= NaN, so every finding would be dismissed and all allowed.
        if (!(minConfidence >= 0 && minConfidence <= 1)) {
            throw new IllegalArgumentException("the least confidence must be in [0, 1], not " + minConfidence);
        }
    }

    /** Out of the box: sensitive prompts stay on this machine. */
    public static PrivacyPolicy defaults() {
        return new PrivacyPolicy(PrivacyAction.LOCAL_ONLY, Map.of(), DEFAULT_MIN_CONFIDENCE);
    }

    public PrivacyPolicy withDefault(PrivacyAction action) {
        return new PrivacyPolicy(action, providers, minConfidence);
    }

    public PrivacyPolicy withProvider(String provider, Optional<PrivacyAction> action) {
        Map<String, PrivacyAction> next = new java.util.TreeMap<>(providers);
        action.ifPresentOrElse(a -> next.put(provider, a), () -> next.remove(provider));
        return new PrivacyPolicy(defaultAction, next, minConfidence);
    }

    /** The findings that count under this policy. */
    public List<Finding> relevant(List<Finding> findings) {
        return findings.stream().filter(f -> f.confidence() >= minConfidence).toList();
    }

    /**
     * The decision for one destination.
     *
     * @param undecided why the gate could not decide, when it could not
     * @param override  a one-run override of the policy (e.g. {@code --policy redact})
     */
    public Decision decide(Destination destination, List<Finding> findings, Optional<String> undecided,
                           PrivacyLabel label, Optional<PrivacyAction> override) {
        String p = destination.provider();
        if (destination.isLocal()) {
            return new Decision(p, PrivacyAction.ALLOW, "local");
        }
        if (destination.onThisMachine()) {
            return new Decision(p, PrivacyAction.ALLOW, "on_this_machine");
        }
        if (label == PrivacyLabel.LOCAL_ONLY) {
            return new Decision(p, PrivacyAction.LOCAL_ONLY, "label_local_only");
        }
        if (undecided.isPresent()) {
            return new Decision(p, PrivacyAction.LOCAL_ONLY, "gate_undecided");
        }
        if (relevant(findings).isEmpty()) {
            return new Decision(p, PrivacyAction.ALLOW, "no_findings");
        }
        if (override.isPresent()) {
            return new Decision(p, override.get(), "override");
        }
        PrivacyAction forProvider = providers.get(p);
        if (forProvider != null) {
            return new Decision(p, forProvider, "provider_policy");
        }
        return new Decision(p, defaultAction, "default_policy");
    }
}
