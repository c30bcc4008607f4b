package dev.parallax.ui.datasets;

import dev.parallax.bench.dataset.ColumnMapping;
import dev.parallax.bench.dataset.DatasetFormat;
import dev.parallax.bench.dataset.DatasetImport;
import dev.parallax.bench.dataset.DatasetPreview;
import dev.parallax.bench.dataset.DatasetService;
import dev.parallax.bench.dataset.NotADatasetException;
import dev.parallax.history.DatasetRecord;
import dev.parallax.history.DatasetRow;
import dev.parallax.history.SkippedRow;
import dev.parallax.ui.base.BackgroundTask;
import dev.parallax.ui.base.DialogService;
import dev.parallax.ui.base.Formats;
import dev.parallax.ui.base.TaskExecutor;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The Datasets screen: a file dropped or opened is previewed (format, encoding, columns, first rows as they would
 * run, rows that cannot be read with their line numbers); the columns are mapped to roles (prompt or a
 * {@code {{variables}}} template, system, expected answer, tags, checks); the import runs in the background with
 * progress and can be cancelled; imported datasets are listed and can be deleted.
 */
public final class DatasetsViewModel {

    /** The column choice that lets the importer find the column by its usual names. */
    public static final String AUTOMATIC = "(auto)";
    public static final int PREVIEW_ROWS = 20;

    private final Supplier<DatasetService> service;
    private final TaskExecutor tasks;
    private final DialogService dialogs;

    private final ReadOnlyObjectWrapper<Path> file = new ReadOnlyObjectWrapper<>(this, "file");
    private final ReadOnlyObjectWrapper<DatasetPreview> preview = new ReadOnlyObjectWrapper<>(this, "preview");
    private final ReadOnlyStringWrapper fileSummary = new ReadOnlyStringWrapper(this, "fileSummary", "");
    private final ReadOnlyStringWrapper mappingSummary = new ReadOnlyStringWrapper(this, "mappingSummary", "");
    private final ReadOnlyStringWrapper mappingProblem = new ReadOnlyStringWrapper(this, "mappingProblem", "");
    private final ObservableList<String> columnChoices = FXCollections.observableArrayList(AUTOMATIC);
    private final ObservableList<String> previewColumns = FXCollections.observableArrayList();
    private final ObservableList<DatasetRow> previewRows = FXCollections.observableArrayList();
    private final ObservableList<SkippedRow> badRows = FXCollections.observableArrayList();
    private final StringProperty prompt = new SimpleStringProperty(this, "prompt", AUTOMATIC);
    private final StringProperty system = new SimpleStringProperty(this, "system", AUTOMATIC);
    private final StringProperty expected = new SimpleStringProperty(this, "expected", AUTOMATIC);
    private final StringProperty tags = new SimpleStringProperty(this, "tags", AUTOMATIC);
    private final StringProperty checks = new SimpleStringProperty(this, "checks", AUTOMATIC);
    private final StringProperty template = new SimpleStringProperty(this, "template", "");
    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final ReadOnlyBooleanWrapper previewing = new ReadOnlyBooleanWrapper(this, "previewing", false);
    private final ReadOnlyBooleanWrapper importing = new ReadOnlyBooleanWrapper(this, "importing", false);
    private final ReadOnlyDoubleWrapper importProgress = new ReadOnlyDoubleWrapper(this, "importProgress", -1);
    private final ReadOnlyStringWrapper importMessage = new ReadOnlyStringWrapper(this, "importMessage", "");
    private final ObservableList<DatasetRecord> datasets = FXCollections.observableArrayList();
    private final ObjectProperty<DatasetRecord> selected = new SimpleObjectProperty<>(this, "selected");

    private Consumer<DatasetRecord> onImported = d -> { };
    private BackgroundTask<DatasetImport> currentImport;
    private CompletableFuture<Void> importEnded = CompletableFuture.completedFuture(null);
    private int previewGeneration;
    private boolean resetting;

    public DatasetsViewModel(Supplier<DatasetService> service, TaskExecutor tasks, DialogService dialogs) {
        this.service = service;
        this.tasks = tasks;
        this.dialogs = dialogs;
        for (StringProperty p : List.of(prompt, system, expected, tags, checks, template)) {
            p.addListener((o, a, b) -> {
                if (!resetting && file.get() != null) {
                    refreshPreview();
                }
            });
        }
    }

    /** True for the file names a dataset comes in (csv, tsv, jsonl, json, txt, xlsx...). */
    public static boolean isDatasetFile(Path file) {
        return DatasetFormat.byExtension(String.valueOf(file.getFileName())).isPresent();
    }

    /** Files dropped on the window or the screen: the first is previewed; one dataset is imported at a time. */
    public void openFiles(List<Path> files) {
        if (files.isEmpty()) {
            return;
        }
        if (files.size() > 1) {
            dialogs.notifyWarning("One dataset at a time", "Showing " + files.get(0).getFileName()
                    + "; drop the other files after importing it.");
        }
        open(files.get(0));
    }

    /** The "Open…" button. */
    public void chooseFile() {
        dialogs.chooseDatasetFile().ifPresent(this::open);
    }

    /** Previews a file with an automatic mapping. */
    public void open(Path path) {
        if (importing.get()) {
            dialogs.notifyWarning("An import is running", "Wait for it to finish or cancel it, then open "
                    + path.getFileName() + " again.");
            return;
        }
        resetting = true;
        try {
            for (StringProperty p : List.of(prompt, system, expected, tags, checks)) {
                p.set(AUTOMATIC);
            }
            template.set("");
            // The file's name, as `parallax datasets import` and `bench --dataset` name it: the same file imported
            // both ways is then one dataset (it is reused by content, name and mapping).
            name.set(String.valueOf(path.getFileName()));
        } finally {
            resetting = false;
        }
        file.set(path);
        refreshPreview();
    }

    /** Closes the preview without importing. */
    public void discard() {
        previewGeneration++;
        file.set(null);
        preview.set(null);
        previewRows.clear();
        previewColumns.clear();
        badRows.clear();
        columnChoices.setAll(AUTOMATIC);
        fileSummary.set("");
        mappingProblem.set("");
        mappingSummary.set("");
        previewing.set(false);
    }

    /** The mapping the controls describe. */
    public ColumnMapping mapping() {
        return ColumnMapping.auto().withPrompt(column(prompt)).withSystem(column(system)).withExpected(column(expected))
                .withTags(column(tags)).withChecks(column(checks))
                .withTemplate(template.get() == null || template.get().isBlank() ? null : template.get());
    }

    private static String column(StringProperty p) {
        String v = p.get();
        return v == null || v.isBlank() || AUTOMATIC.equals(v) ? null : v;
    }

    private record Previewed(DatasetPreview preview, String encoding) {
    }

    /** Reads the file's first rows again with the current mapping (off the UI thread; a newer read wins). */
    public void refreshPreview() {
        Path f = file.get();
        if (f == null) {
            return;
        }
        ColumnMapping m = mapping();
        int g = ++previewGeneration;
        previewing.set(true);
        tasks.execute(BackgroundTask.of("Preview dataset", p -> {
                    DatasetService s = service.get();
                    DatasetPreview pv = s.preview(f, m, PREVIEW_ROWS);
                    return new Previewed(pv, s.encoding(f, pv.format()));
                })
                .onSuccess(r -> {
                    if (g == previewGeneration) {
                        showPreview(r);
                    }
                })
                .onFailure(e -> {
                    if (g != previewGeneration) {
                        return;
                    }
                    Path shown = file.get();
                    discard();
                    if (e instanceof NotADatasetException) {
                        dialogs.showError("Not a dataset", e.getMessage());
                    } else if (e instanceof IOException) {
                        dialogs.showError("File not read", "Parallax could not read " + shown + ": " + e.getMessage());
                    } else {
                        dialogs.showError("Preview failed", String.valueOf(e.getMessage()));
                    }
                })
                .onFinished(() -> {
                    if (g == previewGeneration) {
                        previewing.set(false);
                    }
                }));
    }

    private void showPreview(Previewed r) {
        DatasetPreview pv = r.preview();
        preview.set(pv);
        List<String> choices = new ArrayList<>();
        choices.add(AUTOMATIC);
        choices.addAll(pv.columns());
        if (!columnChoices.equals(choices)) {
            resetting = true;
            try {
                List<String> kept = new ArrayList<>();
                for (StringProperty p : List.of(prompt, system, expected, tags, checks)) {
                    kept.add(p.get());
                }
                columnChoices.setAll(choices);
                // A combo box bound to a role may have lost its value while its items were replaced.
                List<StringProperty> roles = List.of(prompt, system, expected, tags, checks);
                for (int i = 0; i < roles.size(); i++) {
                    String v = kept.get(i);
                    roles.get(i).set(v != null && choices.contains(v) ? v : AUTOMATIC);
                }
            } finally {
                resetting = false;
            }
        }
        mappingSummary.set(describe(pv.mapping()));
        previewColumns.setAll(pv.columns());
        previewRows.setAll(pv.rows());
        badRows.setAll(pv.skipped());
        mappingProblem.set(pv.mappingProblem().orElse(""));
        fileSummary.set(pv.format().label().toUpperCase(java.util.Locale.ROOT) + " · " + r.encoding() + " · "
                + pv.columns().size() + (pv.columns().size() == 1 ? " column" : " columns") + " · first "
                + pv.rows().size() + " rows shown"
                + (pv.skipped().isEmpty() ? "" : " · " + pv.skipped().size() + " unreadable among the first rows"));
    }

    static String describe(java.util.Map<String, String> mapping) {
        List<String> parts = new ArrayList<>();
        if (mapping.containsKey("template")) {
            parts.add("prompt from the template");
        } else if (mapping.containsKey("prompt")) {
            parts.add("prompt from “" + mapping.get("prompt") + "”");
        }
        for (String role : List.of("system", "expected", "tags", "checks")) {
            if (mapping.containsKey(role)) {
                String what = switch (role) {
                    case "system" -> "system prompt";
                    case "expected" -> "expected answer";
                    default -> role;
                };
                parts.add(what + " from “" + mapping.get(role) + "”");
            }
        }
        if (parts.isEmpty()) {
            return "";
        }
        String s = String.join(" · ", parts);
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** Imports the previewed file with the current mapping, in the background. */
    public void importFile() {
        Path f = file.get();
        if (f == null) {
            dialogs.showError("No file", "Drop a dataset file on the window or choose one with Open… first.");
            return;
        }
        if (!mappingProblem.get().isEmpty()) {
            dialogs.showError("Map the columns first", mappingProblem.get());
            return;
        }
        if (importing.get()) {
            return;
        }
        ColumnMapping m = mapping();
        Optional<String> datasetName = Optional.ofNullable(name.get()).filter(n -> !n.isBlank());
        CompletableFuture<Void> ended = new CompletableFuture<>();
        BackgroundTask<DatasetImport> task = BackgroundTask.of("Import dataset", p -> {
            try {
                p.message("Importing " + f.getFileName());
                return service.get().importFile(f, m, datasetName, p);
            } finally {
                ended.complete(null);
            }
        });
        currentImport = task;
        importEnded = ended;
        importProgress.bind(task.progressProperty());
        importMessage.bind(task.messageProperty());
        importing.set(true);
        task.onSuccess(done -> {
                    DatasetRecord d = done.dataset();
                    discard();
                    if (done.reused()) {
                        dialogs.notify("Dataset already imported", d.name() + " was imported before from the same file"
                                + " with the same columns: that dataset (" + Formats.count(d.rowCount()) + " rows) is"
                                + " selected instead of a copy.");
                    } else {
                        dialogs.notify("Dataset imported", d.name() + ": " + Formats.count(d.rowCount()) + " rows"
                                + skippedNote(d) + " in " + Formats.millis(done.elapsedMs()) + ".");
                    }
                    refresh(Optional.of(d.id()));
                    onImported.accept(d);
                })
                .onFailure(e -> dialogs.showError(e instanceof NotADatasetException ? "Not a dataset" : "Import failed",
                        String.valueOf(e.getMessage())))
                .onCancelled(() -> dialogs.notify("Import cancelled", f.getFileName() + " was not imported."))
                .onFinished(() -> {
                    importProgress.unbind();
                    importMessage.unbind();
                    importProgress.set(-1);
                    importMessage.set("");
                    importing.set(false);
                    currentImport = null;
                });
        tasks.execute(task);
    }

    private static String skippedNote(DatasetRecord d) {
        long lines = d.skipped().stream().filter(s -> s.line() >= 0).count();
        if (lines == 0) {
            return "";
        }
        SkippedRow first = d.skipped().get(0);
        return " (" + d.skipped().size() + " skipped; line " + first.line() + ": " + first.reason() + ")";
    }

    public void cancelImport() {
        BackgroundTask<DatasetImport> t = currentImport;
        if (t != null) {
            t.cancel();
        }
    }

    /** Cancels an import as the window closes; completes when it stopped. */
    public CompletableFuture<Void> cancelImportForShutdown() {
        cancelImport();
        return importEnded;
    }

    /** Reads the list of imported datasets. */
    public void refresh() {
        refresh(Optional.ofNullable(selected.get()).map(DatasetRecord::id));
    }

    private void refresh(Optional<String> select) {
        tasks.execute(BackgroundTask.of("List datasets", p -> service.get().list())
                .onSuccess(list -> {
                    datasets.setAll(list);
                    selected.set(select.flatMap(id -> list.stream().filter(d -> d.id().equals(id)).findFirst())
                            .orElse(list.isEmpty() ? null : list.get(0)));
                })
                .onFailure(e -> dialogs.showError("Datasets not read", String.valueOf(e.getMessage()))));
    }

    /** Deletes the selected dataset after asking. */
    public void deleteSelected() {
        DatasetRecord d = selected.get();
        if (d == null) {
            return;
        }
        if (!dialogs.confirm("Delete dataset", "Delete “" + d.name() + "” and its " + Formats.count(d.rowCount())
                + " rows? Batches run on it keep their runs in History, but cannot be resumed.", "Delete")) {
            return;
        }
        tasks.execute(BackgroundTask.of("Delete dataset", p -> service.get().delete(d.id()))
                .onSuccess(deleted -> {
                    if (selected.get() == d) {
                        selected.set(null);
                    }
                    refresh(Optional.empty());
                })
                .onFailure(e -> dialogs.showError("Dataset not deleted", String.valueOf(e.getMessage()))));
    }

    public void setOnImported(Consumer<DatasetRecord> action) {
        this.onImported = action;
    }

    public ReadOnlyObjectProperty<Path> fileProperty() { return file.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<DatasetPreview> previewProperty() { return preview.getReadOnlyProperty(); }
    public ReadOnlyStringProperty fileSummaryProperty() { return fileSummary.getReadOnlyProperty(); }
    /** How the rows will be read, e.g. "Prompt from “question” · expected answer from “answer”". */
    public ReadOnlyStringProperty mappingSummaryProperty() { return mappingSummary.getReadOnlyProperty(); }
    public ReadOnlyStringProperty mappingProblemProperty() { return mappingProblem.getReadOnlyProperty(); }
    public ObservableList<String> columnChoices() { return columnChoices; }
    public ObservableList<String> previewColumns() { return previewColumns; }
    public ObservableList<DatasetRow> previewRows() { return previewRows; }
    public ObservableList<SkippedRow> badRows() { return badRows; }
    public StringProperty promptProperty() { return prompt; }
    public StringProperty systemProperty() { return system; }
    public StringProperty expectedProperty() { return expected; }
    public StringProperty tagsProperty() { return tags; }
    public StringProperty checksProperty() { return checks; }
    public StringProperty templateProperty() { return template; }
    public StringProperty nameProperty() { return name; }
    public ReadOnlyBooleanProperty previewingProperty() { return previewing.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty importingProperty() { return importing.getReadOnlyProperty(); }
    public ReadOnlyDoubleProperty importProgressProperty() { return importProgress.getReadOnlyProperty(); }
    public ReadOnlyStringProperty importMessageProperty() { return importMessage.getReadOnlyProperty(); }
    public ObservableList<DatasetRecord> datasets() { return datasets; }
    public ObjectProperty<DatasetRecord> selectedProperty() { return selected; }
}
