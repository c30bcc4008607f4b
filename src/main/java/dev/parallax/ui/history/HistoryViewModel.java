package dev.parallax.ui.history;

import dev.parallax.core.RunStatus;
import dev.parallax.history.HistoryQuery;
import dev.parallax.history.RunRecord;
import dev.parallax.history.RunRepository;
import dev.parallax.ui.base.BackgroundTask;
import dev.parallax.ui.base.DialogService;
import dev.parallax.ui.base.Formats;
import dev.parallax.ui.base.TaskExecutor;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Every stored run, newest first, read lazily page by page; filters by text, target, status and date;
 * the details of the selected run; re-run and delete.
 */
public final class HistoryViewModel {

    public static final String ALL_TARGETS = "All targets";
    public static final String ANY_STATUS = "Any status";

    private final Supplier<RunRepository> repository;
    private final TaskExecutor tasks;
    private final DialogService dialogs;

    private final StringProperty text = new SimpleStringProperty(this, "text", "");
    private final ObservableList<String> targetChoices = FXCollections.observableArrayList(ALL_TARGETS);
    private final StringProperty target = new SimpleStringProperty(this, "target", ALL_TARGETS);
    private final ObservableList<String> statusChoices = FXCollections.observableArrayList();
    private final StringProperty status = new SimpleStringProperty(this, "status", ANY_STATUS);
    private final ObjectProperty<LocalDate> from = new SimpleObjectProperty<>(this, "from");
    private final ObjectProperty<LocalDate> until = new SimpleObjectProperty<>(this, "until");

    private final ReadOnlyObjectWrapper<LazyRunList> rows = new ReadOnlyObjectWrapper<>(this, "rows", LazyRunList.empty());
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading", false);
    private final ObjectProperty<HistoryRow> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyObjectWrapper<RunRecord> details = new ReadOnlyObjectWrapper<>(this, "details");

    private final ObservableList<String> selectedRunIds = FXCollections.observableArrayList();
    private Consumer<List<String>> export = ids -> { };
    private Consumer<RunRecord> openInPlayground = r -> { };
    private Consumer<RunRecord> runAgain = r -> { };
    private int generation;
    private boolean updatingChoices;

    public HistoryViewModel(Supplier<RunRepository> repository, TaskExecutor tasks, DialogService dialogs) {
        this.repository = repository;
        this.tasks = tasks;
        this.dialogs = dialogs;
        statusChoices.add(ANY_STATUS);
        Arrays.stream(RunStatus.values()).map(RunStatus::label).forEach(statusChoices::add);
        text.addListener((o, a, b) -> refresh());
        target.addListener((o, a, b) -> {
            if (!updatingChoices) {
                refresh();
            }
        });
        status.addListener((o, a, b) -> refresh());
        from.addListener((o, a, b) -> refresh());
        until.addListener((o, a, b) -> refresh());
        selected.addListener((o, a, row) -> details.set(row == null ? null : row.run().orElse(null)));
    }

    /** What the filters ask for, as a repository query. */
    HistoryQuery query() {
        HistoryQuery q = HistoryQuery.all().withText(text.get());
        if (target.get() != null && !ALL_TARGETS.equals(target.get())) {
            q = q.withTarget(target.get());
        }
        if (status.get() != null && !ANY_STATUS.equals(status.get())) {
            q = q.withStatus(RunStatus.fromLabel(status.get()));
        }
        ZoneId zone = ZoneId.systemDefault();
        return q.between(from.get() == null ? null : from.get().atStartOfDay(zone).toInstant(),
                until.get() == null ? null : until.get().plusDays(1).atStartOfDay(zone).toInstant());
    }

    private record Counted(long count, List<String> targets) {
    }

    /** Counts the matching runs (off the UI thread) and starts a fresh lazily read list. */
    public void refresh() {
        HistoryQuery q = query();
        int g = ++generation;
        loading.set(true);
        tasks.execute(BackgroundTask.of("Count runs", p -> {
                    RunRepository repo = repository.get();
                    return new Counted(repo.count(q), repo.targets());
                })
                .onSuccess(c -> {
                    if (g != generation) {
                        return;
                    }
                    error.set("");
                    updateTargets(c.targets());
                    String selectedId = details.get() == null ? null : details.get().id();
                    rows.set(new LazyRunList((query, offset, limit) -> repository.get().page(query, offset, limit), q, c.count(),
                            tasks, error::set));
                    summary.set(Formats.count(c.count()) + (c.count() == 1 ? " run" : " runs"));
                    selected.set(null);
                    if (selectedId != null) {
                        reselect(selectedId);
                    }
                })
                .onFailure(e -> {
                    if (g == generation) {
                        error.set("Could not read the history: " + e.getMessage());
                    }
                })
                .onFinished(() -> {
                    if (g == generation) {
                        loading.set(false);
                    }
                }));
    }

    private void updateTargets(List<String> targets) {
        String keep = target.get();
        List<String> choices = new ArrayList<>();
        choices.add(ALL_TARGETS);
        choices.addAll(targets);
        if (keep != null && !choices.contains(keep)) {
            choices.add(keep);
        }
        if (!choices.equals(targetChoices)) {
            // A combo box clears its value when its items are replaced; the filter itself has not changed.
            updatingChoices = true;
            try {
                targetChoices.setAll(choices);
                target.set(keep == null ? ALL_TARGETS : keep);
            } finally {
                updatingChoices = false;
            }
        }
    }

    /** The details stay on the run that was selected, if it is still among the first page. */
    private void reselect(String id) {
        LazyRunList list = rows.get();
        for (int i = 0; i < Math.min(list.size(), LazyRunList.PAGE_SIZE); i++) {
            Optional<RunRecord> r = list.peek(i);
            if (r.isPresent() && r.get().id().equals(id)) {
                selected.set(new HistoryRow(i, r));
                return;
            }
        }
    }

    public void clearFilters() {
        text.set("");
        target.set(ALL_TARGETS);
        status.set(ANY_STATUS);
        from.set(null);
        until.set(null);
    }

    public void openSelectedInPlayground() {
        Optional.ofNullable(details.get()).ifPresent(openInPlayground);
    }

    public void runSelectedAgain() {
        Optional.ofNullable(details.get()).ifPresent(runAgain);
    }

    public void deleteSelected() {
        RunRecord r = details.get();
        if (r == null) {
            return;
        }
        if (!dialogs.confirm("Delete this run?", "The run of " + Formats.time(r.createdAt()) + " on " + r.target()
                + " is removed from History for good.", "Delete")) {
            return;
        }
        tasks.execute(BackgroundTask.of("Delete run", p -> repository.get().delete(r.id()))
                .onSuccess(deleted -> {
                    details.set(null);
                    refresh();
                })
                .onFailure(e -> dialogs.showError("Could not delete the run", e.getMessage())));
    }

    public void setOnOpenInPlayground(Consumer<RunRecord> action) {
        this.openInPlayground = action;
    }

    public void setOnRunAgain(Consumer<RunRecord> action) {
        this.runAgain = action;
    }

    public StringProperty textProperty() { return text; }
    public ObservableList<String> targetChoices() { return targetChoices; }
    public StringProperty targetProperty() { return target; }
    public ObservableList<String> statusChoices() { return statusChoices; }
    public StringProperty statusProperty() { return status; }
    public ObjectProperty<LocalDate> fromProperty() { return from; }
    public ObjectProperty<LocalDate> untilProperty() { return until; }
    public ReadOnlyObjectProperty<LazyRunList> rowsProperty() { return rows.getReadOnlyProperty(); }
    public ReadOnlyStringProperty summaryProperty() { return summary.getReadOnlyProperty(); }
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty loadingProperty() { return loading.getReadOnlyProperty(); }
    public ObjectProperty<HistoryRow> selectedProperty() { return selected; }
    public ReadOnlyObjectProperty<RunRecord> detailsProperty() { return details.getReadOnlyProperty(); }

    /** The ids of the runs selected in the table (the view keeps it up to date): what Export… reports on. */
    public ObservableList<String> selectedRunIds() {
        return selectedRunIds;
    }

    /** Called with the selected runs when the user asks to export them. */
    public void setOnExport(Consumer<List<String>> action) {
        this.export = action;
    }

    /** Exports the selected runs; says what to do when none is selected. */
    public void exportSelected() {
        if (selectedRunIds.isEmpty()) {
            dialogs.notifyWarning("Nothing to export", "Select one or more runs first (Shift or Ctrl + click).");
            return;
        }
        export.accept(List.copyOf(selectedRunIds));
    }
}
