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
 * @param specialSimilarity how close (cosine) a sentence must be to a special category's examples to count: lower
 *                         finds more and is wrong more often
 */
public record PrivacyConfig(PrivacyPolicy policy, List<UserRule> rules, Optional<String> localModel,
                            List<String> cloudTargets, Optional<BigDecimal> monthlyBudgetUsd, List<String> phoneRegions,
                            boolean nameCheck, double specialSimilarity) {

    public static final List<String> DEFAULT_PHONE_REGIONS = List.of("US", "GB", "DE", "FR");
    public static final double DEFAULT_SPECIAL_SIMILARITY = SpecialCategoryDetector.MIN_SIMILARITY;
    public static final double MIN_SPECIAL_SIMILARITY = 0.2;
    public static final double MAX_SPECIAL_SIMILARITY = 0.8;

    /** Settings from before the similarity could be set. */
    public PrivacyConfig(PrivacyPolicy policy, List<UserRule> rules, Optional<String> localModel, List<String> cloudTargets,
                         Optional<BigDecimal> monthlyBudgetUsd, List<String> phoneRegions, boolean nameCheck) {
        this(policy, rules, localModel, cloudTargets, monthlyBudgetUsd, phoneRegions, nameCheck, DEFAULT_SPECIAL_SIMILARITY);
    }

    public PrivacyConfig {
        Objects.requireNonNull(policy, "policy");
        rules = List.copyOf(rules);
        Objects.requireNonNull(localModel, "localModel");
        cloudTargets = List.copyOf(cloudTargets);
        Objects.requireNonNull(monthlyBudgetUsd, "monthlyBudgetUsd");
        if (monthlyBudgetUsd.filter(b -> b.signum() < 0).isPresent()) {
            throw new IllegalArgumentException("the monthly budget must be $0 or more, not " + monthlyBudgetUsd.get().toPlainString());
        }
        phoneRegions = List.copyOf(phoneRegions);
        if (!(specialSimilarity >= MIN_SPECIAL_SIMILARITY && specialSimilarity <= MAX_SPECIAL_SIMILARITY)) {
            throw new IllegalArgumentException("the special-category similarity must be between " + MIN_SPECIAL_SIMILARITY
                    + " and " + MAX_SPECIAL_SIMILARITY + ", not " + specialSimilarity);
        }
    }

    /**
     * The regions libphonenumber does not know, of {@code regions} (ISO 3166 codes such as US, GB, DE, FR).
     */
    public static List<String> unknownPhoneRegions(List<String> regions) {
        java.util.Set<String> known = com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance().getSupportedRegions();
        return regions.stream().filter(r -> !known.contains(r)).toList();
    }

    public static PrivacyConfig defaults() {
        return new PrivacyConfig(PrivacyPolicy.defaults(), List.of(), Optional.empty(), List.of(), Optional.empty(),
                DEFAULT_PHONE_REGIONS, false);
    }

    public PrivacyConfig withPolicy(PrivacyPolicy p) {
        return new PrivacyConfig(p, rules, localModel, cloudTargets, monthlyBudgetUsd, phoneRegions, nameCheck, specialSimilarity);
    }

    public PrivacyConfig withRules(List<UserRule> r) {
        return new PrivacyConfig(policy, r, localModel, cloudTargets, monthlyBudgetUsd, phoneRegions, nameCheck, specialSimilarity);
    }

    public PrivacyConfig withLocalModel(Optional<String> m) {
        return new PrivacyConfig(policy, rules, m, cloudTargets, monthlyBudgetUsd, phoneRegions, nameCheck, specialSimilarity);
    }

    public PrivacyConfig withCloudTargets(List<String> t) {
        return new PrivacyConfig(policy, rules, localModel, t, monthlyBudgetUsd, phoneRegions, nameCheck, specialSimilarity);
    }

    public PrivacyConfig withMonthlyBudgetUsd(Optional<BigDecimal> b) {
        return new PrivacyConfig(policy, rules, localModel, cloudTargets, b, phoneRegions, nameCheck, specialSimilarity);
    }

    public PrivacyConfig withPhoneRegions(List<String> r) {
        return new PrivacyConfig(policy, rules, localModel, cloudTargets, monthlyBudgetUsd, r, nameCheck, specialSimilarity);
    }

    public PrivacyConfig withSpecialSimilarity(double similarity) {
        return new PrivacyConfig(policy, rules, localModel, cloudTargets, monthlyBudgetUsd, phoneRegions, nameCheck, similarity);
    }

    public PrivacyConfig withNameCheck(boolean on) {
        return new PrivacyConfig(policy, rules, localModel, cloudTargets, monthlyBudgetUsd, phoneRegions, on, specialSimilarity);
    }
}
