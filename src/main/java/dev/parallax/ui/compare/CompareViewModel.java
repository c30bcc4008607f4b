package dev.parallax.ui.compare;

import dev.parallax.bench.compare.CompareHandle;
import dev.parallax.bench.compare.CompareListener;
import dev.parallax.bench.compare.CompareRequest;
import dev.parallax.bench.compare.CompareService;
import dev.parallax.bench.compare.Comparison;
import dev.parallax.bench.compare.TargetResult;
import dev.parallax.core.GenerationParams;
import dev.parallax.core.RunEvent;
import dev.parallax.core.Target;
import dev.parallax.engine.local.EngineChoice;
import dev.parallax.history.ComparisonRecord;
import dev.parallax.history.RunMetrics;
import dev.parallax.models.LocalModel;
import dev.parallax.ui.base.BackgroundTask;
import dev.parallax.ui.base.DialogService;
import dev.parallax.ui.base.Formats;
import dev.parallax.ui.base.StreamPacer;
import dev.parallax.ui.base.TaskExecutor;
import dev.parallax.ui.base.UiThread;
import dev.parallax.ui.playground.Notice;
import dev.parallax.ui.playground.ParametersViewModel;
import dev.parallax.ui.playground.TargetChoice;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The Compare screen: one prompt on 2–6 targets, streamed side by side. The comparison service calls back on its
 * lane threads; everything it says goes into one queue, and the view calls {@link #onFrame} once per animation
 * frame, which drains the queue and moves each column's new tokens to the screen in one change. At the end the
 * saved {@link Comparison} gives each column its exact figures, statistics over the repeats and badges.
 */
public final class CompareViewModel {

    /** How many past comparisons the list shows. */
    static final int PAST_LIMIT = 50;

    private final Supplier<CompareService> compare;
    private final TaskExecutor tasks;
    private final UiThread ui;
    private final DialogService dialogs;
    private final ParametersViewModel parameters;

    private final ObservableList<TargetChoice> available = FXCollections.observableArrayList();
    private List<TargetChoice> local = List.of();
    private List<TargetChoice> cloud = List.of();
    private final ObservableList<TargetChoice> chosen = FXCollections.observableArrayList();
    private final ObjectProperty<TargetChoice> candidate = new SimpleObjectProperty<>(this, "candidate");
    private final StringProperty systemPrompt = new SimpleStringProperty(this, "systemPrompt", "");
    private final StringProperty prompt = new SimpleStringProperty(this, "prompt", "");
    private final ObjectProperty<Integer> repeat = new SimpleObjectProperty<>(this, "repeat", 1);
    private final BooleanProperty sequential = new SimpleBooleanProperty(this, "sequential", false);
    private final ObjectProperty<EngineChoice> engine = new SimpleObjectProperty<>(this, "engine", EngineChoice.AUTO);

    private final ObservableList<CompareColumn> columns = FXCollections.observableArrayList();
    private final ObservableList<ComparisonRecord> past = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running", false);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyObjectWrapper<Notice> notice = new ReadOnlyObjectWrapper<>(this, "notice");
    private final ReadOnlyBooleanWrapper reopened = new ReadOnlyBooleanWrapper(this, "reopened", false);
    private final ReadOnlyObjectWrapper<Optional<String>> currentComparisonId =
            new ReadOnlyObjectWrapper<>(this, "currentComparisonId", Optional.empty());
    private final ReadOnlyObjectWrapper<Comparison> lastComparison = new ReadOnlyObjectWrapper<>(this, "lastComparison");
    private final ObjectProperty<Consumer<String>> onExport = new SimpleObjectProperty<>(this, "onExport");
    private final BooleanBinding canRun;
    private final BooleanBinding canAdd;
    private final BooleanBinding exportDisabled;

    private Session session;

    public CompareViewModel(Supplier<CompareService> compare, TaskExecutor tasks, UiThread ui, DialogService dialogs,
                            ParametersViewModel parameters) {
        this.compare = compare;
        this.tasks = tasks;
        this.ui = ui;
        this.dialogs = dialogs;
        this.parameters = parameters;
        canRun = Bindings.createBooleanBinding(() -> !running.get() && chosen.size() >= CompareRequest.MIN_TARGETS
                && chosen.size() <= CompareRequest.MAX_TARGETS && !prompt.get().isBlank(), running, chosen, prompt);
        canAdd = Bindings.createBooleanBinding(() -> !running.get() && chosen.size() < CompareRequest.MAX_TARGETS,
                running, chosen);
        exportDisabled = Bindings.createBooleanBinding(() -> running.get() || currentComparisonId.get().isEmpty()
                || onExport.get() == null, running, currentComparisonId, onExport);
    }

    /** The imported models changed. */
    public void setModels(List<LocalModel> models) {
        local = models.stream().map(TargetChoice::of).toList();
        rebuild();
    }

    /** The cloud targets to suggest ({@code provider:model} of ready providers with a known price). */
    public void setCloudTargets(List<Target> suggestions) {
        cloud = suggestions.stream().map(TargetChoice::ofCloud).toList();
        rebuild();
    }

    private void rebuild() {
        List<TargetChoice> all = new ArrayList<>(local);
        all.addAll(cloud);
        available.setAll(all);
        TargetChoice c = candidate.get();
        if (c == null || available.stream().noneMatch(a -> a.target().equals(c.target()))) {
            candidate.set(firstNotChosen().orElse(available.isEmpty() ? null : available.get(0)));
        }
    }

    private Optional<TargetChoice> firstNotChosen() {
        return available.stream().filter(a -> chosen.stream().noneMatch(ch -> ch.target().equals(a.target()))).findFirst();
    }

    /**
     * What the picker's text stands for: a listed entry by name or {@code provider:model}, else the target it parses
     * to (a name without a colon is a local model). An invalid text keeps the current pick and says why.
     */
    public TargetChoice resolve(String text) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) {
            return candidate.get();
        }
        Optional<TargetChoice> listed = available.stream()
                .filter(c -> c.label().equals(t) || c.target().toString().equals(t)).findFirst();
        if (listed.isPresent()) {
            return listed.get();
        }
        try {
            return choiceFor(t.indexOf(':') >= 0 ? Target.parse(t) : Target.local(t));
        } catch (IllegalArgumentException e) {
            notice.set(Notice.danger("Not a target", CompareColumn.capitalize(e.getMessage())));
            return candidate.get();
        }
    }

    private TargetChoice choiceFor(Target target) {
        return available.stream().filter(c -> c.target().equals(target)).findFirst()
                .orElseGet(() -> target.isLocal() ? TargetChoice.ofTarget(target) : TargetChoice.ofCloud(target));
    }

    /** Adds the picked target as a column. */
    public void addCandidate() {
        TargetChoice c = candidate.get();
        if (c == null) {
            notice.set(Notice.danger("Choose a target", "Import a GGUF model in Models, or add a cloud provider in "
                    + "Settings and pick it here (or type provider:model)."));
            return;
        }
        add(c);
    }

    public void add(TargetChoice choice) {
        if (running.get()) {
            return;
        }
        if (chosen.stream().anyMatch(c -> c.target().equals(choice.target()))) {
            notice.set(Notice.warning("Already in the comparison", choice.label() + " has a column already; use Repeat "
                    + "to run a target more than once."));
            return;
        }
        if (chosen.size() >= CompareRequest.MAX_TARGETS) {
            notice.set(Notice.warning("Six targets at most", "Remove a target before adding " + choice.label() + "."));
            return;
        }
        chosen.add(choice);
        notice.set(null);
        firstNotChosen().ifPresent(candidate::set);
    }

    public void remove(TargetChoice choice) {
        if (!running.get()) {
            chosen.remove(choice);
        }
    }

    public void run() {
        if (running.get()) {
            return;
        }
        if (chosen.size() < CompareRequest.MIN_TARGETS) {
            notice.set(Notice.danger("Pick at least two targets", "A comparison takes 2 to 6 targets: add local models "
                    + "or cloud targets with the picker above."));
            return;
        }
        if (prompt.get().isBlank()) {
            notice.set(Notice.danger("Write a prompt", "The prompt is empty."));
            return;
        }
        CompareRequest request;
        try {
            GenerationParams params = parameters.toParams();
            Optional<String> system = Optional.of(systemPrompt.get()).filter(s -> !s.isBlank());
            request = new CompareRequest(prompt.get(), system, chosen.stream().map(TargetChoice::target).toList(),
                    repeat.get() == null ? 1 : repeat.get(), sequential.get(), params, engine.get());
        } catch (IllegalArgumentException e) {
            notice.set(Notice.danger("Check the comparison", CompareColumn.capitalize(e.getMessage())));
            return;
        }
        List<CompareColumn> fresh = new ArrayList<>();
        for (int t = 0; t < request.targets().size(); t++) {
            fresh.add(new CompareColumn(t, chosen.get(t).label(), request.targets().get(t).isLocal(), request.repeat()));
        }
        placeInOrder(fresh, request);
        Session s = new Session(request, fresh);
        session = s;
        columns.setAll(fresh);
        notice.set(null);
        reopened.set(false);
        currentComparisonId.set(Optional.empty());
        lastComparison.set(null);
        status.set("Starting…");
        running.set(true);
        tasks.execute(BackgroundTask.of("Start comparison", p -> compare.get().start(request, s))
                .onSuccess(handle -> started(s, handle))
                .onFailure(e -> startFailed(s, e)));
    }

    /** Tells each column when it runs: local targets queue one after another, cloud ones run alongside. */
    static void placeInOrder(List<CompareColumn> cols, CompareRequest request) {
        int n = cols.size();
        if (request.sequential()) {
            for (int i = 0; i < n; i++) {
                cols.get(i).setOrder("Sequential · " + ordinal(i + 1) + " of " + n,
                        i == 0 ? "Starting…" : "Waiting for " + cols.get(i - 1).target());
            }
            return;
        }
        List<CompareColumn> locals = cols.stream().filter(CompareColumn::isLocal).toList();
        for (int i = 0; i < locals.size(); i++) {
            locals.get(i).setOrder(locals.size() == 1 ? "Local · runs alongside the cloud"
                            : "Local queue · " + ordinal(i + 1) + " of " + locals.size(),
                    i == 0 ? "Starting…" : "Waiting for " + locals.get(i - 1).target());
        }
        cols.stream().filter(c -> !c.isLocal()).forEach(c -> c.setOrder("Cloud · runs concurrently", "Starting…"));
    }

    private static String ordinal(int n) {
        return n + switch (n % 100 >= 11 && n % 100 <= 13 ? 0 : n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
    }

    private void started(Session s, CompareHandle handle) {
        s.handle = handle;
        if (s.stopRequested) {
            handle.cancel();
        }
        status.set("Running " + s.request.targets().size() + " targets" + (s.request.repeat() > 1
                ? " × " + s.request.repeat() + " runs" : "") + "…");
        handle.result().whenComplete((comparison, error) -> {
            if (error != null) {
                s.ended.completeExceptionally(error);
            } else {
                s.ended.complete(comparison);
            }
            ui.run(() -> finish(s, comparison, error));
        });
    }

    private void startFailed(Session s, Exception e) {
        s.ended.complete(null);
        if (session != s) {
            return;
        }
        session = null;
        running.set(false);
        status.set("Not started");
        s.columns.forEach(CompareColumn::endIfOpen);
        notice.set(Notice.danger("Could not start the comparison", CompareColumn.capitalize(messageOf(e))));
    }

    /** Stops every run; what finished is kept and the comparison is saved with it. */
    public void stop() {
        Session s = session;
        if (s == null) {
            return;
        }
        s.stopRequested = true;
        status.set("Stopping…");
        CompareHandle h = s.handle;
        if (h != null) {
            h.cancel();
        }
    }

    /** For closing the window: cancels and returns when the comparison was saved (at once when none is going). */
    public CompletableFuture<?> stopForShutdown() {
        Session s = session;
        if (s == null) {
            return CompletableFuture.completedFuture(null);
        }
        s.stopRequested = true;
        CompareHandle h = s.handle;
        if (h != null) {
            h.cancel();
        }
        return s.ended;
    }

    /** Called once per animation frame while a comparison runs: moves what arrived to the columns, in batches. */
    public void onFrame(long nowNanos) {
        Session s = session;
        if (s == null) {
            return;
        }
        // Ten times a second, not every frame: the columns' layout would take CPU from the models being measured.
        if (!s.pacer.due(nowNanos)) {
            return;
        }
        drain(s);
        // The clocks tick ten times a second: redrawing them every frame would only take CPU from the models.
        if (nowNanos - s.lastClock >= 100_000_000L) {
            s.lastClock = nowNanos;
            s.columns.forEach(c -> c.tick(nowNanos));
        }
    }

    private void drain(Session s) {
        Map<Integer, Batch> batches = new HashMap<>();
        Update u;
        while ((u = s.updates.poll()) != null) {
            CompareColumn col = s.columns.get(u.target());
            if (u instanceof Update.Event ev) {
                col.beginRepeatIfNew(ev.repeatNo(), ev.event().nanos());
                if (ev.event() instanceof RunEvent.Token t && !t.text().isEmpty()) {
                    batches.computeIfAbsent(u.target(), k -> new Batch(t.nanos())).add(t);
                } else if (ev.event() instanceof RunEvent.Started) {
                    col.modelLoading();
                }
            } else if (u instanceof Update.Started st) {
                col.started(st.repeatNo(), st.nanos());
            } else if (u instanceof Update.Finished f) {
                flush(s, batches, f.target());
                col.runFinished(f.repeatNo(), f.metrics());
            } else if (u instanceof Update.Refused r) {
                flush(s, batches, r.target());
                col.refused(r.reason());
            }
        }
        for (Integer t : List.copyOf(batches.keySet())) {
            flush(s, batches, t);
        }
    }

    private static void flush(Session s, Map<Integer, Batch> batches, int target) {
        Batch b = batches.remove(target);
        if (b != null) {
            s.columns.get(target).append(b.text.toString(), b.count, b.first, b.last);
        }
    }

    private void finish(Session s, Comparison comparison, Throwable error) {
        if (session != s) {
            return;
        }
        drain(s);
        session = null;
        running.set(false);
        if (error != null || comparison == null) {
            s.columns.forEach(CompareColumn::endIfOpen);
            status.set("Not saved");
            notice.set(Notice.danger("The comparison was not saved", CompareColumn.capitalize(messageOf(error))));
            return;
        }
        for (TargetResult r : comparison.targets()) {
            s.columns.get(r.index()).applyResult(r);
        }
        s.columns.forEach(CompareColumn::endIfOpen);
        lastComparison.set(comparison);
        currentComparisonId.set(Optional.of(comparison.id()));
        long failed = s.columns.stream().filter(c -> c.stateProperty().get() != CompareColumn.State.DONE).count();
        status.set("Saved " + comparison.id().substring(0, 8) + (s.stopRequested ? " · stopped" : "")
                + (failed > 0 ? " · " + failed + " of " + s.columns.size() + " without an answer" : ""));
        refreshPast();
    }

    /** Reloads the past comparisons list, newest first. */
    public void refreshPast() {
        tasks.execute(BackgroundTask.of("List comparisons", p -> compare.get().list(PAST_LIMIT))
                .onSuccess(past::setAll)
                .onFailure(e -> dialogs.showError("Past comparisons not read", messageOf(e))));
    }

    /** Reopens a saved comparison, read-only, into the columns, with its prompts and targets in the form. */
    public void open(ComparisonRecord record) {
        if (running.get()) {
            notice.set(Notice.warning("A comparison is running", "Stop it first to open another one."));
            return;
        }
        tasks.execute(BackgroundTask.of("Open comparison", p -> compare.get().open(record.id())
                        .orElseThrow(() -> new IllegalStateException("comparison " + record.id().substring(0, 8)
                                + " is no longer in History")))
                .onSuccess(this::show)
                .onFailure(e -> dialogs.showError("Comparison not opened", CompareColumn.capitalize(messageOf(e)))));
    }

    private void show(Comparison c) {
        if (running.get()) {
            return;
        }
        List<CompareColumn> cols = new ArrayList<>();
        List<TargetChoice> targets = new ArrayList<>();
        for (TargetResult r : c.targets()) {
            Target target = parseOrLocal(r.target());
            TargetChoice choice = choiceFor(target);
            targets.add(choice);
            CompareColumn col = new CompareColumn(r.index(), choice.label(), target.isLocal(), c.repeat());
            col.applyResult(r);
            col.endIfOpen();
            cols.add(col);
        }
        columns.setAll(cols);
        chosen.setAll(targets);
        prompt.set(c.prompt());
        systemPrompt.set(c.system().orElse(""));
        repeat.set(c.repeat());
        sequential.set(c.sequential());
        notice.set(null);
        reopened.set(true);
        lastComparison.set(c);
        currentComparisonId.set(Optional.of(c.id()));
        status.set("Saved comparison of " + Formats.time(c.createdAt()) + " · read-only; Run makes a new one");
    }

    private static Target parseOrLocal(String text) {
        try {
            return Target.parse(text);
        } catch (IllegalArgumentException e) {
            return Target.local(text);
        }
    }

    /** Hands the shown comparison's id to the export handler (the report exporter). */
    public void export() {
        Consumer<String> handler = onExport.get();
        currentComparisonId.get().ifPresent(id -> {
            if (handler != null && !running.get()) {
                handler.accept(id);
            }
        });
    }

    private static String messageOf(Throwable e) {
        if (e == null) {
            return "no reason was given";
        }
        Throwable t = e;
        while ((t.getMessage() == null || t.getMessage().isBlank()) && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** What the service said, queued on its threads and applied on the UI thread. */
    private sealed interface Update {
        int target();

        record Event(int target, int repeatNo, RunEvent event) implements Update { }

        record Started(int target, int repeatNo, long nanos) implements Update { }

        record Finished(int target, int repeatNo, RunMetrics metrics) implements Update { }

        record Refused(int target, String reason) implements Update { }
    }

    /** One column's tokens of one frame. */
    private static final class Batch {
        final StringBuilder text = new StringBuilder();
        final long first;
        long last;
        int count;

        Batch(long first) {
            this.first = first;
        }

        void add(RunEvent.Token t) {
            text.append(t.text());
            last = t.nanos();
            count++;
        }
    }

    /** One comparison, from the click on Run to its saved result; the service's listener. */
    private static final class Session implements CompareListener {
        final CompareRequest request;
        final List<CompareColumn> columns;
        final ConcurrentLinkedQueue<Update> updates = new ConcurrentLinkedQueue<>();
        final CompletableFuture<Comparison> ended = new CompletableFuture<>();
        volatile CompareHandle handle;
        volatile boolean stopRequested;
        long lastClock;
        final StreamPacer pacer = new StreamPacer();

        Session(CompareRequest request, List<CompareColumn> columns) {
            this.request = request;
            this.columns = List.copyOf(columns);
        }

        @Override
        public void runStarted(int targetIndex, int repeatNo, String runId) {
            updates.add(new Update.Started(targetIndex, repeatNo, System.nanoTime()));
        }

        @Override
        public void event(int targetIndex, int repeatNo, RunEvent event) {
            updates.add(new Update.Event(targetIndex, repeatNo, event));
        }

        @Override
        public void runFinished(int targetIndex, int repeatNo, RunMetrics run) {
            updates.add(new Update.Finished(targetIndex, repeatNo, run));
        }

        @Override
        public void refused(int targetIndex, String reason) {
            updates.add(new Update.Refused(targetIndex, reason));
        }
    }

    public ParametersViewModel parameters() { return parameters; }
    public ObservableList<TargetChoice> available() { return available; }
    public ObservableList<TargetChoice> chosen() { return chosen; }
    public ObjectProperty<TargetChoice> candidateProperty() { return candidate; }
    public StringProperty systemPromptProperty() { return systemPrompt; }
    public StringProperty promptProperty() { return prompt; }
    public ObjectProperty<Integer> repeatProperty() { return repeat; }
    public BooleanProperty sequentialProperty() { return sequential; }
    public ObjectProperty<EngineChoice> engineProperty() { return engine; }
    public ObservableList<CompareColumn> columns() { return columns; }
    public ObservableList<ComparisonRecord> past() { return past; }
    public ReadOnlyBooleanProperty runningProperty() { return running.getReadOnlyProperty(); }
    public boolean isRunning() { return running.get(); }
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<Notice> noticeProperty() { return notice.getReadOnlyProperty(); }
    /** True while the columns show a reopened, saved comparison rather than one just run. */
    public ReadOnlyBooleanProperty reopenedProperty() { return reopened.getReadOnlyProperty(); }
    /** The saved comparison the columns show: the one just run, or one reopened; empty while none is saved. */
    public ReadOnlyObjectProperty<Optional<String>> currentComparisonIdProperty() { return currentComparisonId.getReadOnlyProperty(); }
    public Optional<String> currentComparisonId() { return currentComparisonId.get(); }
    public ReadOnlyObjectProperty<Comparison> lastComparisonProperty() { return lastComparison.getReadOnlyProperty(); }
    /** What the "Export…" button does with the shown comparison's id; the button stays hidden while this is unset. */
    public ObjectProperty<Consumer<String>> onExportProperty() { return onExport; }
    public void setOnExport(Consumer<String> handler) { onExport.set(handler); }
    public BooleanBinding canRunBinding() { return canRun; }
    public BooleanBinding canAddBinding() { return canAdd; }
    /** True while there is nothing saved to export (or a comparison runs, or no exporter is wired). */
    public BooleanBinding exportDisabledBinding() { return exportDisabled; }
}
