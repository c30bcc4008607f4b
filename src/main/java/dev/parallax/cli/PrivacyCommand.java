package dev.parallax.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parallax.core.Target;
import dev.parallax.history.AuditEvent;
import dev.parallax.models.ModelStoreException;
import dev.parallax.privacy.PrivacyAction;
import dev.parallax.privacy.PrivacyConfig;
import dev.parallax.privacy.PrivacyPolicy;
import dev.parallax.privacy.UserRule;
import dev.parallax.route.PrivacyService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.math.BigDecimal;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code parallax privacy}: the routing policy, the user's rules and the audit. */
@Command(name = "privacy", description = "Show or change the privacy policy and rules, or read the audit.",
        subcommands = {PrivacyCommand.Show.class, PrivacyCommand.Set.class, PrivacyCommand.Rules.class, PrivacyCommand.Audit.class})
final class PrivacyCommand implements Runnable {

    @ParentCommand
    ParallaxCommand root;

    @Override
    public void run() {
        throw new CliFailure("say what: privacy show | set | rules | audit (see 'parallax help privacy')", 2);
    }

    PrivacyService service() {
        return root.services().privacy();
    }

    @Command(name = "show", description = "The policy, the local model and auto's settings, the rules.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        PrivacyCommand parent;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() throws Exception {
            PrivacyConfig c = parent.service().settings();
            PrintWriter out = parent.root.out();
            if (json) {
                ObjectNode o = RunJson.JSON.createObjectNode();
                o.put("default", c.policy().defaultAction().label());
                ObjectNode p = o.putObject("providers");
                c.policy().providers().forEach((k, v) -> p.put(k, v.label()));
                o.put("min_confidence", c.policy().minConfidence());
                o.put("local_model", c.localModel().orElse(null));
                ArrayNode t = o.putArray("auto_cloud_targets");
                c.cloudTargets().forEach(t::add);
                if (c.monthlyBudgetUsd().isPresent()) {
                    o.put("monthly_budget_usd", c.monthlyBudgetUsd().get());
                } else {
                    o.putNull("monthly_budget_usd");
                }
                o.put("name_check", c.nameCheck());
                ArrayNode regions = o.putArray("phone_regions");
                c.phoneRegions().forEach(regions::add);
                ArrayNode rules = o.putArray("rules");
                c.rules().forEach(r -> rules.addObject().put("name", r.name()).put("kind", r.kind().name().toLowerCase(Locale.ROOT)));
                out.println(RunJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o));
                return 0;
            }
            out.println("default policy:  " + c.policy().defaultAction().label());
            c.policy().providers().forEach((k, v) -> out.println("  " + k + ": " + v.label()));
            out.println("least confidence: " + c.policy().minConfidence());
            out.println("local model:     " + c.localModel().orElse("(none: runs that must stay here are refused)"));
            out.println("auto cloud:      " + (c.cloudTargets().isEmpty() ? "(none)" : String.join(", ", c.cloudTargets())));
            out.println("monthly budget:  " + c.monthlyBudgetUsd().map(b -> "$" + b.toPlainString()).orElse("(none)"));
            out.println("name check:      " + (c.nameCheck() ? "on (the local model looks for names of people and places)" : "off"));
            out.println("phone regions:   " + String.join(", ", c.phoneRegions()));
            out.println("rules:           " + (c.rules().isEmpty() ? "(none)"
                    : String.join(", ", c.rules().stream().map(UserRule::name).toList())));
            return 0;
        }
    }

    @Command(name = "set", description = "Change the policy or routing settings.", sortOptions = false)
    static final class Set implements Callable<Integer> {
        @ParentCommand
        PrivacyCommand parent;

        @Option(names = "--default", paramLabel = "POLICY", description = "allow, redact or local-only for prompts with findings.")
        String defaultPolicy;

        @Option(names = "--provider", paramLabel = "NAME=POLICY", description = "A provider's own policy (NAME= clears it).")
        List<String> providers = List.of();

        @Option(names = "--min-confidence", paramLabel = "X", description = "Least confidence a finding needs to count.")
        Double minConfidence;

        @Option(names = "--local-model", paramLabel = "MODEL", description = "The local model for local-only runs and auto ('' clears).")
        String localModel;

        @Option(names = "--auto-targets", paramLabel = "PROVIDER:MODEL,...", description = "auto's cloud targets, in order.")
        String autoTargets;

        @Option(names = "--budget", paramLabel = "USD", description = "auto stays local once the month's cloud spend reaches this ('' clears).")
        String budget;

        @Option(names = "--name-check", paramLabel = "on|off", description = "Ask the local model for names of people and places.")
        String nameCheck;

        @Option(names = "--phone-regions", paramLabel = "US,GB,...", description = "Regions whose national phone numbers are recognised.")
        String phoneRegions;

        @Option(names = "--similarity", paramLabel = "X", description = "How close a sentence must be to a special category's "
                + "examples to count (0.2-0.8, default 0.38; lower finds more).")
        Double similarity;

        @Override
        public Integer call() {
            PrivacyService s = parent.service();
            PrivacyConfig c = s.settings();
            try {
                PrivacyPolicy p = c.policy();
                if (defaultPolicy != null) {
                    p = p.withDefault(PrivacyAction.parse(defaultPolicy));
                }
                for (String entry : providers) {
                    int eq = entry.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--provider takes NAME=POLICY, not '" + entry + "'");
                    }
                    String value = entry.substring(eq + 1);
                    // A misspelt name ("opneai=local-only") would be saved and never apply; clearing one is always allowed.
                    if (!value.isBlank()) {
                        requireProvider(entry.substring(0, eq));
                    }
                    p = p.withProvider(entry.substring(0, eq), value.isBlank() ? Optional.empty() : Optional.of(PrivacyAction.parse(value)));
                }
                if (minConfidence != null) {
                    p = new PrivacyPolicy(p.defaultAction(), p.providers(), minConfidence);
                }
                c = c.withPolicy(p);
                if (localModel != null && !localModel.isBlank()) {
                    try {
                        parent.root.services().models().resolve(localModel);
                    } catch (ModelStoreException e) {
                        throw new CliFailure(e.getMessage());
                    }
                }
                if (localModel != null) {
                    c = c.withLocalModel(localModel.isBlank() ? Optional.empty() : Optional.of(localModel));
                }
                if (autoTargets != null) {
                    List<String> targets = Arrays.stream(autoTargets.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList();
                    for (String t : targets) {
                        requireProvider(Target.parse(t).provider());
                    }
                    c = c.withCloudTargets(targets);
                }
                if (budget != null) {
                    c = c.withMonthlyBudgetUsd(budget.isBlank() ? Optional.empty() : Optional.of(dollars(budget)));
                }
                if (nameCheck != null) {
                    c = c.withNameCheck(switch (nameCheck.toLowerCase(Locale.ROOT)) {
                        case "on", "true" -> true;
                        case "off", "false" -> false;
                        default -> throw new IllegalArgumentException("--name-check takes on or off");
                    });
                }
                if (phoneRegions != null) {
                    List<String> regions = Arrays.stream(phoneRegions.split(",")).map(r -> r.trim().toUpperCase(Locale.ROOT))
                            .filter(r -> !r.isEmpty()).toList();
                    List<String> unknown = PrivacyConfig.unknownPhoneRegions(regions);
                    if (regions.isEmpty() || !unknown.isEmpty()) {
                        throw new IllegalArgumentException("--phone-regions: " + (regions.isEmpty() ? "give at least one region"
                                : String.join(", ", unknown) + " is not a region libphonenumber knows")
                                + "; use ISO 3166 codes such as US, GB, DE, FR");
                    }
                    c = c.withPhoneRegions(regions);
                }
                if (similarity != null) {
                    c = c.withSpecialSimilarity(similarity);
                }
            } catch (IllegalArgumentException e) {
                throw new CliFailure(e.getMessage(), 2);
            }
            s.update(c);
            parent.root.out().println("Saved the privacy settings.");
            return 0;
        }

        private void requireProvider(String name) {
            if (!name.equalsIgnoreCase("local") && parent.root.services().providers().find(name).isEmpty()) {
                throw new IllegalArgumentException(parent.root.services().providers().unknown(name));
            }
        }

        private static BigDecimal dollars(String text) {
            try {
                return new BigDecimal(text.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--budget takes an amount of dollars, e.g. 20 ('' clears it), not '"
                        + text + "'");
            }
        }
    }

    @Command(name = "rules", description = "Your own rules: named regular expressions or keyword lists.")
    static final class Rules implements Callable<Integer> {
        @ParentCommand
        PrivacyCommand parent;

        @Parameters(index = "0", paramLabel = "list|add|rm", description = "list, add or rm")
        String action;

        @Parameters(index = "1", arity = "0..1", paramLabel = "NAME")
        String name;

        @Option(names = "--regex", paramLabel = "REGEX")
        String regex;

        @Option(names = "--keywords", paramLabel = "WORD,...")
        String keywords;

        @Override
        public Integer call() {
            PrivacyService s = parent.service();
            PrintWriter out = parent.root.out();
            switch (action) {
                case "list" -> {
                    for (UserRule r : s.rules()) {
                        out.println(r.name() + "  " + (r.kind() == UserRule.Kind.REGEX ? "regex " + r.regex()
                                : "keywords " + String.join(", ", r.keywords())));
                    }
                }
                case "add" -> {
                    if (name == null || (regex == null) == (keywords == null)) {
                        throw new CliFailure("privacy rules add NAME takes --regex REGEX or --keywords WORD,...", 2);
                    }
                    try {
                        s.putRule(regex != null ? UserRule.regex(name, regex)
                                : UserRule.keywords(name, Arrays.stream(keywords.split(",")).map(String::trim).toList()));
                    } catch (IllegalArgumentException e) {
                        throw new CliFailure(e.getMessage(), 2);
                    }
                    out.println("Saved rule " + name + ".");
                }
                case "rm" -> {
                    if (name == null || !s.removeRule(name)) {
                        throw new CliFailure("there is no rule named " + name);
                    }
                    out.println("Removed rule " + name + ".");
                }
                default -> throw new CliFailure("privacy rules takes list, add or rm, not '" + action + "'", 2);
            }
            return 0;
        }
    }

    @Command(name = "audit", description = "Runs and how they were routed, refusals and changes, newest first. Never a value found.")
    static final class Audit implements Callable<Integer> {
        @ParentCommand
        PrivacyCommand parent;

        @Option(names = "--limit", defaultValue = "20", paramLabel = "N")
        int limit;

        static final List<String> EVENTS = List.of("run", "refused", "policy_changed", "routing_changed", "rule_added",
                "rule_removed");

        @Option(names = "--event", paramLabel = "EVENT", description = "run, refused, policy_changed, routing_changed, rule_added, rule_removed")
        String event;

        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() throws Exception {
            if (limit < 1) {
                throw new CliFailure("--limit must be at least 1", 2);
            }
            if (event != null && !EVENTS.contains(event)) {
                throw new CliFailure("no audit event is called '" + event + "'; use one of " + String.join(", ", EVENTS), 2);
            }
            List<AuditEvent> events = parent.service().audit(Optional.ofNullable(event), limit);
            PrintWriter out = parent.root.out();
            if (json) {
                ArrayNode a = RunJson.JSON.createArrayNode();
                events.forEach(e -> a.add(PrivacyJson.audit(e)));
                out.println(RunJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(a));
                return 0;
            }
            if (events.isEmpty()) {
                out.println(event == null ? "The audit is empty: nothing was run or changed yet." : "No " + event
                        + " events in the audit.");
            }
            for (AuditEvent e : events) {
                out.println(e.at() + "  " + e.event() + "  " + e.requestedTarget().orElse("")
                        + e.chosenTarget().filter(c -> !c.equals(e.requestedTarget().orElse(""))).map(c -> " -> " + c).orElse("")
                        + e.rule().map(r -> "  " + r).orElse("") + e.action().map(a -> "  " + a).orElse("")
                        + (e.counted().isEmpty() ? "" : "  " + e.counted().size() + " finding(s)")
                        + (e.dismissedCount() > 0 ? "  " + e.dismissedCount() + " dismissed by the user" : "")
                        + (e.redactions() > 0 ? "  " + e.redactions() + " redacted" : "")
                        + e.detail().map(d -> "  " + d).orElse(""));
            }
            return 0;
        }
    }
}
