package dev.parallax.route;

import dev.parallax.privacy.Dismissals;
import dev.parallax.privacy.PrivacyAction;
import dev.parallax.privacy.PrivacyLabel;

import java.util.Objects;
import java.util.Optional;

/**
 * How the privacy gate treats one run: the label of where it comes from (a local-only dataset or playground session
 * never leaves the machine), a one-run override of the policy ({@code --policy redact}), and the values the user
 * marked not sensitive in this session.
 */
public record RunOptions(PrivacyLabel label, Optional<PrivacyAction> policyOverride, Dismissals dismissals) {

    public RunOptions {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(policyOverride, "policyOverride");
        Objects.requireNonNull(dismissals, "dismissals");
    }

    public RunOptions(PrivacyLabel label, Optional<PrivacyAction> policyOverride) {
        this(label, policyOverride, Dismissals.none());
    }

    public static RunOptions defaults() {
        return new RunOptions(PrivacyLabel.UNLABELLED, Optional.empty());
    }

    public static RunOptions localOnly() {
        return new RunOptions(PrivacyLabel.LOCAL_ONLY, Optional.empty());
    }

    public RunOptions withPolicy(PrivacyAction action) {
        return new RunOptions(label, Optional.of(action), dismissals);
    }

    public RunOptions withDismissals(Dismissals d) {
        return new RunOptions(label, policyOverride, d);
    }
}
