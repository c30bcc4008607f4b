package dev.parallax.bench.batch;

import dev.parallax.core.PromptMode;
import dev.parallax.core.RunResult;
import dev.parallax.core.RunSpec;
import dev.parallax.core.RunStatus;
import dev.parallax.core.Target;
import dev.parallax.engine.local.EngineChoice;
import dev.parallax.history.BatchItem;
import dev.parallax.history.BatchRecord;
import dev.parallax.history.DatasetRecord;
import dev.parallax.history.DatasetRow;
import dev.parallax.history.RunMetrics;
import dev.parallax.route.ActiveRun;
import dev.parallax.route.RunRejectedException;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * One batch going on in this process: a thread per lane starts runs as permits allow (a permit per request at the
 * provider or engine, given back when the engine is done); each run's end is recorded as a finished item before the
 * run stops counting as unsaved, and a lane holds at most {@link BatchRequest#UNSAVED_PER_PERMIT} unsaved runs per
 * permit. All shared counters are guarded by {@code this}.
 */
final class BatchExecution implements BatchHandle {

    private final BatchService service;
    private final BatchRecord record;
    private final DatasetRecord dataset;
    private final List<Target> targets;
    private final BatchListener listener;
    private final EngineChoice engine;
    private final int repeats;
    private final int total;
    private final BitSet done;
    private final Map<String, ActiveRun> inFlight = new ConcurrentHashMap<>();
    private final CompletableFuture<BatchProgress> finished = new CompletableFuture<>();
    private final Optional<BigDecimal> budget;

    // Guarded by this.
    private BatchState state = BatchState.RUNNING;
    /** The last status is written: no pause or resume may write over it. */
    private boolean ended;
    private boolean paused;
    private boolean stopping;
    private Optional<String> message = Optional.empty();
    private BatchState stopAs;
    private int doneCount;
    private int failedCount;
    private int doneThisSession;
    private BigDecimal spent = BigDecimal.ZERO;
    private final BigDecimal[] costSum;
    private final int[] costKnown;
    private final boolean[] unpriced;
    private final int[] running;
    private final int[] doneByTarget;
    private final BigDecimal[] reserved;
    private long sessionStart;

    BatchExecution(BatchService service, BatchRecord record, DatasetRecord dataset, List<Target> targets,
                   List<BatchItem> finishedBefore, BatchListener listener) {
        this.service = service;
        this.record = record;
        this.dataset = dataset;
        this.targets = targets;
        this.listener = listener;
        this.engine = EngineChoice.valueOf(record.engineChoice());
        this.repeats = record.repeat();
        this.total = dataset.rowCount() * targets.size() * repeats;
        this.budget = record.budgetUsd();
        this.done = BatchService.doneSet(finishedBefore, targets.size(), repeats);
        this.costSum = new BigDecimal[targets.size()];
        this.costKnown = new int[targets.size()];
        this.unpriced = new boolean[targets.size()];
        this.running = new int[targets.size()];
        this.doneByTarget = new int[targets.size()];
        this.reserved = new BigDecimal[targets.size()];
        java.util.Arrays.fill(costSum, BigDecimal.ZERO);
        java.util.Arrays.fill(reserved, BigDecimal.ZERO);
        for (BatchItem i : finishedBefore) {
            if (!BatchService.isDone(i.run().status())) {
                continue;
            }
            doneCount++;
            doneByTarget[i.targetIndex()]++;
            if (!i.run().succeeded()) {
                failedCount++;
            }
            countCost(i.targetIndex(), i.run().costUsd());
        }
    }

    void start() {
        sessionStart = System.nanoTime();
        Map<String, List<Integer>> lanes = BatchService.lanes(targets);
        List<Thread> threads = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> lane : lanes.entrySet()) {
            int limit = record.limits().getOrDefault(lane.getKey(), Target.LOCAL.equals(lane.getKey())
                    ? BatchRequest.DEFAULT_LOCAL_LIMIT : BatchRequest.DEFAULT_CLOUD_LIMIT);
            Thread t = new Thread(() -> runLane(lane.getKey(), lane.getValue(), limit),
                    "batch-" + record.id().substring(0, 8) + "-" + lane.getKey());
            t.setDaemon(true);
            threads.add(t);
        }
        Thread coordinator = new Thread(() -> {
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            end();
        }, "batch-" + record.id().substring(0, 8));
        coordinator.setDaemon(true);
        coordinator.start();
        publish();
    }

    private void runLane(String lane, List<Integer> laneTargets, int limit) {
        Semaphore permits = new Semaphore(limit);
        Semaphore unsaved = new Semaphore(BatchRequest.UNSAVED_PER_PERMIT * limit);
        try {
            if (Target.LOCAL.equals(lane)) {
                // Target by target: switching local models between rows would reload one each time.
                for (int t : laneTargets) {
                    if (!pass(List.of(t), permits, unsaved)) {
                        break;
                    }
                }
            } else {
                pass(laneTargets, permits, unsaved);
            }
            permits.acquire(limit);
            // Every run this lane started is counted: its end saved and recorded as an item, or its failure.
            unsaved.acquire(BatchRequest.UNSAVED_PER_PERMIT * limit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            stop(BatchState.PAUSED, "the " + lane + " lane stopped: " + e.getMessage());
        }
    }

    /** Runs every row on these targets, row by row; false when the batch stops. */
    private boolean pass(List<Integer> laneTargets, Semaphore permits, Semaphore unsaved) throws InterruptedException {
        for (int offset = 0; offset < dataset.rowCount(); offset += BatchService.PAGE) {
            List<DatasetRow> rows = service.rows(dataset.id(), offset, BatchService.PAGE);
            for (DatasetRow row : rows) {
                for (int t : laneTargets) {
                    for (int r = 0; r < repeats; r++) {
                        if (isDone(row.rowNo(), t, r)) {
                            continue;
                        }
                        unsaved.acquire();
                        permits.acquire();
                        if (!dispatch(row, t, r, permits, unsaved)) {
                            permits.release();
                            unsaved.release();
                            return false;
                        }
                    }
                }
            }
        }
        return true;
    }

    private synchronized boolean isDone(int row, int t, int r) {
        return done.get(BatchService.index(row, t, r, targets.size(), repeats));
    }

    /** Waits while paused and for the budget; starts the run. False when the batch stops instead. */
    private boolean dispatch(DatasetRow row, int t, int r, Semaphore permits, Semaphore unsaved)
            throws InterruptedException {
        BigDecimal estimate;
        synchronized (this) {
            while (true) {
                if (stopping) {
                    return false;
                }
                if (paused) {
                    wait();
                    continue;
                }
                if (budget.isPresent() && !unpriced[t] && costKnown[t] == 0 && running[t] > 0) {
                    // No average yet: one run of this target at a time until its first cost is known.
                    wait();
                    continue;
                }
                break;
            }
            estimate = average(t).orElse(BigDecimal.ZERO);
            if (budget.isPresent()) {
                BigDecimal projected = spent.add(reservedTotal()).add(estimate);
                if (projected.compareTo(budget.get()) > 0) {
                    stopLocked(BatchState.BUDGET, String.format(java.util.Locale.ROOT,
                            "stopped before the budget of $%s: spent $%s, and the next run would bring the projected cost to $%s",
                            budget.get().toPlainString(), money(spent), money(projected)));
                    return false;
                }
            }
            running[t]++;
            reserved[t] = reserved[t].add(estimate);
        }
        Target target = targets.get(t);
        RunSpec spec = RunSpec.prompt(target, row.system().orElse(null), row.prompt(), PromptMode.AUTO, record.params());
        ActiveRun run;
        try {
            run = service.startRun(spec, engine, new BatchService.ItemKey(record.id(), row.rowNo(), t, r));
        } catch (RunRejectedException | RuntimeException e) {
            synchronized (this) {
                running[t]--;
                reserved[t] = reserved[t].subtract(estimate);
            }
            stop(BatchState.PAUSED, target + " was refused: " + e.getMessage() + " (fix it, then resume the batch)");
            return false;
        }
        inFlight.put(run.runId(), run);
        synchronized (this) {
            if (stopping && stopAs == BatchState.CANCELLED) {
                run.cancel();
            }
        }
        publish();
        BigDecimal held = estimate;
        // The permit goes back when the engine is done, while the run's end is still being saved: that save (3.8 ms on
        // average in a cold 1,000-row batch on 2 cores) then overlaps the slot's next request instead of preceding it.
        // The run stays unsaved until its item is counted; at most UNSAVED_PER_PERMIT x the limit are, so a kill cuts
        // off no more than that, and a history database that falls behind holds the lane back.
        run.engineDone().whenComplete((x, error) -> permits.release());
        run.result().whenComplete((result, error) -> {
            try {
                finish(row.rowNo(), t, r, run, result, held);
            } finally {
                inFlight.remove(run.runId());
                unsaved.release();
            }
        });
        return true;
    }

    private void finish(int rowNo, int t, int r, ActiveRun run, RunResult result, BigDecimal held) {
        RunMetrics metrics = result == null ? null : RunMetrics.of(result);
        // A done run's item was committed with its end row (BatchService.startRun): both are saved, or neither.
        boolean over = metrics != null && BatchService.isDone(metrics.status());
        boolean counts = over && run.endSaved();
        if (over && !counts) {
            stop(BatchState.PAUSED, "a finished run could not be recorded: "
                    + run.saveError().orElse("the history database did not take it"));
        }
        synchronized (this) {
            running[t]--;
            reserved[t] = reserved[t].subtract(held);
            if (counts) {
                done.set(BatchService.index(rowNo, t, r, targets.size(), repeats));
                doneCount++;
                doneByTarget[t]++;
                doneThisSession++;
                if (metrics.status() != RunStatus.COMPLETED) {
                    failedCount++;
                }
                countCost(t, metrics.costUsd());
            }
            notifyAll();
        }
        if (metrics != null) {
            listener.itemFinished(rowNo, t, r, metrics);
        }
        publish();
    }

    /** Guarded by this (or called from the constructor). */
    private void countCost(int t, Optional<BigDecimal> cost) {
        if (cost.isPresent()) {
            spent = spent.add(cost.get());
            costSum[t] = costSum[t].add(cost.get());
            costKnown[t]++;
        } else {
            unpriced[t] = true;
        }
    }

    private synchronized Optional<BigDecimal> average(int t) {
        if (costKnown[t] == 0) {
            return Optional.empty();
        }
        return Optional.of(costSum[t].divide(BigDecimal.valueOf(costKnown[t]), MathContext.DECIMAL64));
    }

    private synchronized BigDecimal reservedTotal() {
        BigDecimal sum = BigDecimal.ZERO;
        for (BigDecimal b : reserved) {
            sum = sum.add(b);
        }
        return sum;
    }

    /** spent + each target's average × its items left, once every priced target with items left has an average. */
    private synchronized Optional<BigDecimal> projected() {
        BigDecimal p = spent;
        int perTarget = dataset.rowCount() * repeats;
        for (int t = 0; t < targets.size(); t++) {
            int left = perTarget - doneByTarget[t];
            if (left <= 0) {
                continue;
            }
            Optional<BigDecimal> avg = average(t);
            if (avg.isEmpty()) {
                if (unpriced[t]) {
                    continue;
                }
                return Optional.empty();
            }
            p = p.add(avg.get().multiply(BigDecimal.valueOf(left)));
        }
        return Optional.of(p);
    }

    private void stop(BatchState as, String why) {
        synchronized (this) {
            stopLocked(as, why);
        }
    }

    private void stopLocked(BatchState as, String why) {
        if (stopping) {
            return;
        }
        stopping = true;
        stopAs = as;
        message = Optional.of(why);
        notifyAll();
    }

    private void end() {
        BatchState last;
        Optional<String> why;
        synchronized (this) {
            if (stopping) {
                last = stopAs;
                why = message;
            } else {
                last = doneCount >= total ? BatchState.COMPLETED : BatchState.PAUSED;
                why = last == BatchState.COMPLETED ? Optional.empty()
                        : Optional.of((total - doneCount) + " item(s) did not finish; resume the batch to run them again");
                message = why;
            }
            state = last;
            ended = true;
            try {
                service.updateStatus(record.id(), last, why);
            } catch (RuntimeException e) {
                message = Optional.of("the batch's state could not be saved: " + e.getMessage());
            }
        }
        BatchProgress p = progress();
        listener.progress(p);
        finished.complete(p);
    }

    private void publish() {
        listener.progress(progress());
    }

    @Override
    public String batchId() {
        return record.id();
    }

    @Override
    public void pause() {
        synchronized (this) {
            if (stopping || paused || ended) {
                return;
            }
            paused = true;
            state = BatchState.PAUSED;
            message = Optional.of("paused");
            // Written under the lock, as end() writes the last status: a pause (or resume) written after the batch's
            // end would leave a finished batch "paused" (or "running", shown as interrupted at the next start).
            service.updateStatus(record.id(), BatchState.PAUSED, Optional.of("paused"));
        }
        publish();
    }

    @Override
    public void resume() {
        synchronized (this) {
            if (stopping || !paused || ended) {
                return;
            }
            paused = false;
            state = BatchState.RUNNING;
            message = Optional.empty();
            service.updateStatus(record.id(), BatchState.RUNNING, Optional.empty());
            notifyAll();
        }
        publish();
    }

    @Override
    public void cancel() {
        synchronized (this) {
            if (finished.isDone()) {
                return;
            }
            stopLocked(BatchState.CANCELLED, "cancelled");
            if (stopAs != BatchState.CANCELLED) {
                // Already stopping for another reason: the runs going on are cancelled all the same.
                stopAs = BatchState.CANCELLED;
                message = Optional.of("cancelled");
            }
            paused = false;
            notifyAll();
        }
        for (ActiveRun run : List.copyOf(inFlight.values())) {
            run.cancel();
        }
    }

    @Override
    public synchronized BatchProgress progress() {
        double elapsed = (System.nanoTime() - sessionStart) / 1e6;
        int runningNow = 0;
        for (int n : running) {
            runningNow += n;
        }
        OptionalDouble eta = state == BatchState.RUNNING ? BatchService.eta(doneThisSession, total - doneCount, elapsed)
                : OptionalDouble.empty();
        return new BatchProgress(record.id(), state, total, doneCount, failedCount, runningNow, elapsed, eta, spent,
                projected(), message);
    }

    @Override
    public CompletableFuture<BatchProgress> finished() {
        return finished;
    }

    private static String money(BigDecimal v) {
        return v.setScale(4, java.math.RoundingMode.HALF_UP).toPlainString();
    }
}
