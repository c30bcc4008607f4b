package dev.parallax.ui.settings;

import dev.parallax.privacy.Destination;
import dev.parallax.privacy.PrivacyAction;
import dev.parallax.privacy.PrivacyConfig;
import dev.parallax.privacy.PrivacyPolicy;
import dev.parallax.privacy.UserRule;
import dev.parallax.route.PrivacyService;
import dev.parallax.ui.base.BackgroundTask;
import dev.parallax.ui.base.DialogService;
import dev.parallax.ui.base.TaskExecutor;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Settings → Privacy: what happens to a prompt with findings (by default and per provider), the local model that
 * local-only runs go to, the user's own rules, how sensitive the special-category check is, the phone regions, and
 * the optional name check. Saved to the privacy section of {@code config.json} through {@link PrivacyService}, which
 * audits every change; the CLI's {@code parallax privacy} reads and writes the same settings.
 */
public final class PrivacySettingsViewModel {

    /**
     * A provider and its own policy; empty means it follows the default. A provider on this machine (Ollama, a server
     * of your own on a loopback address) is always allowed: nothing leaves.
     */
    public static final class ProviderPolicy {
        private final String provider;
        private final boolean onThisMachine;
        private final ObjectProperty<Optional<PrivacyAction>> action;

        ProviderPolicy(String provider, boolean onThisMachine, Optional<PrivacyAction> action) {
            this.provider = provider;
            this.onThisMachine = onThisMachine;
            this.action = new SimpleObjectProperty<>(this, "action", action);
        }

        public String provider() { return provider; }
        public boolean onThisMachine() { return onThisMachine; }
        public ObjectProperty<Optional<PrivacyAction>> actionProperty() { return action; }
    }

    public enum RuleKind { REGEX, KEYWORDS }

    private record Loaded(PrivacyConfig config, List<Destination> providers, List<String> localModels) {
    }

    private final Supplier<PrivacyService> privacy;
    private final Supplier<List<String>> localModelNames;
    private final TaskExecutor tasks;
    private final DialogService dialogs;

    private final ObjectProperty<PrivacyAction> defaultAction = new SimpleObjectProperty<>(this, "defaultAction",
            PrivacyPolicy.defaults().defaultAction());
    private final ObservableList<ProviderPolicy> providers = FXCollections.observableArrayList();
    private final StringProperty localModel = new SimpleStringProperty(this, "localModel", "");
    private final ObservableList<String> localModels = FXCollections.observableArrayList();
    private final ObservableList<UserRule> rules = FXCollections.observableArrayList();
    private final StringProperty ruleName = new SimpleStringProperty(this, "ruleName", "");
    private final ObjectProperty<RuleKind> ruleKind = new SimpleObjectProperty<>(this, "ruleKind", RuleKind.REGEX);
    private final StringProperty rulePattern = new SimpleStringProperty(this, "rulePattern", "");
    private final ReadOnlyStringWrapper ruleError = new ReadOnlyStringWrapper(this, "ruleError", "");
    private final DoubleProperty similarity = new SimpleDoubleProperty(this, "similarity",
            PrivacyConfig.DEFAULT_SPECIAL_SIMILARITY);
    private final StringProperty phoneRegions = new SimpleStringProperty(this, "phoneRegions",
            String.join(", ", PrivacyConfig.DEFAULT_PHONE_REGIONS));
    private final BooleanProperty nameCheck = new SimpleBooleanProperty(this, "nameCheck", false);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyStringWrapper formError = new ReadOnlyStringWrapper(this, "formError", "");
    private final StringBinding nameCheckStatement;
    private PrivacyConfig loaded = PrivacyConfig.defaults();

    /** @param localModelNames the names of the models in the local store, for the local-only fallback */
    public PrivacySettingsViewModel(Supplier<PrivacyService> privacy, Supplier<List<String>> localModelNames,
                                    TaskExecutor tasks, DialogService dialogs) {
        this.privacy = privacy;
        this.localModelNames = localModelNames;
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.nameCheckStatement = Bindings.createStringBinding(() -> nameCheckStatement(nameCheck.get(),
                localModel.get().isBlank()), nameCheck, localModel);
    }

    static String nameCheckStatement(boolean on, boolean noLocalModel) {
        if (!on) {
            return "Off: names of people and places are NOT detected. No offline name model ships with Parallax; "
                    + "turn this on to let your local model look for them (it runs on this machine, nothing leaves).";
        }
        return noLocalModel
                ? "On, but no local model is set above: every check is undecided and nothing leaves until you set one."
                : "On: the local model reads each prompt for names of people and places before it may leave (slower checks).";
    }

    /** Reads the saved settings, the providers and the local models. */
    public void refresh() {
        tasks.execute(BackgroundTask.of("Read privacy settings", p -> {
                    PrivacyService s = privacy.get();
                    List<String> models;
                    try {
                        models = localModelNames.get();
                    } catch (RuntimeException e) {
                        models = List.of();
                    }
                    return new Loaded(s.settings(), s.providers(), models);
                })
                .onSuccess(this::show)
                .onFailure(e -> dialogs.showError("Privacy settings not read", e.getMessage())));
    }

    private void show(Loaded l) {
        PrivacyConfig c = l.config();
        loaded = c;
        defaultAction.set(c.policy().defaultAction());
        List<ProviderPolicy> rows = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Destination d : l.providers()) {
            if (seen.add(d.provider())) {
                rows.add(new ProviderPolicy(d.provider(), d.onThisMachine(),
                        Optional.ofNullable(c.policy().providers().get(d.provider()))));
            }
        }
        // A policy for a provider that is not configured now stays, and stays visible.
        c.policy().providers().keySet().stream().filter(seen::add).sorted()
                .forEach(p -> rows.add(new ProviderPolicy(p, false, Optional.of(c.policy().providers().get(p)))));
        providers.setAll(rows);
        localModels.setAll(l.localModels());
        localModel.set(c.localModel().orElse(""));
        rules.setAll(c.rules());
        similarity.set(c.specialSimilarity());
        phoneRegions.set(String.join(", ", c.phoneRegions()));
        nameCheck.set(c.nameCheck());
        formError.set("");
    }

    /**
     * Saves the policy, the local model, the similarity, the phone regions and the name check; rules are saved as they
     * are added or removed. A field that is not valid is named in {@link #formErrorProperty()} and nothing is saved.
     */
    public void save() {
        PrivacyConfig next;
        try {
            next = fromForm();
        } catch (IllegalArgumentException e) {
            formError.set(capitalize(e.getMessage()) + ".");
            return;
        }
        formError.set("");
        tasks.execute(BackgroundTask.of("Save privacy settings", p -> {
                    PrivacyService s = privacy.get();
                    s.update(next);
                    return s.settings();
                })
                .onSuccess(saved -> {
                    loaded = saved;
                    boolean localOnlyUsed = saved.policy().defaultAction() == PrivacyAction.LOCAL_ONLY
                            || saved.policy().providers().containsValue(PrivacyAction.LOCAL_ONLY);
                    status.set("Saved. The next check and run use these settings."
                            + (localOnlyUsed && saved.localModel().isEmpty() ? " No local model is set: a prompt that "
                            + "must stay on this machine is refused rather than run." : ""));
                })
                .onFailure(e -> dialogs.showError("Privacy settings not saved", e.getMessage())));
    }

    PrivacyConfig fromForm() {
        PrivacyPolicy policy = new PrivacyPolicy(defaultAction.get(), java.util.Map.of(), loaded.policy().minConfidence());
        for (ProviderPolicy p : providers) {
            policy = policy.withProvider(p.provider(), p.actionProperty().get());
        }
        List<String> regions = Arrays.stream(phoneRegions.get().split("[,\\s]+")).map(r -> r.trim().toUpperCase(Locale.ROOT))
                .filter(r -> !r.isEmpty()).distinct().toList();
        if (regions.isEmpty()) {
            throw new IllegalArgumentException("give at least one phone region (ISO 3166 codes such as US, GB, DE, FR)");
        }
        List<String> unknown = PrivacyConfig.unknownPhoneRegions(regions);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("phone regions: " + String.join(", ", unknown) + (unknown.size() == 1 ? " is" : " are")
                    + " not a region libphonenumber knows; use ISO 3166 codes such as US, GB, DE, FR");
        }
        String model = localModel.get() == null ? "" : localModel.get().trim();
        return loaded.withPolicy(policy)
                .withLocalModel(model.isEmpty() ? Optional.empty() : Optional.of(model))
                .withPhoneRegions(regions)
                .withNameCheck(nameCheck.get())
                .withSpecialSimilarity(Math.round(similarity.get() * 100) / 100.0);
    }

    /** Adds the rule in the form (or replaces the rule of that name); a bad name or pattern is named in {@link #ruleErrorProperty()}. */
    public void addRule() {
        UserRule rule;
        try {
            String name = ruleName.get().trim();
            if (name.isEmpty()) {
                throw new IllegalArgumentException("give the rule a name (letters, digits, '.', '_' or '-')");
            }
            rule = ruleKind.get() == RuleKind.REGEX ? UserRule.regex(name, rulePattern.get())
                    : UserRule.keywords(name, Arrays.stream(rulePattern.get().split(",")).map(String::trim)
                    .filter(k -> !k.isEmpty()).toList());
        } catch (IllegalArgumentException e) {
            ruleError.set(capitalize(e.getMessage()) + ".");
            return;
        }
        ruleError.set("");
        tasks.execute(BackgroundTask.of("Save rule", p -> {
                    PrivacyService s = privacy.get();
                    s.putRule(rule);
                    return s.rules();
                })
                .onSuccess(saved -> {
                    rules.setAll(saved);
                    ruleName.set("");
                    rulePattern.set("");
                    status.set("Rule " + rule.name() + " saved.");
                })
                .onFailure(e -> dialogs.showError("Rule not saved", e.getMessage())));
    }

    public void removeRule(UserRule rule) {
        tasks.execute(BackgroundTask.of("Remove rule", p -> {
                    PrivacyService s = privacy.get();
                    s.removeRule(rule.name());
                    return s.rules();
                })
                .onSuccess(saved -> {
                    rules.setAll(saved);
                    status.set("Rule " + rule.name() + " removed.");
                })
                .onFailure(e -> dialogs.showError("Rule not removed", e.getMessage())));
    }

    /** "regex  CASE-\d{5}" or "keywords  Bluebird, Nightjar". */
    public static String describe(UserRule r) {
        return r.kind() == UserRule.Kind.REGEX ? "regex  " + r.regex() : "keywords  " + String.join(", ", r.keywords());
    }

    private static String capitalize(String s) {
        return s == null || s.isEmpty() ? "" : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    public ObjectProperty<PrivacyAction> defaultActionProperty() { return defaultAction; }
    public ObservableList<ProviderPolicy> providers() { return providers; }
    public StringProperty localModelProperty() { return localModel; }
    public ObservableList<String> localModels() { return localModels; }
    public ObservableList<UserRule> rules() { return rules; }
    public StringProperty ruleNameProperty() { return ruleName; }
    public ObjectProperty<RuleKind> ruleKindProperty() { return ruleKind; }
    public StringProperty rulePatternProperty() { return rulePattern; }
    public ReadOnlyStringProperty ruleErrorProperty() { return ruleError.getReadOnlyProperty(); }
    public DoubleProperty similarityProperty() { return similarity; }
    public StringProperty phoneRegionsProperty() { return phoneRegions; }
    public BooleanProperty nameCheckProperty() { return nameCheck; }
    public StringBinding nameCheckStatement() { return nameCheckStatement; }
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }
    public ReadOnlyStringProperty formErrorProperty() { return formError.getReadOnlyProperty(); }
}
