package dev.parallax.bench.batch;

import dev.parallax.bench.quality.Check;
import dev.parallax.core.RunListener;
import dev.parallax.core.RunSpec;
import dev.parallax.core.RunStatus;
import dev.parallax.core.Target;
import dev.parallax.engine.local.EngineChoice;
import dev.parallax.history.BatchItem;
import dev.parallax.history.BatchRecord;
import dev.parallax.history.BatchRepository;
import dev.parallax.history.DatasetRecord;
import dev.parallax.history.DatasetRepository;
import dev.parallax.history.DatasetRow;
import dev.parallax.history.RunMetrics;
import dev.parallax.route.ActiveRun;
import dev.parallax.route.RunOptions;
import dev.parallax.route.RunRejectedException;
import dev.parallax.route.RunService;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Batch runs: every row of a dataset on every target, through the one run path ({@link RunService}), with a
 * bounded number of runs at once per lane (local models one at a time; each cloud provider its own limit),
 * progress with ETA and running cost, pause, resume and cancel, a budget cap, and resumption after a crash:
 * the batch and each finished (row, target, repeat) with its run id are in the history database, and a resumed
 * batch runs only what has no finished item yet.
 */
public final class BatchService implements AutoCloseable {

    /** Rows read from the database at a time. */
    static final int PAGE = 5_000;

    private final RunService runs;
    private final DatasetRepository datasets;
    private final BatchRepository batches;
    private final Clock clock;
    private final Map<String, BatchExecution> active = new ConcurrentHashMap<>();

    public BatchService(RunService runs, DatasetRepository datasets, BatchRepository batches, Clock clock) {
        this.runs = runs;
        this.datasets = datasets;
        this.batches = batches;
        this.clock = clock;
    }

    /**
     * Starts a batch.
     *
     * @throws IllegalArgumentException for an unknown dataset or a check that cannot be read
     */
    public BatchHandle start(BatchRequest request, BatchListener listener) {
        DatasetRecord dataset = datasets.find(request.datasetId()).orElseThrow(() -> new IllegalArgumentException(
                "no dataset '" + request.datasetId() + "'; see 'parallax datasets list'"));
        request.checks().forEach(Check::parse);
        BatchRecord record = new BatchRecord(UUID.randomUUID().toString(), dataset.id(), clock.instant(), clock.instant(),
                BatchState.RUNNING.label(), Optional.empty(), request.targets().stream().map(Target::toString).toList(),
                request.repeat(), request.resolvedLimits(), request.budgetUsd(), request.params(), request.checks(),
                request.engine().name());
        batches.create(record);
        return launch(record, dataset, List.of(), listener);
    }

    /**
     * Resumes a batch that was paused, cancelled, stopped at its budget or interrupted by a stop of Parallax: runs
     * what has no finished item. A new budget replaces the old one.
     */
    public BatchHandle resume(String batchId, Optional<BigDecimal> newBudget, BatchListener listener) {
        BatchRecord record = batches.find(batchId).orElseThrow(() -> new IllegalArgumentException("no batch '" + batchId
                + "'; see 'parallax batch list'"));
        if (active.containsKey(record.id())) {
            throw new IllegalStateException("batch " + record.id() + " is running already");
        }
        BatchState state = BatchState.fromLabel(record.status());
        if (!state.isResumable()) {
            throw new IllegalStateException("batch " + record.id() + " is " + state.label() + "; there is nothing to resume");
        }
        DatasetRecord dataset = datasets.find(record.datasetId()).orElseThrow(() -> new IllegalStateException(
                "the dataset of batch " + record.id() + " was deleted; the batch cannot go on"));
        batches.updateStatus(record.id(), BatchState.RUNNING.label(), Optional.empty(), newBudget, clock.instant());
        BatchRecord resumed = batches.find(record.id()).orElseThrow();
        return launch(resumed, dataset, batches.items(record.id()), listener);
    }

    /** The batch running in this process, if it is. */
    public Optional<BatchHandle> running(String batchId) {
        return Optional.ofNullable(active.get(batchId));
    }

    public List<BatchRecord> list(int limit) {
        return batches.list(limit);
    }

    public Optional<BatchRecord> find(String batchId) {
        return batches.find(batchId);
    }

    /** How many items each batch has finished, by batch id. */
    public Map<String, Integer> finishedCounts() {
        return batches.finishedCounts();
    }

    public List<BatchItem> items(String batchId) {
        return batches.items(batchId);
    }

    private BatchHandle launch(BatchRecord record, DatasetRecord dataset, List<BatchItem> finished, BatchListener listener) {
        List<Target> targets = record.targets().stream().map(Target::parse).toList();
        BatchExecution ex = new BatchExecution(this, record, dataset, targets, finished, listener);
        active.put(record.id(), ex);
        ex.finished().whenComplete((p, e) -> active.remove(record.id()));
        ex.start();
        return ex;
    }

    // Collaborators for the execution.

    /** Starts a run whose end row is committed with the batch item it finishes (when it is done, see isDone). */
    ActiveRun startRun(RunSpec spec, EngineChoice engine, ItemKey item) throws RunRejectedException {
        return runs.start(spec, engine, RunOptions.defaults(), RunListener.none(), finished -> {
            RunMetrics m = RunMetrics.of(finished);
            if (!isDone(m.status())) {
                return List.of();
            }
            return List.of(batches.itemsWrite(List.of(new BatchRepository.ItemEnd(item.batchId(), item.rowNo(),
                    item.targetIndex(), item.repeatNo(), finished.runId(), m.status().label(), m.costUsd(),
                    clock.instant()))));
        });
    }

    /** One (row, target, repeat) of a batch. */
    record ItemKey(String batchId, int rowNo, int targetIndex, int repeatNo) {
    }

    List<DatasetRow> rows(String datasetId, int offset, int limit) {
        return datasets.rows(datasetId, offset, limit);
    }

    void updateStatus(String id, BatchState state, Optional<String> reason) {
        batches.updateStatus(id, state.label(), reason, Optional.empty(), clock.instant());
    }

    Clock clock() {
        return clock;
    }

    /**
     * Stops every batch of this process (as at exit): runs are cancelled, each batch stays resumable. Waits a few
     * seconds for the cancelled runs to be saved.
     */
    @Override
    public void close() {
        List<BatchExecution> going = List.copyOf(active.values());
        going.forEach(BatchExecution::cancel);
        for (BatchExecution ex : going) {
            try {
                ex.finished().get(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // Closing anyway: the batch's runs are marked interrupted at the next start.
            }
        }
    }

    /** Index of (row, target, repeat) in a bit set of finished items. */
    static int index(int row, int target, int repeat, int targets, int repeats) {
        return (row * targets + target) * repeats + repeat;
    }

    /** Run statuses that count as done: a resumed batch does not run these again. */
    static boolean isDone(RunStatus s) {
        return s == RunStatus.COMPLETED || s == RunStatus.TRUNCATED || s == RunStatus.FAILED;
    }

    static BitSet doneSet(List<BatchItem> finished, int targets, int repeats) {
        BitSet done = new BitSet();
        for (BatchItem i : finished) {
            if (isDone(i.run().status())) {
                done.set(index(i.rowNo(), i.targetIndex(), i.repeatNo(), targets, repeats));
            }
        }
        return done;
    }

    static Map<String, List<Integer>> lanes(List<Target> targets) {
        Map<String, List<Integer>> lanes = new LinkedHashMap<>();
        for (int t = 0; t < targets.size(); t++) {
            lanes.computeIfAbsent(BatchRequest.lane(targets.get(t)), k -> new ArrayList<>()).add(t);
        }
        return lanes;
    }

    static OptionalDouble eta(int doneThisSession, int remaining, double elapsedMs) {
        if (doneThisSession == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(elapsedMs / doneThisSession * remaining);
    }
}
