package dev.parallax.privacy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The privacy section of {@code config.json}, as one snapshot.
 *
 * @param localModel       the local model that local-only runs and {@code auto} use (a model name or a .gguf path)
 * @param cloudTargets     where {@code auto} sends what may leave, in order of preference (PROVIDER:MODEL)
 * @param monthlyBudgetUsd past this much cloud spend in a calendar month (UTC), {@code auto} stays local
 * @param phoneRegions     regions whose national phone formats are recognised (international +xx always are)
 * @param nameCheck        whether the local model is asked for names of people and places (off by default)
 */
public record PrivacyConfig(PrivacyPolicy policy, List<UserRule> rules, Optional<String> localModel,
                            List<String> cloudTargets, Optional<BigDecimal> monthlyBudgetUsd, List<String> phoneRegions,
                            boolean nameCheck) {

    public static final List<String> DEFAULT_PHONE_REGIONS = List.of("US", "GB", "DE", "FR");

    public PrivacyConfig {
        Objects.requireNonNull(policy, "policy");
        rules = List.copyOf(rules);
        Objects.requireNonNull(localModel, "localModel");
        cloudTargets = List.copyOf(cloudTargets);
        Objects.requireNonNull(monthlyBudgetUsd, "monthlyBudgetUsd");
        phoneRegions = List.copyOf(phoneRegions);
    }

    public static PrivacyConfig defaults() {
        return new PrivacyConfig(PrivacyPolicy.defaults(), List.of(), Optional.empty(), List.of(), Optional.empty(),
                DEFAULT_PHONE_REGIONS, false);
    }

    public PrivacyConfig withPolicy(PrivacyPolicy p) {
        return new PrivacyConfig(p, rules, localModel, cloudTargets, monthlyBudgetUsd, phoneRegions, nameCheck);
    }

    public PrivacyConfig withRules(List<UserRule> r) {
        return new PrivacyConfig(policy, r, localModel, cloudTargets, monthlyBudgetUsd, phoneRegions, nameCheck);
    }

    public PrivacyConfig withLocalModel(Optional<String> m) {
        return new PrivacyConfig(policy, rules, m, cloudTargets, monthlyBudgetUsd, phoneRegions, nameCheck);
    }

    public PrivacyConfig withCloudTargets(List<String> t) {
        return new PrivacyConfig(policy, rules, localModel, t, monthlyBudgetUsd, phoneRegions, nameCheck);
    }

    public PrivacyConfig withMonthlyBudgetUsd(Optional<BigDecimal> b) {
        return new PrivacyConfig(policy, rules, localModel, cloudTargets, b, phoneRegions, nameCheck);
    }

    public PrivacyConfig withPhoneRegions(List<String> r) {
        return new PrivacyConfig(policy, rules, localModel, cloudTargets, monthlyBudgetUsd, r, nameCheck);
    }

    public PrivacyConfig withNameCheck(boolean on) {
        return new PrivacyConfig(policy, rules, localModel, cloudTargets, monthlyBudgetUsd, phoneRegions, on);
    }
}
