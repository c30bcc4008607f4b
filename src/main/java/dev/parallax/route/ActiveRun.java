package dev.parallax.route;

import dev.parallax.core.RunResult;
import dev.parallax.engine.RunHandle;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A run on its way: its id, a way to stop it, and its result once it has been saved. */
public final class ActiveRun {

    private volatile String runId;
    private volatile RoutingDecision routing;
    private final CompletableFuture<RunResult> result = new CompletableFuture<>();
    private final CompletableFuture<Void> engineDone = new CompletableFuture<>();
    private RunHandle handle;
    private boolean cancelled;
    private volatile String saveError;
    private volatile boolean endSaved;

    private volatile Optional<String> notice;

    ActiveRun(String runId, Optional<String> notice) {
        this.runId = runId;
        this.notice = notice;
        result.whenComplete((r, e) -> engineDone.complete(null));
    }

    /** Something the user should know came up during the run (the local engine fell back). */
    void noted(String message) {
        Optional<String> before = notice;
        this.notice = Optional.of(before.filter(b -> !b.equals(message)).map(b -> b + "; " + message).orElse(message));
    }

    /** How the privacy gate and the router sent this run, when the run path decided it. */
    public Optional<RoutingDecision> routing() {
        return Optional.ofNullable(routing);
    }

    void routed(RoutingDecision decision) {
        this.routing = decision;
    }

    /** A fallback run took over ({@code auto} after a cloud error): its id is this run's id from now on. */
    void continuedAs(String nextRunId) {
        this.runId = nextRunId;
    }

    /**
     * A one-line note for the user about how the run was routed (e.g. an engine fallback). It can change
     * while the run goes on (a fallback after the engine failed to start): read it again at the end.
     */
    public Optional<String> notice() {
        return notice;
    }

    synchronized void attach(RunHandle engineHandle) {
        this.handle = engineHandle;
        if (cancelled) {
            engineHandle.cancel();
        }
    }

    void complete(RunResult finished) {
        result.complete(finished);
    }

    /** The id of the run in history (for {@code auto}, the id of its last attempt). */
    public String runId() {
        return runId;
    }

    public synchronized void cancel() {
        cancelled = true;
        if (handle != null) {
            handle.cancel();
        }
    }

    /** The result, after it was written to history. */
    public RunResult await() throws InterruptedException {
        try {
            return result.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a run ended without a result", e.getCause());
        }
    }

    public Optional<RunResult> await(Duration timeout) throws InterruptedException {
        try {
            return Optional.of(result.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a run ended without a result", e.getCause());
        }
    }

    public CompletableFuture<RunResult> result() {
        return result;
    }

    /**
     * Completes when the engine has no more to do for this run (its stream ended), which can be a few milliseconds
     * before {@link #result()}: the result is then still being priced and saved. What limits concurrent requests to a
     * provider or engine can give the next run its turn here. At the latest it completes with the result.
     */
    public CompletableFuture<Void> engineDone() {
        return engineDone;
    }

    void markEngineDone() {
        engineDone.complete(null);
    }

    /** Why the result could not be saved to history, if it could not. The result itself stands. */
    public Optional<String> saveError() {
        return Optional.ofNullable(saveError);
    }

    void saveFailed(String message) {
        this.saveError = message;
    }

    /**
     * Whether the run's end row, and what was saved with it ({@link SavedWithEnd}), is in the history; read it once
     * {@link #result()} has completed. The start row may still have failed to save ({@link #saveError()}): the end
     * row then stands for the whole run.
     */
    public boolean endSaved() {
        return endSaved;
    }

    void markEndSaved() {
        this.endSaved = true;
    }
}
