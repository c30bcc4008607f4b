package dev.parallax.ui.results;

import dev.parallax.bench.batch.BatchHandle;
import dev.parallax.bench.batch.BatchListener;
import dev.parallax.bench.batch.BatchProgress;
import dev.parallax.bench.batch.BatchReport;
import dev.parallax.bench.batch.BatchReporter;
import dev.parallax.bench.batch.BatchRequest;
import dev.parallax.bench.batch.BatchResults;
import dev.parallax.bench.batch.BatchService;
import dev.parallax.bench.batch.BatchState;
import dev.parallax.bench.batch.Disagreement;
import dev.parallax.bench.dataset.DatasetService;
import dev.parallax.bench.stats.Bootstrap;
import dev.parallax.bench.stats.Distribution;
import dev.parallax.bench.stats.Estimate;
import dev.parallax.bench.stats.PassRate;
import dev.parallax.bench.stats.TargetComparison;
import dev.parallax.bench.stats.TargetStats;
import dev.parallax.history.BatchRecord;
import dev.parallax.history.DatasetRecord;
import dev.parallax.history.DatasetRow;
import dev.parallax.history.RunMetrics;
import dev.parallax.ui.base.BackgroundTask;
import dev.parallax.ui.base.DialogService;
import dev.parallax.ui.base.Formats;
import dev.parallax.ui.base.TaskExecutor;
import dev.parallax.ui.base.UiThread;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The Results screen: the batch running from this window (progress with ETA and running cost; pause, resume,
 * cancel), the shown batch's rows × targets grid with filters, the answers of a row side by side, per-target
 * statistics with 95% intervals, verdicts, chart data, and the past batches (unfinished ones can be resumed).
 *
 * <p>Progress arrives on the batch's threads; only the latest is kept and at most one hop to the UI thread is
 * pending at a time, so a fast batch never floods it. The grid is read again from the database while the batch
 * runs, at most every {@link #RELOAD_EVERY_MS} ms, and once more when it stops.
 */
public final class ResultsViewModel {

    public static final long RELOAD_EVERY_MS = 1_500;
    /** Answers are compared between targets only up to this many finished items (one embedding per answer). */
    public static final int AGREEMENT_LIMIT = 5_000;
    static final int PREVIEW_CHARS = 120;

    public enum Filter {
        ALL("All rows"), FAILED("Failed"), DISAGREEMENTS("Disagreements"), SLOWEST("Slowest first");

        private final String label;

        Filter(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private final Supplier<BatchService> batches;
    private final Supplier<BatchReporter> reports;
    private final Supplier<DatasetService> datasets;
    private final TaskExecutor tasks;
    private final UiThread ui;
    private final DialogService dialogs;

    private final ReadOnlyBooleanWrapper active = new ReadOnlyBooleanWrapper(this, "active", false);
    private final ReadOnlyBooleanWrapper paused = new ReadOnlyBooleanWrapper(this, "paused", false);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper(this, "progressText", "");
    private final ReadOnlyStringWrapper etaText = new ReadOnlyStringWrapper(this, "etaText", "");
    private final ReadOnlyStringWrapper costText = new ReadOnlyStringWrapper(this, "costText", "");
    private final ReadOnlyStringWrapper stateText = new ReadOnlyStringWrapper(this, "stateText", "");

    private final ReadOnlyStringWrapper currentBatchId = new ReadOnlyStringWrapper(this, "currentBatchId", "");
    private final ReadOnlyObjectWrapper<BatchResults> results = new ReadOnlyObjectWrapper<>(this, "results");
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title", "");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper(this, "note", "");
    private final ObservableList<String> targetNames = FXCollections.observableArrayList();
    private final ObservableList<ResultRow> rows = FXCollections.observableArrayList();
    private final ObjectProperty<Filter> filter = new SimpleObjectProperty<>(this, "filter", Filter.ALL);
    private final ObjectProperty<ResultRow> selectedRow = new SimpleObjectProperty<>(this, "selectedRow");
    private final ObservableList<StatsRow> stats = FXCollections.observableArrayList();
    private final ObservableList<String> verdicts = FXCollections.observableArrayList();
    private final ObservableList<TargetChart> charts = FXCollections.observableArrayList();
    private final BooleanProperty compareAnswers = new SimpleBooleanProperty(this, "compareAnswers", true);
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading", false);
    private final ObservableList<BatchSummary> pastBatches = FXCollections.observableArrayList();
    private final ReadOnlyIntegerWrapper unfinished = new ReadOnlyIntegerWrapper(this, "unfinished", 0);
    private final ReadOnlyBooleanWrapper exportAvailable = new ReadOnlyBooleanWrapper(this, "exportAvailable", false);

    private final AtomicReference<BatchProgress> latest = new AtomicReference<>();
    private final AtomicBoolean hopPending = new AtomicBoolean();
    private List<ResultRow> allRows = List.of();
    private volatile BatchHandle handle;
    private CompletableFuture<BatchProgress> ended = CompletableFuture.completedFuture(null);
    private boolean loadRunning;
    private boolean loadAgain;
    private long lastLoadNanos;
    private long lastLoadTookNanos;
    private boolean announced;
    private int lastLoadedDone = -1;
    private Optional<Consumer<String>> onExport = Optional.empty();

    public ResultsViewModel(Supplier<BatchService> batches, Supplier<BatchReporter> reports,
                            Supplier<DatasetService> datasets, TaskExecutor tasks, UiThread ui, DialogService dialogs) {
        this.batches = batches;
        this.reports = reports;
        this.datasets = datasets;
        this.tasks = tasks;
        this.ui = ui;
        this.dialogs = dialogs;
        filter.addListener((o, a, b) -> applyFilter());
        compareAnswers.addListener((o, a, b) -> reload());
        currentBatchId.addListener((o, a, b) -> updateExport());
    }

    // Running a batch.

    /** Starts a batch and shows it. One batch runs from the window at a time. */
    public void start(BatchRequest request) {
        if (active.get()) {
            dialogs.notifyWarning("A batch is running", "Pause or cancel it, or wait for it to end, before starting another.");
            return;
        }
        active.set(true);
        stateText.set("Starting…");
        tasks.execute(BackgroundTask.of("Start batch", p -> batches.get().start(request, listener()))
                .onSuccess(this::follow)
                .onFailure(e -> {
                    active.set(false);
                    stateText.set("");
                    dialogs.showError("Batch not started", String.valueOf(e.getMessage()));
                }));
    }

    /** Goes on with a batch that stopped before its end (this session or an earlier one): only what did not finish runs. */
    public void resumeBatch(String batchId) {
        if (active.get()) {
            dialogs.notifyWarning("A batch is running", "Wait for it to end, or pause or cancel it, before resuming another.");
            return;
        }
        active.set(true);
        stateText.set("Resuming…");
        tasks.execute(BackgroundTask.of("Resume batch", p -> batches.get().resume(batchId, Optional.empty(), listener()))
                .onSuccess(this::follow)
                .onFailure(e -> {
                    active.set(false);
                    stateText.set("");
                    dialogs.showError("Batch not resumed", String.valueOf(e.getMessage()));
                    refreshBatches();
                }));
    }

    private BatchListener listener() {
        return new BatchListener() {
            @Override
            public void progress(BatchProgress p) {
                latest.set(p);
                if (hopPending.compareAndSet(false, true)) {
                    ui.run(ResultsViewModel.this::drainProgress);
                }
            }
        };
    }

    private void follow(BatchHandle h) {
        handle = h;
        paused.set(false);
        open(h.batchId());
        CompletableFuture<BatchProgress> end = new CompletableFuture<>();
        ended = end;
        h.finished().whenComplete((p, e) -> ui.run(() -> {
            finishedBatch(h, p, e);
            end.complete(p);
        }));
        refreshBatches();
    }

    private void drainProgress() {
        hopPending.set(false);
        BatchProgress p = latest.get();
        if (p != null) {
            show(p);
        }
    }

    private void show(BatchProgress p) {
        progress.set(p.fraction());
        progressText.set(Formats.count(p.done()) + " / " + Formats.count(p.total()) + " done"
                + (p.failed() > 0 ? " · " + Formats.count(p.failed()) + " failed" : "")
                + (p.running() > 0 ? " · " + p.running() + " running" : ""));
        etaText.set(p.etaMs().isPresent() && p.state() == BatchState.RUNNING
                ? "about " + Formats.millis(p.etaMs().getAsDouble()) + " left" : "");
        costText.set(Formats.usd(p.spentUsd()) + " spent"
                + p.projectedUsd().map(x -> " · " + Formats.usd(x) + " projected").orElse(""));
        String label = stateLabel(p.state());
        stateText.set(label + p.message().filter(m -> !m.isBlank() && p.state() != BatchState.RUNNING
                && !m.equalsIgnoreCase(label)).map(m -> ": " + m).orElse(""));
        paused.set(p.state() == BatchState.PAUSED && handle != null && !handle.finished().isDone());
        // Reading the grid again costs more as the batch grows: never spend more than a fifth of the time on it.
        long wait = Math.max(RELOAD_EVERY_MS * 1_000_000L, 4 * lastLoadTookNanos);
        // A paused batch with nothing in flight sends no more progress: its last change is read at once, or the
        // header and grid would keep an older count than the strip ("36 of 60 runs" beside "41 / 60 done").
        boolean stillNow = p.state() != BatchState.RUNNING && p.running() == 0;
        if (p.batchId().equals(currentBatchId.get()) && p.done() != lastLoadedDone
                && (stillNow || System.nanoTime() - lastLoadNanos >= wait)) {
            reload();
        }
    }

    private static String stateLabel(BatchState s) {
        return switch (s) {
            case RUNNING -> "Running";
            case PAUSED -> "Paused";
            case COMPLETED -> "Completed";
            case CANCELLED -> "Cancelled";
            case BUDGET -> "Stopped at the budget";
            case INTERRUPTED -> "Interrupted";
        };
    }

    private void finishedBatch(BatchHandle h, BatchProgress p, Throwable e) {
        if (handle == h) {
            handle = null;
        }
        active.set(false);
        paused.set(false);
        if (e != null) {
            dialogs.showError("Batch stopped", "The batch stopped with an error: " + e.getMessage()
                    + ". Resume it from the list of batches.");
        } else if (p != null) {
            show(p);
            if (p.state() == BatchState.COMPLETED) {
                dialogs.notify("Batch completed", Formats.count(p.done()) + " runs, " + Formats.count(p.failed())
                        + " failed, " + Formats.usd(p.spentUsd()) + ".");
            } else if (p.state() == BatchState.BUDGET || p.state() == BatchState.PAUSED) {
                dialogs.notifyWarning("Batch stopped", stateText.get() + ". Resume it from the list of batches.");
            }
        }
        if (h.batchId().equals(currentBatchId.get())) {
            reload();
        }
        refreshBatches();
    }

    public void pause() {
        BatchHandle h = handle;
        if (h != null) {
            tasks.execute(BackgroundTask.of("Pause batch", p -> {
                h.pause();
                return null;
            }).onFailure(e -> dialogs.showError("Batch not paused", String.valueOf(e.getMessage()))));
        }
    }

    public void resume() {
        BatchHandle h = handle;
        if (h != null) {
            tasks.execute(BackgroundTask.of("Resume batch", p -> {
                h.resume();
                return null;
            }).onFailure(e -> dialogs.showError("Batch not resumed", String.valueOf(e.getMessage()))));
        }
    }

    /** Stops the running batch: its runs are cancelled, the batch can be resumed later. */
    public void cancel() {
        BatchHandle h = handle;
        if (h != null) {
            h.cancel();
        }
    }

    /** Cancels the running batch as the window closes (resumable at the next start); completes when it stopped. */
    public CompletableFuture<Void> cancelForShutdown() {
        BatchHandle h = handle;
        if (h == null) {
            return CompletableFuture.completedFuture(null);
        }
        h.cancel();
        return h.finished().handle((p, e) -> null);
    }

    /** Completes when the batch started or resumed last has stopped and the screen has taken it in. */
    public CompletableFuture<BatchProgress> ended() {
        return ended;
    }

    // Showing a batch.

    /** Shows a batch's results (read in the background). */
    public void open(String batchId) {
        BatchHandle h = handle;
        if (!active.get() || h == null || !h.batchId().equals(batchId)) {
            // The progress strip belongs to the batch running from this window, not to one opened from the list.
            progressText.set("");
            etaText.set("");
            costText.set("");
            stateText.set(active.get() ? stateText.get() : "");
        }
        currentBatchId.set(batchId);
        selectedRow.set(null);
        lastLoadedDone = -1;
        reload();
    }

    /** Reads the shown batch's results again. */
    public void reload() {
        String id = currentBatchId.get();
        if (id.isEmpty()) {
            return;
        }
        if (loadRunning) {
            loadAgain = true;
            return;
        }
        loadRunning = true;
        loading.set(true);
        long started = System.nanoTime();
        lastLoadNanos = started;
        BatchHandle running = handle;
        // Answers are compared (one embedding each) once the batch stops, not on every read while it runs.
        boolean agreement = compareAnswers.get() && (running == null || !running.batchId().equals(id));
        tasks.execute(BackgroundTask.of("Read batch results", p -> load(id, agreement))
                .onSuccess(l -> {
                    if (id.equals(currentBatchId.get())) {
                        showResults(l);
                    }
                })
                .onFailure(e -> dialogs.showError("Results not read", String.valueOf(e.getMessage())))
                .onFinished(() -> {
                    loadRunning = false;
                    loading.set(false);
                    lastLoadNanos = System.nanoTime();
                    lastLoadTookNanos = lastLoadNanos - started;
                    if (loadAgain) {
                        loadAgain = false;
                        reload();
                    }
                }));
    }

    private record Loaded(BatchResults results, String datasetName, Optional<String> note) {
    }

    private Loaded load(String id, boolean agreement) {
        BatchReporter reporter = reports.get();
        BatchRecord batch = batches.get().find(id).orElseThrow(() -> new IllegalArgumentException("there is no batch " + id));
        int finished = batches.get().finishedCounts().getOrDefault(batch.id(), 0);
        boolean compare = agreement && batch.targets().size() > 1 && finished <= AGREEMENT_LIMIT;
        Optional<String> note = Optional.empty();
        BatchResults r;
        try {
            r = reporter.results(id, compare);
        } catch (RuntimeException e) {
            if (!compare) {
                throw e;
            }
            // Without the embedding model the rest of the results still stand.
            r = reporter.results(id, false);
            note = Optional.of("Answers were not compared between targets: " + e.getMessage());
        }
        if (agreement && batch.targets().size() > 1 && finished > AGREEMENT_LIMIT) {
            note = Optional.of("Answers were not compared between targets: " + Formats.count(finished)
                    + " answers are more than the " + Formats.count(AGREEMENT_LIMIT) + " compared on screen.");
        }
        String name = datasets.get().find(batch.datasetId()).map(DatasetRecord::name).orElse("(deleted dataset)");
        return new Loaded(r, name, note);
    }

    private void showResults(Loaded l) {
        BatchResults r = l.results();
        BatchReport report = r.report();
        results.set(r);
        lastLoadedDone = report.finishedItems();
        title.set(l.datasetName() + " · " + String.join(", ", report.batch().targets()));
        summary.set(Formats.count(report.finishedItems()) + " of " + Formats.count(report.totalItems()) + " runs · "
                + Formats.count(report.rows()) + (report.rows() == 1 ? " row × " : " rows × ") + report.batch().targets().size()
                + (report.batch().targets().size() == 1 ? " target" : " targets")
                + (report.batch().repeat() > 1 ? " × " + report.batch().repeat() + " repeats" : "") + " · "
                + stateLabel(report.state()).toLowerCase(Locale.ROOT) + " · " + Formats.time(report.batch().createdAt()));
        note.set(l.note().orElse(""));
        if (!targetNames.equals(report.batch().targets())) {
            targetNames.setAll(report.batch().targets());
        }
        int selectedNo = selectedRow.get() == null ? -1 : selectedRow.get().rowNo();
        allRows = rows(r);
        applyFilter();
        if (selectedNo >= 0) {
            allRows.stream().filter(x -> x.rowNo() == selectedNo).findFirst().ifPresent(selectedRow::set);
        }
        stats.setAll(report.targets().stream().map(ResultsViewModel::statsRow).toList());
        List<String> v = new ArrayList<>(report.comparisons().stream().map(TargetComparison::verdict).toList());
        if (v.isEmpty() && report.targets().size() < 2) {
            v.add("One target: nothing to compare. Add a second target to see which is faster, cheaper or better.");
        }
        verdicts.setAll(v);
        charts.setAll(charts(r));
    }

    static List<ResultRow> rows(BatchResults r) {
        List<String> targets = r.report().batch().targets();
        Map<Integer, Map<Integer, List<ResultRow.Answer>>> byRow = new HashMap<>();
        for (BatchResults.ScoredItem s : r.items()) {
            byRow.computeIfAbsent(s.item().rowNo(), k -> new TreeMap<>())
                    .computeIfAbsent(s.item().targetIndex(), k -> new ArrayList<>())
                    .add(new ResultRow.Answer(s.item().repeatNo(), s.item().run(), s.checks(), s.passed()));
        }
        Set<Integer> disagreeing = new HashSet<>();
        for (Disagreement d : r.report().disagreements()) {
            disagreeing.add(d.rowNo());
        }
        List<ResultRow> out = new ArrayList<>(r.rows().size());
        for (DatasetRow row : r.rows()) {
            Map<Integer, List<ResultRow.Answer>> answers = byRow.getOrDefault(row.rowNo(), Map.of());
            List<Optional<ResultRow.Cell>> cells = new ArrayList<>(targets.size());
            double slowest = 0;
            for (int t = 0; t < targets.size(); t++) {
                List<ResultRow.Answer> a = answers.get(t);
                if (a == null || a.isEmpty()) {
                    cells.add(Optional.empty());
                    continue;
                }
                a.sort(Comparator.comparingInt(ResultRow.Answer::repeatNo));
                for (ResultRow.Answer x : a) {
                    slowest = Math.max(slowest, x.run().totalMs());
                }
                cells.add(Optional.of(new ResultRow.Cell(targets.get(t), a)));
            }
            out.add(new ResultRow(row.rowNo(), row.line(), row.prompt(), row.expected(), cells, slowest,
                    disagreeing.contains(row.rowNo())));
        }
        return out;
    }

    private void applyFilter() {
        List<ResultRow> shown = switch (filter.get() == null ? Filter.ALL : filter.get()) {
            case ALL -> allRows;
            case FAILED -> allRows.stream().filter(ResultRow::failed).toList();
            case DISAGREEMENTS -> allRows.stream().filter(ResultRow::disagreement).toList();
            case SLOWEST -> allRows.stream().filter(ResultRow::answered)
                    .sorted(Comparator.comparingDouble(ResultRow::slowestMs).reversed()).toList();
        };
        rows.setAll(shown);
    }

    static StatsRow statsRow(TargetStats s) {
        String tokens = Formats.count(s.promptTokens()) + " in · " + Formats.count(s.completionTokens()) + " out";
        String cost = s.costUsd().map(Formats::usd).orElse(Formats.NONE)
                + (s.costUnknownRuns() > 0 ? " (" + s.costUnknownRuns() + " unpriced)" : "");
        StringBuilder perCheck = new StringBuilder();
        new TreeMap<>(s.passRates()).forEach((check, rate) -> {
            if (perCheck.length() > 0) {
                perCheck.append(" · ");
            }
            if (perCheck.length() > 0) {
                perCheck.setLength(perCheck.length() - 3);
                perCheck.append('\n');
            }
            perCheck.append(check).append(": ").append(percent(rate));
        });
        return new StatsRow(s.target(), Formats.count(s.runs()),
                s.runs() == 0 ? Formats.NONE : percent(s.successRate()) + "\n" + s.succeeded() + " of " + s.runs(),
                ms(s.ttftMs().p50()), ms(s.ttftMs().p95()), ms(s.ttftMs().p99()),
                ms(s.totalMs().p50()), ms(s.totalMs().p95()), ms(s.totalMs().p99()),
                tps(s.tokensPerSecond().p50()), tps(s.tokensPerSecond().p95()), tps(s.tokensPerSecond().p99()),
                tokens, cost, s.costPer1000Rows().map(Formats::usd).orElse(Formats.NONE),
                percent(s.passRate()), perCheck.length() == 0 ? Formats.NONE : perCheck.toString());
    }

    /** "412 ms [380–455]": the value and its 95% interval. */
    static String ms(Estimate e) {
        if (!e.isKnown()) {
            return Formats.NONE;
        }
        return Formats.millis(e.value()) + "\n[" + compactMs(e.low()) + "–" + compactMs(e.high()) + "]";
    }

    private static String compactMs(double v) {
        return Formats.millis(v).replace(" ms", "").replace(" s", "s");
    }

    static String tps(Estimate e) {
        if (!e.isKnown()) {
            return Formats.NONE;
        }
        return String.format(Locale.ROOT, "%.1f\n[%.1f–%.1f]", e.value(), e.low(), e.high());
    }

    static String percent(PassRate r) {
        return r.applicable() == 0 ? Formats.NONE : percent(r.rate()) + " (" + r.passed() + " of " + r.applicable() + ")";
    }

    static String percent(double rate) {
        return Double.isNaN(rate) ? Formats.NONE : String.format(Locale.ROOT, "%.0f%%", rate * 100);
    }

    static List<TargetChart> charts(BatchResults r) {
        List<String> targets = r.report().batch().targets();
        List<List<Double>> totals = new ArrayList<>();
        for (int t = 0; t < targets.size(); t++) {
            totals.add(new ArrayList<>());
        }
        for (BatchResults.ScoredItem s : r.items()) {
            RunMetrics run = s.item().run();
            if (run.succeeded() && s.item().targetIndex() < targets.size()) {
                totals.get(s.item().targetIndex()).add(run.totalMs());
            }
        }
        List<TargetChart> out = new ArrayList<>();
        for (int t = 0; t < targets.size(); t++) {
            double[] v = totals.get(t).stream().mapToDouble(Double::doubleValue).toArray();
            Arrays.sort(v);
            Optional<TargetChart.Box> box = v.length == 0 ? Optional.empty() : Optional.of(new TargetChart.Box(v[0],
                    Bootstrap.quantile(v, 0.25), Bootstrap.quantile(v, 0.5), Bootstrap.quantile(v, 0.75), v[v.length - 1]));
            TargetStats s = r.report().targets().get(t);
            Distribution tps = s.tokensPerSecond();
            OptionalDouble cost = s.costPer1000Rows().map(BigDecimal::doubleValue).map(OptionalDouble::of)
                    .orElse(OptionalDouble.empty());
            double quality = s.passRate().applicable() > 0 ? s.passRate().rate() : s.successRate();
            out.add(new TargetChart(targets.get(t), v.length, box,
                    tps.p50().isKnown() ? OptionalDouble.of(tps.p50().value()) : OptionalDouble.empty(), cost,
                    Double.isNaN(quality) ? 0 : quality));
        }
        return out;
    }

    // Past batches.

    /** Reads the list of batches; those that stopped before their end are counted as unfinished. */
    public void refreshBatches() {
        tasks.execute(BackgroundTask.of("List batches", p -> {
                    BatchService service = batches.get();
                    Map<String, Integer> done = service.finishedCounts();
                    Map<String, Optional<DatasetRecord>> sets = new HashMap<>();
                    List<BatchSummary> out = new ArrayList<>();
                    for (BatchRecord b : service.list(200)) {
                        Optional<DatasetRecord> d = sets.computeIfAbsent(b.datasetId(), id -> datasets.get().find(id));
                        BatchState state = BatchState.fromLabel(b.status());
                        boolean here = service.running(b.id()).isPresent();
                        int total = d.map(DatasetRecord::rowCount).orElse(0) * b.targets().size() * b.repeat();
                        out.add(new BatchSummary(b.id(), b.createdAt(), d.map(DatasetRecord::name).orElse("(deleted dataset)"),
                                String.join(", ", b.targets()), here ? "running" : b.status(), done.getOrDefault(b.id(), 0),
                                total, !here && state.isResumable() && d.isPresent(), b.stopReason().orElse("")));
                    }
                    return out;
                })
                .onSuccess(list -> {
                    pastBatches.setAll(list);
                    unfinished.set((int) list.stream().filter(BatchSummary::resumable).count());
                    if (!announced && unfinished.get() > 0) {
                        dialogs.notify("Unfinished batches", (unfinished.get() == 1 ? "A batch" : unfinished.get() + " batches")
                                + " stopped before the end. Resume under Results → Batches: only what did not finish runs.");
                    }
                    announced = true;
                })
                .onFailure(e -> dialogs.showError("Batches not read", String.valueOf(e.getMessage()))));
    }

    // Export hook: the report exporter is wired by the window.

    /** What Export… does with the shown batch's id; the button shows once a handler is set. */
    public void setOnExport(Consumer<String> action) {
        onExport = Optional.of(action);
        updateExport();
    }

    public void export() {
        String id = currentBatchId.get();
        if (!id.isEmpty()) {
            onExport.ifPresent(a -> a.accept(id));
        }
    }

    private void updateExport() {
        exportAvailable.set(onExport.isPresent() && !currentBatchId.get().isEmpty());
    }

    public ReadOnlyBooleanProperty activeProperty() { return active.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty pausedProperty() { return paused.getReadOnlyProperty(); }
    public ReadOnlyDoubleProperty progressProperty() { return progress.getReadOnlyProperty(); }
    public ReadOnlyStringProperty progressTextProperty() { return progressText.getReadOnlyProperty(); }
    public ReadOnlyStringProperty etaTextProperty() { return etaText.getReadOnlyProperty(); }
    public ReadOnlyStringProperty costTextProperty() { return costText.getReadOnlyProperty(); }
    public ReadOnlyStringProperty stateTextProperty() { return stateText.getReadOnlyProperty(); }
    /** The batch on screen (empty when none): what Export… exports. */
    public ReadOnlyStringProperty currentBatchIdProperty() { return currentBatchId.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<BatchResults> resultsProperty() { return results.getReadOnlyProperty(); }
    public ReadOnlyStringProperty titleProperty() { return title.getReadOnlyProperty(); }
    public ReadOnlyStringProperty summaryProperty() { return summary.getReadOnlyProperty(); }
    public ReadOnlyStringProperty noteProperty() { return note.getReadOnlyProperty(); }
    public ObservableList<String> targetNames() { return targetNames; }
    public ObservableList<ResultRow> rows() { return rows; }
    public ObjectProperty<Filter> filterProperty() { return filter; }
    public ObjectProperty<ResultRow> selectedRowProperty() { return selectedRow; }
    public ObservableList<StatsRow> stats() { return stats; }
    public ObservableList<String> verdicts() { return verdicts; }
    public ObservableList<TargetChart> charts() { return charts; }
    public BooleanProperty compareAnswersProperty() { return compareAnswers; }
    public ReadOnlyBooleanProperty loadingProperty() { return loading.getReadOnlyProperty(); }
    public ObservableList<BatchSummary> pastBatches() { return pastBatches; }
    public ReadOnlyIntegerProperty unfinishedProperty() { return unfinished.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty exportAvailableProperty() { return exportAvailable.getReadOnlyProperty(); }
}
