package dev.parallax.engine.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parallax.core.EngineTimings;
import dev.parallax.core.RunEvent;
import dev.parallax.core.RunListener;
import dev.parallax.core.RunSpec;
import dev.parallax.core.Usage;
import dev.parallax.core.UsageBasis;
import dev.parallax.engine.EngineState;
import dev.parallax.engine.RunHandle;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One run on the local engine. Tokens go to the listener straight from the worker's reader thread;
 * the end of the run (done, failed, cancelled, or the worker's death) is handled on the run thread,
 * which guarantees exactly one terminal event.
 */
final class LocalRun implements RunHandle, WorkerProcess.Sink {

    /**
     * How long a cancelled run may take to stop by itself before its worker is killed. Between two
     * tokens it stops in milliseconds; only a long prompt being processed runs into this.
     */
    private static final long CANCEL_GRACE_MS = 300;
    /** How long to wait for llama.cpp's timing lines after the last token (they come on stderr). */
    private static final long ENGINE_TIMINGS_WAIT_MS = 250;

    private final LocalEngine engine;
    private final long id;
    private final RunSpec spec;
    private final RunListener listener;
    private final BlockingQueue<JsonNode> endings = new LinkedBlockingQueue<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile boolean cancelRequested;
    private volatile WorkerProcess worker;
    private volatile String engineName = "";
    private volatile String engineBuild = "";

    LocalRun(LocalEngine engine, long id, RunSpec spec, RunListener listener) {
        this.engine = engine;
        this.id = id;
        this.spec = spec;
        this.listener = listener;
    }

    void execute() {
        WorkerProcess w = null;
        try {
            if (cancelRequested) {
                emit(new RunEvent.Cancelled(System.nanoTime()));
                return;
            }
            LoadSpec load = LocalEngine.loadSpecFor(spec);
            LocalEngine.threadsNotice(spec.params().threads(), LocalEngine.processors())
                    .ifPresent(n -> emit(new RunEvent.Notice(System.nanoTime(), n)));
            try {
                w = engine.workerFor(load);
            } catch (IOException e) {
                emit(new RunEvent.Failed(System.nanoTime(), "could not start the local engine: " + e.getMessage()));
                return;
            }
            worker = w;
            engineName = w.hello().path("engine").asText("");
            engineBuild = w.hello().path("build").asText("");
            long timingsBefore = w.logTap().sequence();
            w.attach(this);
            engine.setState(EngineState.LOADING);
            try {
                w.send(WorkerProtocol.runRequest(id, load, spec.messages(), spec.mode(), spec.params()));
            } catch (IOException e) {
                // The worker is going away; its exit reaches us through onExit.
            }
            awaitEnd(w, timingsBefore);
        } catch (InterruptedException e) {
            if (w != null) {
                w.kill();
            }
            emit(new RunEvent.Cancelled(System.nanoTime()));
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            emit(new RunEvent.Failed(System.nanoTime(), "the local engine failed: " + e));
        } finally {
            if (w != null) {
                w.detach();
                engine.afterRun(w);
            } else {
                engine.setState(EngineState.IDLE);
            }
            ended.countDown();
        }
    }

    private void awaitEnd(WorkerProcess w, long timingsBefore) throws InterruptedException {
        boolean cancelSent = false;
        long cancelDeadline = Long.MAX_VALUE;
        while (true) {
            JsonNode ending = endings.poll(20, TimeUnit.MILLISECONDS);
            if (ending != null) {
                finish(ending, w, timingsBefore);
                return;
            }
            if (cancelRequested && !cancelSent) {
                cancelSent = true;
                cancelDeadline = System.nanoTime() + CANCEL_GRACE_MS * 1_000_000L;
                try {
                    w.send(WorkerProtocol.message(WorkerProtocol.CANCEL).put("id", id));
                } catch (IOException e) {
                    // Gone already: onExit follows.
                }
            }
            if (cancelSent && System.nanoTime() > cancelDeadline) {
                // Still busy (a long prompt cannot be interrupted between tokens): stop the worker.
                w.kill();
                emit(new RunEvent.Cancelled(System.nanoTime()));
                return;
            }
        }
    }

    private void finish(JsonNode ending, WorkerProcess w, long timingsBefore) throws InterruptedException {
        String type = ending.path("type").asText();
        long t = ending.path("t").asLong(System.nanoTime());
        switch (type) {
            case WorkerProtocol.DONE -> {
                Optional<EngineTimings> timings = ending.has("engineTimings")
                        ? Optional.of(engineTimings(ending.get("engineTimings")))
                        : ending.path("engineLogTimings").asBoolean(true)
                        ? w.logTap().awaitTimings(timingsBefore, ENGINE_TIMINGS_WAIT_MS)
                        : Optional.empty();
                Usage usage;
                if (ending.has("completionTokens")) {
                    // The worker counted the tokens it tokenized and sampled itself.
                    usage = new Usage(ending.path("promptTokens").asInt(), ending.path("completionTokens").asInt(), UsageBasis.EXACT);
                } else {
                    usage = timings
                            .map(et -> new Usage(et.promptTokens(), et.generatedTokens(), UsageBasis.EXACT))
                            .orElseGet(() -> new Usage(ending.path("promptTokensEstimate").asInt(),
                                    ending.path("outputs").asInt(), UsageBasis.ESTIMATED));
                }
                if (ending.hasNonNull("notice")) {
                    emit(new RunEvent.Notice(t, ending.get("notice").asText()));
                }
                emit(new RunEvent.UsageReported(t, usage, timings));
                String reason = ending.hasNonNull("stopReason") ? ending.get("stopReason").asText()
                        : usage.completionTokens() >= spec.params().maxTokens() ? "max_tokens"
                        : ending.has("contextBudget") && usage.completionTokens() >= ending.get("contextBudget").asInt()
                        ? "context_full" : "stop";
                emit(new RunEvent.Completed(t, reason));
            }
            case WorkerProtocol.CANCELLED -> {
                if (ending.has("completionTokens")) {
                    // What the run used before it stopped: a cancelled run is priced and counted like any other.
                    emit(new RunEvent.UsageReported(t, new Usage(ending.path("promptTokens").asInt(),
                            ending.path("completionTokens").asInt(),
                            ending.path("exact").asBoolean() ? UsageBasis.EXACT : UsageBasis.ESTIMATED), Optional.empty()));
                }
                emit(new RunEvent.Cancelled(t));
            }
            case WorkerProtocol.FAILED -> emit(new RunEvent.Failed(t, ending.path("message").asText("the local engine failed")));
            default -> {
                if (cancelRequested) {
                    emit(new RunEvent.Cancelled(System.nanoTime()));
                } else {
                    emit(new RunEvent.Failed(System.nanoTime(),
                            "local engine stopped unexpectedly (" + ending.path("reason").asText("unknown reason") + ")"));
                }
            }
        }
    }

    private static EngineTimings engineTimings(JsonNode n) {
        return new EngineTimings(n.path("promptTokens").asInt(), n.path("promptMs").asDouble(),
                n.path("generatedTokens").asInt(), n.path("generationMs").asDouble());
    }

    @Override
    public void onMessage(JsonNode message) {
        if (message.path("id").asLong(-1) != id) {
            return;
        }
        long t = message.path("t").asLong(System.nanoTime());
        switch (message.path("type").asText()) {
            case WorkerProtocol.STARTED -> emit(new RunEvent.Started(t, engineName, engineBuild));
            case WorkerProtocol.LOADED -> {
                emit(new RunEvent.ModelLoaded(t, message.path("loadMs").asDouble()));
                engine.setState(EngineState.GENERATING);
            }
            case WorkerProtocol.TOKEN -> {
                if (engineStateIsLoading()) {
                    engine.setState(EngineState.GENERATING);
                }
                emit(new RunEvent.Token(t, message.path("text").asText()));
            }
            case WorkerProtocol.DONE, WorkerProtocol.FAILED, WorkerProtocol.CANCELLED -> endings.add(message);
            default -> {
                // Unknown messages from a newer worker are ignored.
            }
        }
    }

    private boolean engineStateIsLoading() {
        return engine.state() == EngineState.LOADING;
    }

    @Override
    public void onExit(String reason) {
        endings.add(WorkerProtocol.message("exit").put("reason", reason));
    }

    private void emit(RunEvent event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            System.err.println("parallax: a run listener failed: " + e);
        }
    }

    @Override
    public void cancel() {
        cancelRequested = true;
    }

    @Override
    public boolean await(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void await() throws InterruptedException {
        ended.await();
    }
}
