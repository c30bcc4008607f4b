package dev.parallax.engine.local;

import dev.parallax.core.GenerationParams;
import dev.parallax.core.RunListener;
import dev.parallax.core.RunSpec;
import dev.parallax.engine.Engine;
import dev.parallax.engine.EngineState;
import dev.parallax.engine.RunHandle;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Runs GGUF models in a worker process, one run at a time. The worker keeps the last model loaded
 * (unless told not to); a run that needs another model, context, thread count or GPU split gets a
 * fresh worker, and a worker that died is replaced on the next run.
 *
 * <p>The target's model must be a path to a validated GGUF file: resolving names and validating
 * files happens before a run reaches the engine.
 */
public final class LocalEngine implements Engine {

    /** What the engine is doing and which model it holds, for status displays. */
    public record Status(EngineState state, Optional<String> loadedModel, OptionalLong workerMemoryBytes) {
    }

    private final String name;
    private final WorkerLaunch launch;
    private final Writer log;
    private volatile boolean keepLoaded;
    private final ExecutorService runner;
    private final AtomicLong runIds = new AtomicLong();
    private final List<Consumer<EngineState>> stateListeners = new CopyOnWriteArrayList<>();
    private volatile EngineState state = EngineState.IDLE;
    private volatile WorkerProcess worker;
    private volatile LoadSpec loaded;
    private volatile String startFailure;

    public LocalEngine(String name, WorkerLaunch launch, Writer log, boolean keepLoaded) {
        this(name, launch, log, keepLoaded, localRunQueue());
    }

    /**
     * @param runner where runs execute, one at a time; engines that share one never run two local
     *               models at once (they would compete for the same cores and skew each other's timings)
     */
    public LocalEngine(String name, WorkerLaunch launch, Writer log, boolean keepLoaded, ExecutorService runner) {
        this.name = name;
        this.launch = launch;
        this.log = log;
        this.keepLoaded = keepLoaded;
        this.runner = runner;
    }

    /** A single-threaded queue for local runs. */
    public static ExecutorService localRunQueue() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "local-engine");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public RunHandle stream(RunSpec spec, RunListener listener) {
        LocalRun run = new LocalRun(this, runIds.incrementAndGet(), spec, listener);
        runner.execute(run::execute);
        return run;
    }

    /** The worker's process id while one runs: lets tests and tools watch or stop it. */
    public OptionalLong workerPid() {
        WorkerProcess w = worker;
        return w != null && w.isAlive() ? OptionalLong.of(w.pid()) : OptionalLong.empty();
    }

    public Status status() {
        WorkerProcess w = worker;
        LoadSpec l = loaded;
        boolean alive = w != null && w.isAlive();
        return new Status(state, alive && l != null ? Optional.of(l.modelFile()) : Optional.empty(),
                alive ? w.residentBytes() : OptionalLong.empty());
    }

    public EngineState state() {
        return state;
    }

    public void onStateChange(Consumer<EngineState> listener) {
        stateListeners.add(listener);
    }

    void setState(EngineState next) {
        state = next;
        stateListeners.forEach(l -> l.accept(next));
    }

    static LoadSpec loadSpecFor(RunSpec spec) {
        GenerationParams p = spec.params();
        int threads = threadsFor(p.threads(), processors());
        int context = p.contextSize() > 0 ? p.contextSize() : GenerationParams.DEFAULT_CONTEXT;
        return new LoadSpec(spec.target().model(), context, threads, p.gpuLayers());
    }

    /** The processors this process may use (cgroup quotas and affinity included). */
    static int processors() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /**
     * The threads a run gets: all processors for 0, else as asked but never more than there are processors. llama.cpp's
     * threads wait for each other at every step, so more of them than processors only stalls: 4 threads on 2 processors
     * generated 0.4 tokens/s where 2 made 800, and 64 did not finish 5 tokens in a minute.
     */
    static int threadsFor(int asked, int processors) {
        return asked > 0 ? Math.min(asked, processors) : processors;
    }

    /** What a run is told when it asked for more threads than there are processors; empty when it did not. */
    static java.util.Optional<String> threadsNotice(int asked, int processors) {
        if (asked <= processors) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("ran on " + processors + " threads, not the " + asked + " asked: this machine has "
                + processors + " processors, and llama.cpp's threads wait for each other when there are more of them");
    }

    /** The worker for this load spec: the current one when it matches, else a fresh one. Run thread only. */
    WorkerProcess workerFor(LoadSpec load) throws IOException {
        WorkerProcess current = worker;
        if (current != null && current.isAlive() && load.equals(loaded)) {
            return current;
        }
        if (current != null) {
            current.shutdown(500);
        }
        worker = null;
        loaded = null;
        setState(EngineState.STARTING);
        WorkerProcess fresh;
        try {
            fresh = WorkerProcess.start(launch, log, 60_000);
        } catch (IOException e) {
            startFailure = e.getMessage();
            throw e;
        }
        startFailure = null;
        worker = fresh;
        loaded = load;
        return fresh;
    }

    /**
     * Why the last attempt to start a worker failed (library refused, runtime missing, crash while
     * starting); empty once a worker started. Set before the failed run's terminal event is delivered.
     */
    public Optional<String> startFailure() {
        return Optional.ofNullable(startFailure);
    }

    public boolean keepsModelLoaded() {
        return keepLoaded;
    }

    /**
     * Whether the worker keeps the last model loaded between runs (fast follow-up runs) or stops after
     * each run (memory back at once). Turning it off stops an idle worker now.
     */
    public void keepModelLoaded(boolean keep) {
        keepLoaded = keep;
        if (!keep && state == EngineState.IDLE) {
            unload();
        }
    }

    /** Called by a run when it ends. Run thread only. */
    void afterRun(WorkerProcess used) {
        if (!keepLoaded || !used.isAlive()) {
            used.shutdown(500);
            if (worker == used) {
                worker = null;
                loaded = null;
            }
        }
        setState(EngineState.IDLE);
    }

    /** Stops the worker now; a later run starts a new one. */
    public void unload() {
        WorkerProcess w = worker;
        if (w != null) {
            w.shutdown(500);
        }
    }

    @Override
    public void close() {
        runner.shutdownNow();
        unload();
        try {
            runner.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        unload();
    }
}
