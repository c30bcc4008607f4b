package dev.parallax.privacy;

import java.util.Objects;

/**
 * What the policy says for one destination: the action and the rule that chose it ({@code no_findings},
 * {@code default_policy}, {@code provider_policy}, {@code override}, {@code label_local_only},
 * {@code gate_undecided}, {@code on_this_machine}, {@code local}, {@code dismissed_by_user}: findings there were, but
 * the user marked every one not sensitive).
 */
public record Decision(String provider, PrivacyAction action, String rule) {

    public Decision {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(rule, "rule");
    }
}
