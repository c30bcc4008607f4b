package dev.parallax.route;

import dev.parallax.core.ChatMessage;
import dev.parallax.core.HostFacts;
import dev.parallax.core.ModelIdentity;
import dev.parallax.core.PromptMode;
import dev.parallax.core.RunCost;
import dev.parallax.core.RunEvent;
import dev.parallax.core.RunListener;
import dev.parallax.core.RunRecorder;
import dev.parallax.core.RunResult;
import dev.parallax.core.RunSpec;
import dev.parallax.core.Target;
import dev.parallax.cost.CostCalculator;
import dev.parallax.cost.EnergyMeter;
import dev.parallax.engine.Engine;
import dev.parallax.engine.local.EngineChoice;
import dev.parallax.engine.local.LocalEngines;
import dev.parallax.history.HistoryWrite;
import dev.parallax.history.RunRepository;
import dev.parallax.models.LocalModel;
import dev.parallax.models.ModelStore;
import dev.parallax.models.ModelStoreException;

import dev.parallax.privacy.Redaction;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * The one path every run takes: resolve and validate the target, write a "running" row, stream
 * through the engine, compute the result once ({@link RunRecorder}), price it, and save it when the run ends.
 * Local targets go to the local engine; any other provider to its cloud engine through {@link CloudRouter}, after
 * the privacy gate ({@link RunPrivacy}) has looked at the prompt: allowed, redacted, or kept on this machine. The
 * target {@code auto} lets {@link AutoRouter} pick per prompt.
 */
public final class RunService {

    /** Writes the start rows of runs off the caller's thread; the history writer groups concurrent ones into one commit. */
    private final ExecutorService startWrites = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "run-start-writer");
        t.setDaemon(true);
        return t;
    });

    private final ModelStore models;
    private final LocalEngines localEngines;
    private final CloudRouter cloud;
    private final Optional<CostCalculator> costs;
    private final RunRepository history;
    private final HostFacts host;
    private final Clock clock;
    private final RunPrivacy privacy;
    private final Optional<EnginePreferences> engines;

    /** Local runs only, with unknown costs. */
    public RunService(ModelStore models, LocalEngines localEngines, RunRepository history, HostFacts host, Clock clock) {
        this(models, localEngines, CloudRouter.none(), Optional.empty(), history, RunPrivacy.unchecked(), host, clock);
    }

    /** Cloud runs go out unchecked: for tests of the cloud path alone. The application uses the gated constructor. */
    public RunService(ModelStore models, LocalEngines localEngines, CloudRouter cloud, CostCalculator costs,
                      RunRepository history, HostFacts host, Clock clock) {
        this(models, localEngines, cloud, Optional.of(costs), history, RunPrivacy.unchecked(), host, clock);
    }

    /** Every cloud run passes the privacy gate of {@code privacy} first. */
    public RunService(ModelStore models, LocalEngines localEngines, CloudRouter cloud, CostCalculator costs,
                      RunRepository history, RunPrivacy privacy, HostFacts host, Clock clock) {
        this(models, localEngines, cloud, Optional.of(costs), history, privacy, host, clock, Optional.empty());
    }

    /** As the gated constructor, and a model pinned to an engine in {@code engines} runs there unless the run names one. */
    public RunService(ModelStore models, LocalEngines localEngines, CloudRouter cloud, CostCalculator costs,
                      RunRepository history, RunPrivacy privacy, EnginePreferences engines, HostFacts host, Clock clock) {
        this(models, localEngines, cloud, Optional.of(costs), history, privacy, host, clock, Optional.of(engines));
    }

    private RunService(ModelStore models, LocalEngines localEngines, CloudRouter cloud, Optional<CostCalculator> costs,
                       RunRepository history, RunPrivacy privacy, HostFacts host, Clock clock) {
        this(models, localEngines, cloud, costs, history, privacy, host, clock, Optional.empty());
    }

    private RunService(ModelStore models, LocalEngines localEngines, CloudRouter cloud, Optional<CostCalculator> costs,
                       RunRepository history, RunPrivacy privacy, HostFacts host, Clock clock,
                       Optional<EnginePreferences> engines) {
        this.models = models;
        this.localEngines = localEngines;
        this.cloud = cloud;
        this.costs = costs;
        this.history = history;
        this.host = host;
        this.clock = clock;
        this.privacy = privacy;
        this.engines = engines;
    }

    /** Starts a run; local models go to the engine {@code auto} picks. */
    public ActiveRun start(RunSpec spec, RunListener listener) throws RunRejectedException {
        return start(spec, EngineChoice.AUTO, listener);
    }

    /** @param engineChoice which local engine runs a local model (ignored for cloud targets) */
    public ActiveRun start(RunSpec spec, EngineChoice engineChoice, RunListener listener) throws RunRejectedException {
        return start(spec, engineChoice, RunOptions.defaults(), listener);
    }

    /**
     * Starts a run under the privacy policy: a cloud target's prompt is checked first and sent as it is, sent
     * redacted, or run on the configured local model instead; {@code auto} picks the target per prompt.
     *
     * @throws RunRejectedException when the target cannot run, or the prompt may not leave and no local model is set
     */
    public ActiveRun start(RunSpec spec, EngineChoice engineChoice, RunOptions options, RunListener listener)
            throws RunRejectedException {
        return start(spec, engineChoice, options, listener, SavedWithEnd.nothing());
    }

    /** As {@link #start(RunSpec, EngineChoice, RunOptions, RunListener)}, and {@code withEnd} is committed with the run's end row. */
    public ActiveRun start(RunSpec spec, EngineChoice engineChoice, RunOptions options, RunListener listener,
                           SavedWithEnd withEnd) throws RunRejectedException {
        if (AutoRouter.isAuto(spec.target())) {
            return new AutoRouter(this, privacy, models, clock).start(spec, engineChoice, options, listener, withEnd);
        }
        if (spec.target().isLocal()) {
            return startLocal(spec, engineChoice, listener, RoutingDecision.local(spec.target(), options.label()), withEnd);
        }
        CloudRoute route = cloud.route(spec.target().provider());
        RunPrivacy.Verdict verdict = privacy.decide(spec, route.onThisMachine(), options);
        RoutingDecision decision = verdict.decision();
        return switch (decision.action()) {
            case ALLOW -> startCloud(spec, route, listener, decision, Optional.empty(), withEnd);
            case REDACT -> startRedacted(spec, route, listener, verdict, withEnd);
            case LOCAL_ONLY -> {
                Target local = privacy.localTarget(decision);
                yield startLocal(spec.withTarget(local), engineChoice, listener, decision.withChosen(local, decision.rule()),
                        withEnd);
            }
        };
    }

    ActiveRun startLocal(RunSpec spec, EngineChoice engineChoice, RunListener listener, RoutingDecision decision,
                         SavedWithEnd withEnd) throws RunRejectedException {
        long submitted = System.nanoTime();
        LocalModel model;
        try {
            model = models.resolve(spec.target().model());
        } catch (ModelStoreException e) {
            throw new RunRejectedException(e.getMessage(), e);
        }
        LocalEngines.Selection selection;
        try {
            EngineChoice choice = engines.map(p -> p.resolve(engineChoice, model.name())).orElse(engineChoice);
            selection = localEngines.select(choice);
        } catch (LocalEngines.UnavailableException e) {
            throw new RunRejectedException(e.getMessage(), e);
        }
        Engine localEngine = selection.engine();
        PromptMode mode = spec.mode() != PromptMode.AUTO ? spec.mode()
                : model.facts().hasChatTemplate() ? PromptMode.CHAT : PromptMode.RAW;
        RunSpec recorded = spec.withMode(mode);
        RunSpec forEngine = recorded.withTarget(Target.local(model.file().toString()));
        ModelIdentity identity = new ModelIdentity(model.name(), model.file().toString(), model.sha256().orElse(""),
                model.facts().quantization(), model.facts().architecture(), localEngine.name(), "");
        Optional<EnergyMeter.Reading> energyBefore = costs.flatMap(CostCalculator::energyNow);
        return launch(localEngine, recorded, forEngine, identity, listener, submitted, selection.notice(),
                result -> costs.map(c -> c.local(result, energyBefore, c.energyNow())), decision, Optional.empty(), withEnd);
    }

    /** The prompt goes out with placeholders; the answer comes back with the originals, streamed and stored. */
    private ActiveRun startRedacted(RunSpec spec, CloudRoute route, RunListener listener, RunPrivacy.Verdict verdict,
                                    SavedWithEnd withEnd) throws RunRejectedException {
        RoutingDecision decision = verdict.decision();
        Redaction redaction = new Redaction();
        List<ChatMessage> sent = new ArrayList<>();
        List<List<dev.parallax.privacy.Finding>> perMessage = verdict.perMessage();
        for (int i = 0; i < spec.messages().size(); i++) {
            ChatMessage m = spec.messages().get(i);
            sent.add(new ChatMessage(m.role(), redaction.redact(m.content(), perMessage.get(i))));
        }
        RunSpec redacted = new RunSpec(spec.target(), sent, spec.mode(), spec.params());
        Redaction.StreamRestorer restorer = redaction.stream();
        RunListener restoring = event -> {
            if (event instanceof RunEvent.Token t) {
                String shown = restorer.accept(t.text());
                if (!shown.isEmpty()) {
                    listener.onEvent(new RunEvent.Token(t.nanos(), shown));
                }
                return;
            }
            if (event.isTerminal()) {
                String rest = restorer.flush();
                if (!rest.isEmpty()) {
                    listener.onEvent(new RunEvent.Token(event.nanos(), rest));
                }
            }
            listener.onEvent(event);
        };
        return startCloud(redacted, route, restoring, decision.withRedactions(redaction.count()), Optional.of(redaction),
                withEnd);
    }

    ActiveRun startCloud(RunSpec spec, CloudRoute route, RunListener listener, RoutingDecision decision,
                         Optional<Redaction> redaction, SavedWithEnd withEnd) throws RunRejectedException {
        if (spec.mode() == PromptMode.RAW) {
            throw new RunRejectedException("raw completion needs a local model: " + spec.target().provider()
                    + " takes chat messages (use --mode chat or auto)");
        }
        // Counted from here: routing may unlock the key store (PBKDF2, once per process) and warm the HTTP
        // client, one-time costs of this process that are not the provider's latency.
        long submitted = System.nanoTime();
        RunSpec recorded = spec.withMode(PromptMode.CHAT);
        ModelIdentity identity = new ModelIdentity(spec.target().model(), "", "", "", "", route.engine().name(), "");
        Optional<EnergyMeter.Reading> energyBefore = route.onThisMachine()
                ? costs.flatMap(CostCalculator::energyNow) : Optional.empty();
        return launch(route.engine(), recorded, recorded, identity, listener, submitted, Optional.empty(), result -> costs.flatMap(c -> {
            Optional<RunCost> priced = c.cloud(result);
            if (priced.isPresent() || !route.onThisMachine()) {
                return priced;
            }
            return Optional.of(c.serverOnThisMachine(result, energyBefore, c.energyNow()));
        }), decision, redaction, withEnd);
    }

    /**
     * Builds the routes to these targets' cloud providers now, on a thread of its own, for a command that is about to
     * send prompts there (local targets and {@code auto} have none to build): the provider's HTTP client is warmed up
     * (its first request costs 50 to 250 ms of class loading and cold code) and its key read, while the command opens
     * the database and reads its dataset, rather than in front of the first run. Decides nothing: a route that cannot
     * be built is refused, with its reason, by the run that asks for it.
     */
    public void prepareRoutesInBackground(java.util.Collection<Target> targets) {
        List<String> names = targets.stream().filter(t -> !t.isLocal() && !AutoRouter.isAuto(t)).map(Target::provider)
                .distinct().toList();
        if (names.isEmpty()) {
            return;
        }
        Thread t = new Thread(() -> {
            for (String provider : names) {
                try {
                    cloud.route(provider);
                } catch (RunRejectedException | RuntimeException e) {
                    // The run that needs this route asks again and reports why it cannot go there.
                }
            }
        }, "route-prepare");
        t.setDaemon(true);
        t.start();
    }

    CloudRoute cloudRoute(String provider) throws RunRejectedException {
        return cloud.route(provider);
    }

    private ActiveRun launch(Engine engine, RunSpec recorded, RunSpec forEngine, ModelIdentity identity,
                             RunListener listener, long submitted, Optional<String> notice,
                             Function<RunResult, Optional<RunCost>> costOf, RoutingDecision decision,
                             Optional<Redaction> redaction, SavedWithEnd withEnd) {
        String runId = UUID.randomUUID().toString();
        Instant startedAt = clock.instant();
        // The start row and the routing decision are written, in one commit, while the engine starts, not before: the
        // commit would otherwise sit inside every run's time to first token. The end row waits for it.
        CompletableFuture<Void> startSaved = CompletableFuture.runAsync(() -> history.recordStart(runId, recorded,
                identity, host, startedAt, privacy.decisionWrite(runId, decision, startedAt).stream()
                        .toArray(HistoryWrite[]::new)), startWrites);

        RunRecorder recorder = new RunRecorder(runId, recorded, identity, host, startedAt, submitted, System::nanoTime);
        ActiveRun run = new ActiveRun(runId, notice);
        run.routed(decision);
        boolean local = forEngine.target().isLocal();
        RunListener save = event -> {
            if (local && event instanceof RunEvent.Retrying r) {
                run.noted(r.reason());
            }
            if (event instanceof RunEvent.Notice n) {
                run.noted(n.message());
            }
            if (event.isTerminal()) {
                run.markEngineDone();
                try {
                    startSaved.join();
                } catch (CompletionException | CancellationException e) {
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    run.saveFailed("the start of the run could not be saved to history: " + cause.getMessage());
                }
                RunResult raw = recorder.result(clock.instant());
                // The answer as the user saw it: placeholders the provider echoed get their originals back.
                RunResult measured = redaction.map(r -> raw.withText(r.restore(raw.text()))).orElse(raw);
                RunResult finished = measured;
                try {
                    finished = measured.withCost(costOf.apply(measured));
                } catch (RuntimeException e) {
                    run.saveFailed("the run's cost could not be computed: " + e.getMessage());
                }
                try {
                    history.recordEnd(finished, finished.cost().map(RunCost::usd),
                            finished.cost().map(c -> c.basis().label()),
                            withEnd.writes(finished).toArray(HistoryWrite[]::new));
                    run.markEndSaved();
                } catch (RuntimeException e) {
                    run.saveFailed("the run finished but could not be saved to history: " + e.getMessage());
                }
                run.complete(finished);
            }
        };
        run.attach(engine.stream(forEngine, recorder.andThen(listener).andThen(save)));
        return run;
    }
}
