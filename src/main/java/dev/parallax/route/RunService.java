package dev.parallax.route;

import dev.parallax.core.HostFacts;
import dev.parallax.core.ModelIdentity;
import dev.parallax.core.PromptMode;
import dev.parallax.core.RunListener;
import dev.parallax.core.RunRecorder;
import dev.parallax.core.RunResult;
import dev.parallax.core.RunSpec;
import dev.parallax.core.Target;
import dev.parallax.engine.Engine;
import dev.parallax.engine.local.EngineChoice;
import dev.parallax.engine.local.LocalEngines;
import dev.parallax.history.RunRepository;
import dev.parallax.models.LocalModel;
import dev.parallax.models.ModelStore;
import dev.parallax.models.ModelStoreException;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * The one path every run takes: resolve and validate the target, write a "running" row, stream
 * through the engine, compute the result once ({@link RunRecorder}) and save it when the run ends.
 */
public final class RunService {

    private final ModelStore models;
    private final LocalEngines localEngines;
    private final RunRepository history;
    private final HostFacts host;
    private final Clock clock;

    public RunService(ModelStore models, LocalEngines localEngines, RunRepository history, HostFacts host, Clock clock) {
        this.models = models;
        this.localEngines = localEngines;
        this.history = history;
        this.host = host;
        this.clock = clock;
    }

    /** Starts a run; local models go to the engine {@code auto} picks. */
    public ActiveRun start(RunSpec spec, RunListener listener) throws RunRejectedException {
        return start(spec, EngineChoice.AUTO, listener);
    }

    public ActiveRun start(RunSpec spec, EngineChoice engineChoice, RunListener listener) throws RunRejectedException {
        long submitted = System.nanoTime();
        if (!spec.target().isLocal()) {
            throw new RunRejectedException("unknown provider '" + spec.target().provider()
                    + "': this version runs local GGUF models, written local:NAME or local:/path/to/model.gguf");
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
        Engine engine = selection.engine();
        PromptMode mode = spec.mode() != PromptMode.AUTO ? spec.mode()
                : model.facts().hasChatTemplate() ? PromptMode.CHAT : PromptMode.RAW;
        RunSpec recorded = spec.withMode(mode);
        RunSpec forEngine = recorded.withTarget(Target.local(model.file().toString()));
        ModelIdentity identity = new ModelIdentity(model.name(), model.file().toString(), model.sha256().orElse(""),
                model.facts().quantization(), model.facts().architecture(), engine.name(), "");

        String runId = UUID.randomUUID().toString();
        Instant startedAt = clock.instant();
        history.recordStart(runId, recorded, identity, host, startedAt);

        RunRecorder recorder = new RunRecorder(runId, recorded, identity, host, startedAt, submitted, System::nanoTime);
        ActiveRun run = new ActiveRun(runId, selection.notice());
        RunListener save = event -> {
            if (event.isTerminal()) {
                RunResult finished = recorder.result(clock.instant());
                try {
                    history.recordEnd(finished);
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
