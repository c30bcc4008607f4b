package dev.parallax.route;

import dev.parallax.core.GenerationParams;
import dev.parallax.core.RunEvent;
import dev.parallax.core.RunListener;
import dev.parallax.core.RunSpec;
import dev.parallax.core.RunStatus;
import dev.parallax.core.Target;
import dev.parallax.cost.TokenEstimator;
import dev.parallax.engine.RunHandle;
import dev.parallax.engine.local.EngineChoice;
import dev.parallax.models.LocalModel;
import dev.parallax.models.ModelStore;
import dev.parallax.models.ModelStoreException;
import dev.parallax.privacy.PrivacyAction;
import dev.parallax.privacy.PrivacyConfig;
import dev.parallax.privacy.PrivacyLabel;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The target {@code auto} (or {@code auto:PROVIDER:MODEL[,PROVIDER:MODEL...]}): picks where each prompt runs, by
 * rules in this order: labelled local-only, undecided or sensitive, it stays on the local model; too long for the
 * local model's context, it goes to the cloud; past the month's cloud budget, it stays local; otherwise the first
 * cloud target. A cloud run that fails before its first token falls back to the next target (the local model last,
 * when the prompt fits it).
 */
final class AutoRouter {

    static final String PROVIDER = "auto";

    private final RunService runs;
    private final RunPrivacy privacy;
    private final ModelStore models;
    private final Clock clock;
    private final TokenEstimator tokens = new TokenEstimator();

    AutoRouter(RunService runs, RunPrivacy privacy, ModelStore models, Clock clock) {
        this.runs = runs;
        this.privacy = privacy;
        this.models = models;
        this.clock = clock;
    }

    static boolean isAuto(Target target) {
        return PROVIDER.equals(target.provider());
    }

    ActiveRun start(RunSpec spec, EngineChoice engineChoice, RunOptions options, RunListener listener,
                    SavedWithEnd withEnd)
            throws RunRejectedException {
        RunPrivacy.Verdict verdict = privacy.scan(spec, options);
        PrivacyConfig config = verdict.config().orElse(PrivacyConfig.defaults());
        RoutingDecision scanned = verdict.decision();
        List<Target> clouds = cloudTargets(spec.target(), config);
        Optional<Target> local = config.localModel().map(Target::local);
        boolean sensitive = !config.policy().relevant(scanned.findings()).isEmpty();
        boolean tooLong = !clouds.isEmpty() && tooLongForLocal(spec, config.localModel());

        String rule;
        boolean cloud;
        if (options.label() == PrivacyLabel.LOCAL_ONLY) {
            rule = "label_local_only";
            cloud = false;
        } else if (scanned.undecided().isPresent()) {
            rule = "gate_undecided";
            cloud = false;
        } else if (sensitive) {
            rule = "sensitive";
            cloud = false;
        } else if (clouds.isEmpty()) {
            rule = "no_cloud_target";
            cloud = false;
        } else if (tooLong) {
            rule = "too_long_for_local";
            cloud = true;
        } else if (budgetReached(config)) {
            rule = "budget_reached";
            cloud = false;
        } else {
            rule = "default_cloud";
            cloud = true;
        }
        PrivacyAction action = cloud || rule.equals("budget_reached") || rule.equals("no_cloud_target")
                ? PrivacyAction.ALLOW : PrivacyAction.LOCAL_ONLY;
        RoutingDecision decided = new RoutingDecision(spec.target(), spec.target(), rule, action, options.label(),
                scanned.findings(), 0, scanned.gateMs(), scanned.undecided(), scanned.dismissed());

        List<Target> candidates = new ArrayList<>();
        if (cloud) {
            candidates.addAll(clouds);
            if (!tooLong) {
                local.ifPresent(candidates::add);
            }
        } else if (local.isPresent()) {
            candidates.add(local.get());
        } else {
            String why = switch (rule) {
                case "no_cloud_target" -> "auto has no cloud target and no local model.";
                case "budget_reached" -> "this month's cloud budget is spent.";
                default -> RunPrivacy.refusal(decided.withChosen(spec.target(), rule));
            };
            String message = "auto cannot run this prompt: " + why + " Set a local model with 'parallax privacy set "
                    + "--local-model NAME' (and cloud targets with --auto-targets PROVIDER:MODEL,...).";
            privacy.refused(decided, message);
            throw new RunRejectedException(message);
        }
        return new Relay(spec, engineChoice, listener, decided, candidates, withEnd).begin();
    }

    private static List<Target> cloudTargets(Target auto, PrivacyConfig config) {
        List<String> names = auto.model().equals("default") ? config.cloudTargets()
                : List.of(auto.model().split(","));
        List<Target> out = new ArrayList<>();
        for (String n : names) {
            if (!n.isBlank()) {
                Target t = Target.parse(n.trim());
                if (t.isLocal() || isAuto(t)) {
                    throw new IllegalArgumentException("auto's cloud targets are PROVIDER:MODEL, not '" + n + "'");
                }
                out.add(t);
            }
        }
        return out;
    }

    /** Prompt tokens (estimated) plus the tokens to generate, against the context the local model would run with. */
    private boolean tooLongForLocal(RunSpec spec, Optional<String> localModel) {
        if (localModel.isEmpty()) {
            return false;
        }
        long context = spec.params().contextSize();
        try {
            LocalModel m = models.resolve(localModel.get());
            long trained = m.facts().contextLength();
            if (trained > 0) {
                context = context > 0 ? Math.min(context, trained) : trained;
            }
        } catch (ModelStoreException e) {
            // The run itself reports a missing local model; the rule needs only a number.
        }
        if (context <= 0) {
            context = GenerationParams.DEFAULT_CONTEXT;
        }
        int prompt = tokens.promptTokens(spec.messages(), TokenEstimator.Family.OTHER);
        return prompt + spec.params().maxTokens() > context;
    }

    private boolean budgetReached(PrivacyConfig config) {
        if (config.monthlyBudgetUsd().isEmpty() || privacy.audit().isEmpty()) {
            return false;
        }
        Instant monthStart = ZonedDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).withDayOfMonth(1)
                .toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant();
        return privacy.audit().get().cloudSpendSince(monthStart).compareTo(config.monthlyBudgetUsd().get()) >= 0;
    }

    /** Runs the candidates one after the other until one does not fail before its first token. */
    private final class Relay implements RunHandle {
        private final RunSpec spec;
        private final EngineChoice engineChoice;
        private final RunListener listener;
        private final RoutingDecision decided;
        private final List<Target> candidates;
        private final SavedWithEnd withEnd;
        private volatile ActiveRun outer;
        private volatile ActiveRun current;
        private volatile boolean cancelled;

        Relay(RunSpec spec, EngineChoice engineChoice, RunListener listener, RoutingDecision decided, List<Target> candidates,
              SavedWithEnd withEnd) {
            this.spec = spec;
            this.withEnd = withEnd;
            this.engineChoice = engineChoice;
            this.listener = listener;
            this.decided = decided;
            this.candidates = candidates;
        }

        ActiveRun begin() throws RunRejectedException {
            RunRejectedException last = null;
            for (int i = 0; i < candidates.size(); i++) {
                try {
                    ActiveRun first = attempt(i);
                    outer = new ActiveRun(first.runId(), first.notice());
                    first.routing().ifPresent(outer::routed);
                    outer.attach(this);
                    follow(first, i);
                    return outer;
                } catch (RunRejectedException e) {
                    last = e;
                }
            }
            throw last;
        }

        private ActiveRun attempt(int i) throws RunRejectedException {
            Target target = candidates.get(i);
            RoutingDecision d = decided.withChosen(target, i == 0 ? decided.rule() : "cloud_error_fallback");
            boolean last = i == candidates.size() - 1;
            AtomicBoolean spoke = new AtomicBoolean();
            RunListener shown = event -> {
                if (event instanceof RunEvent.Token) {
                    spoke.set(true);
                }
                // A failure before any answer is not the user's to see while another target can still answer.
                if (event instanceof RunEvent.Failed && !last && !spoke.get()) {
                    return;
                }
                listener.onEvent(event);
            };
            RunSpec routed = spec.withTarget(target);
            // Each attempt saves withEnd with its own end row (see SavedWithEnd).
            ActiveRun run = target.isLocal() ? runs.startLocal(routed, engineChoice, shown, d, withEnd)
                    : runs.startCloud(routed, runs.cloudRoute(target.provider()), shown, d, Optional.empty(), withEnd);
            current = run;
            return run;
        }

        private void follow(ActiveRun run, int i) {
            run.result().whenComplete((result, error) -> {
                if (error != null) {
                    outer.result().completeExceptionally(error);
                    return;
                }
                if (result.status() == RunStatus.FAILED && result.text().isEmpty() && !cancelled) {
                    for (int j = i + 1; j < candidates.size(); j++) {
                        try {
                            ActiveRun next = attempt(j);
                            outer.continuedAs(next.runId());
                            next.routing().ifPresent(outer::routed);
                            follow(next, j);
                            return;
                        } catch (RunRejectedException e) {
                            // This one cannot run either: try the next.
                        }
                    }
                }
                run.saveError().ifPresent(outer::saveFailed);
                if (run.endSaved()) {
                    outer.markEndSaved();
                }
                outer.complete(result);
            });
        }

        @Override
        public void cancel() {
            cancelled = true;
            ActiveRun c = current;
            if (c != null) {
                c.cancel();
            }
        }

        @Override
        public boolean await(Duration timeout) throws InterruptedException {
            return outer.await(timeout).isPresent();
        }

        @Override
        public void await() throws InterruptedException {
            outer.await();
        }
    }
}
