package dev.parallax.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parallax.config.ConfigFile;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and writes the {@code privacy} section of {@code config.json}:
 * <pre>
 * "privacy": {
 *   "default": "local-only",                 allow | redact | local-only
 *   "providers": {"openai": "redact"},
 *   "min_confidence": 0.5,
 *   "local_model": "qwen2.5-0.5b",           for local-only runs and auto
 *   "auto": {"cloud_targets": ["openai:gpt-4o-mini"], "monthly_budget_usd": 5},
 *   "phone_regions": ["US", "GB", "DE", "FR"],
 *   "name_check": false,
 *   "special_similarity": 0.38,              how close a sentence must be to a special category's examples
 *   "rules": [{"name": "projects", "keywords": ["Bluebird"]}, {"name": "ticket", "regex": "JIRA-\\d+"}]
 * }
 * </pre>
 * A section that cannot be read is an error the gate reports as undecided: nothing leaves until it is fixed.
 */
public final class PrivacySettings {

    static final String SECTION = "privacy";

    private final ConfigFile config;

    public PrivacySettings(ConfigFile config) {
        this.config = config;
    }

    /**
     * The current settings.
     *
     * @throws IllegalStateException when the section is not valid; the message says what to fix
     */
    public PrivacyConfig load() {
        Optional<JsonNode> section = config.section(SECTION);
        if (section.isEmpty()) {
            return PrivacyConfig.defaults();
        }
        JsonNode s = section.get();
        try {
            PrivacyAction defaultAction = s.hasNonNull("default") ? PrivacyAction.parse(s.get("default").asText())
                    : PrivacyPolicy.defaults().defaultAction();
            Map<String, PrivacyAction> providers = new LinkedHashMap<>();
            s.path("providers").fields().forEachRemaining(e -> providers.put(e.getKey(), PrivacyAction.parse(e.getValue().asText())));
            double minConfidence = s.path("min_confidence").asDouble(PrivacyPolicy.DEFAULT_MIN_CONFIDENCE);
            List<UserRule> rules = new ArrayList<>();
            for (JsonNode r : s.path("rules")) {
                String name = r.path("name").asText();
                if (r.has("regex")) {
                    rules.add(UserRule.regex(name, r.get("regex").asText()));
                } else {
                    List<String> keywords = new ArrayList<>();
                    r.path("keywords").forEach(k -> keywords.add(k.asText()));
                    rules.add(UserRule.keywords(name, keywords));
                }
            }
            List<String> regions = new ArrayList<>();
            s.path("phone_regions").forEach(r -> regions.add(r.asText()));
            List<String> cloudTargets = new ArrayList<>();
            s.path("auto").path("cloud_targets").forEach(t -> cloudTargets.add(t.asText()));
            JsonNode budget = s.path("auto").path("monthly_budget_usd");
            return new PrivacyConfig(new PrivacyPolicy(defaultAction, providers, minConfidence), rules,
                    text(s, "local_model"), cloudTargets,
                    budget.isNumber() ? Optional.of(budget.decimalValue()) : Optional.empty(),
                    regions.isEmpty() ? PrivacyConfig.DEFAULT_PHONE_REGIONS : regions,
                    s.path("name_check").asBoolean(false),
                    s.path("special_similarity").asDouble(PrivacyConfig.DEFAULT_SPECIAL_SIMILARITY));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("The privacy settings in " + config.path() + " are not valid: " + e.getMessage()
                    + ". Fix them; until then nothing is sent to a cloud provider.", e);
        }
    }

    /** Replaces the section with {@code c}. */
    public synchronized void save(PrivacyConfig c) {
        ObjectNode s = ConfigFile.json().createObjectNode();
        s.put("default", c.policy().defaultAction().label());
        ObjectNode providers = s.putObject("providers");
        c.policy().providers().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> providers.put(e.getKey(), e.getValue().label()));
        s.put("min_confidence", c.policy().minConfidence());
        c.localModel().ifPresent(m -> s.put("local_model", m));
        ObjectNode auto = s.putObject("auto");
        ArrayNode targets = auto.putArray("cloud_targets");
        c.cloudTargets().forEach(targets::add);
        c.monthlyBudgetUsd().ifPresent(b -> auto.put("monthly_budget_usd", b));
        ArrayNode regions = s.putArray("phone_regions");
        c.phoneRegions().forEach(regions::add);
        s.put("name_check", c.nameCheck());
        s.put("special_similarity", c.specialSimilarity());
        ArrayNode rules = s.putArray("rules");
        for (UserRule r : c.rules()) {
            ObjectNode o = rules.addObject();
            o.put("name", r.name());
            if (r.kind() == UserRule.Kind.REGEX) {
                o.put("regex", r.regex());
            } else {
                ArrayNode k = o.putArray("keywords");
                r.keywords().forEach(k::add);
            }
        }
        config.writeSection(SECTION, s);
    }

    /** Adds a rule, or replaces the rule of the same name. */
    public synchronized void putRule(UserRule rule) {
        PrivacyConfig c = load();
        List<UserRule> rules = new ArrayList<>(c.rules().stream().filter(r -> !r.name().equals(rule.name())).toList());
        rules.add(rule);
        save(c.withRules(rules));
    }

    /** Removes a rule; false when there was none of that name. */
    public synchronized boolean removeRule(String name) {
        PrivacyConfig c = load();
        List<UserRule> rules = c.rules().stream().filter(r -> !r.name().equals(name)).toList();
        if (rules.size() == c.rules().size()) {
            return false;
        }
        save(c.withRules(rules));
        return true;
    }

    private static Optional<String> text(JsonNode s, String field) {
        JsonNode v = s.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? Optional.empty() : Optional.of(v.asText());
    }
}
