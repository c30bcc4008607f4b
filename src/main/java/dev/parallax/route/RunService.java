package dev.parallax.route;

import dev.parallax.core.HostFacts;
import dev.parallax.core.ModelIdentity;
import dev.parallax.core.PromptMode;
import dev.parallax.core.RunCost;
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
import dev.parallax.history.RunRepository;
import dev.parallax.models.LocalModel;
import dev.parallax.models.ModelStore;
import dev.parallax.models.ModelStoreException;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The one path every run takes: resolve and validate the target, write a "running" row, stream
 * through the engine, compute the result once ({@link RunRecorder}), price it, and save it when the run ends.
 * Local targets go to the local engine; any other provider to its cloud engine through {@link CloudRouter}.
 */
public final class RunService {

    private final ModelStore models;
    private final LocalEngines localEngines;
    private final CloudRouter cloud;
    private final Optional<CostCalculator> costs;
    private final RunRepository history;
    private final HostFacts host;
    private final Clock clock;

    /** Local runs only, with unknown costs. */
    public RunService(ModelStore models, LocalEngines localEngines, RunRepository history, HostFacts host, Clock clock) {
        this(models, localEngines, CloudRouter.none(), Optional.empty(), history, host, clock);
    }

    public RunService(ModelStore models, LocalEngines localEngines, CloudRouter cloud, CostCalculator costs,
                      RunRepository history, HostFacts host, Clock clock) {
        this(models, localEngines, cloud, Optional.of(costs), history, host, clock);
    }

    private RunService(ModelStore models, LocalEngines localEngines, CloudRouter cloud, Optional<CostCalculator> costs,
                       RunRepository history, HostFacts host, Clock clock) {
        this.models = models;
        this.localEngines = localEngines;
        this.cloud = cloud;
        this.costs = costs;
        this.history = history;
        this.host = host;
        this.clock = clock;
    }

    /** Starts a run; local models go to the engine {@code auto} picks. */
    public ActiveRun start(RunSpec spec, RunListener listener) throws RunRejectedException {
        return start(spec, EngineChoice.AUTO, listener);
    }

    /** @param engineChoice which local engine runs a local model (ignored for cloud targets) */
    public ActiveRun start(RunSpec spec, EngineChoice engineChoice, RunListener listener) throws RunRejectedException {
        long submitted = System.nanoTime();
        if (!spec.target().isLocal()) {
            return startCloud(spec, listener);
        }
        LocalModel model;
        try {
            model = models.resolve(spec.target().model());
        } catch (ModelStoreException e) {
            throw new RunRejectedException(e.getMessage(), e);
        }
        LocalEngines.Selection selection;
        try {
            selection = localEngines.select(engineChoice);
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
                result -> costs.map(c -> c.local(result, energyBefore, c.energyNow())));
    }

    private ActiveRun startCloud(RunSpec spec, RunListener listener) throws RunRejectedException {
        if (spec.mode() == PromptMode.RAW) {
            throw new RunRejectedException("raw completion needs a local model: " + spec.target().provider()
                    + " takes chat messages (use --mode chat or auto)");
        }
        CloudRoute route = cloud.route(spec.target().provider());
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
            return Optional.of(c.local(result, energyBefore, c.energyNow()));
        }));
    }

    private ActiveRun launch(Engine engine, RunSpec recorded, RunSpec forEngine, ModelIdentity identity,
                             RunListener listener, long submitted, Optional<String> notice,
                             Function<RunResult, Optional<RunCost>> costOf) {
        String runId = UUID.randomUUID().toString();
        Instant startedAt = clock.instant();
        history.recordStart(runId, recorded, identity, host, startedAt);

        RunRecorder recorder = new RunRecorder(runId, recorded, identity, host, startedAt, submitted, System::nanoTime);
        ActiveRun run = new ActiveRun(runId, notice);
        RunListener save = event -> {
            if (event.isTerminal()) {
                RunResult measured = recorder.result(clock.instant());
                RunResult finished = measured;
                try {
                    finished = measured.withCost(costOf.apply(measured));
                } catch (RuntimeException e) {
                    run.saveFailed("the run's cost could not be computed: " + e.getMessage());
                }
                try {
                    history.recordEnd(finished, finished.cost().map(RunCost::usd),
                            finished.cost().map(c -> c.basis().label()));
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
