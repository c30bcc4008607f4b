package dev.parallax.route;

import dev.parallax.privacy.PrivacyAction;
import dev.parallax.privacy.PrivacyLabel;

import java.util.Objects;
import java.util.Optional;

/**
 * How the privacy gate treats one run: the label of where it comes from (a local-only dataset or playground session
 * never leaves the machine) and a one-run override of the policy ({@code --policy redact}).
 */
public record RunOptions(PrivacyLabel label, Optional<PrivacyAction> policyOverride) {

    public RunOptions {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(policyOverride, "policyOverride");
    }

    public static RunOptions defaults() {
        return new RunOptions(PrivacyLabel.UNLABELLED, Optional.empty());
    }

    public static RunOptions localOnly() {
        return new RunOptions(PrivacyLabel.LOCAL_ONLY, Optional.empty());
    }

    public RunOptions withPolicy(PrivacyAction action) {
        return new RunOptions(label, Optional.of(action));
    }
}
