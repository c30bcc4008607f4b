package dev.parallax.ui.models;

import dev.parallax.core.TaskCancelledException;
import dev.parallax.core.TaskProgress;
import dev.parallax.engine.local.gguf.GgufFile;
import dev.parallax.models.FitEstimate;
import dev.parallax.models.AlreadyImportedException;
import dev.parallax.models.ImportMode;
import dev.parallax.models.LocalModel;
import dev.parallax.models.ModelStore;
import dev.parallax.models.ModelStoreException;
import dev.parallax.ui.base.BackgroundTask;
import dev.parallax.ui.base.DialogService;
import dev.parallax.ui.base.TaskExecutor;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The local models: the store's list with a memory-fit estimate per model, every GGUF metadata key
 * of the selected one, import (by button or by a drop anywhere on the window) and delete.
 */
public final class ModelsViewModel {

    /** This machine's memory when the list was read. */
    public record HostMemory(long availableBytes, long totalBytes) {
    }

    public record ModelRow(LocalModel model, FitEstimate fit) {
    }

    public record MetadataEntry(String key, String value) {
    }

    /** What an import did: the models it added and a message per file it could not import. */
    /** @param alreadyThere files the store already held (nothing copied): the models they are */
    record ImportOutcome(List<LocalModel> imported, List<String> failures, List<AlreadyImportedException> alreadyThere) {
    }

    private final Supplier<ModelStore> store;
    private final Supplier<HostMemory> memory;
    private final TaskExecutor tasks;
    private final DialogService dialogs;

    private final ObservableList<ModelRow> rows = FXCollections.observableArrayList();
    private final ObservableList<LocalModel> models = FXCollections.observableArrayList();
    private final ObjectProperty<ModelRow> selected = new SimpleObjectProperty<>(this, "selected");
    private final ObservableList<MetadataEntry> metadata = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper metadataStatus = new ReadOnlyStringWrapper(this, "metadataStatus", "");
    private final IntegerProperty fitContext = new SimpleIntegerProperty(this, "fitContext", 2048);
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading", false);
    private final ReadOnlyBooleanWrapper storeEmpty = new ReadOnlyBooleanWrapper(this, "storeEmpty", false);
    private final ReadOnlyStringWrapper loadError = new ReadOnlyStringWrapper(this, "loadError", "");
    private final ReadOnlyStringWrapper problems = new ReadOnlyStringWrapper(this, "problems", "");
    private final ReadOnlyBooleanWrapper importing = new ReadOnlyBooleanWrapper(this, "importing", false);
    private final ReadOnlyDoubleWrapper importProgress = new ReadOnlyDoubleWrapper(this, "importProgress", 0);
    private final ReadOnlyStringWrapper importMessage = new ReadOnlyStringWrapper(this, "importMessage", "");

    private HostMemory lastMemory = new HostMemory(0, 0);
    private BackgroundTask<ImportOutcome> currentImport;
    private volatile CompletableFuture<Void> importEnded = CompletableFuture.completedFuture(null);

    public ModelsViewModel(Supplier<ModelStore> store, Supplier<HostMemory> memory, TaskExecutor tasks,
                           DialogService dialogs) {
        this.store = store;
        this.memory = memory;
        this.tasks = tasks;
        this.dialogs = dialogs;
        fitContext.addListener((obs, old, now) -> recomputeFits());
        selected.addListener((obs, old, now) -> loadMetadata(now));
    }

    private record Listing(List<LocalModel> models, List<String> problems, HostMemory memory) {
    }

    /** Reads the store again (off the UI thread): new files, removed ones, and this machine's free memory. */
    public void refresh() {
        refresh(Optional.empty());
    }

    private void refresh(Optional<String> selectName) {
        loading.set(true);
        tasks.execute(BackgroundTask.of("Read models", p -> {
                    ModelStore s = store.get();
                    return new Listing(s.list(), s.problems(), memory.get());
                })
                .onSuccess(listing -> {
                    loadError.set("");
                    lastMemory = listing.memory();
                    String keep = selectName.orElse(selected.get() == null ? null : selected.get().model().name());
                    models.setAll(listing.models());
                    storeEmpty.set(listing.models().isEmpty());
                    rows.setAll(listing.models().stream().map(this::row).toList());
                    selected.set(rows.stream().filter(r -> r.model().name().equals(keep)).findFirst().orElse(null));
                    problems.set(listing.problems().isEmpty() ? ""
                            : "Some files in the model folder are not valid GGUF models and are left out:\n"
                            + String.join("\n", listing.problems()));
                })
                .onFailure(e -> loadError.set("Could not read the models: " + e.getMessage()))
                .onFinished(() -> loading.set(false)));
    }

    private ModelRow row(LocalModel m) {
        return new ModelRow(m, FitEstimate.of(m.facts(), m.sizeBytes(), fitContext.get(),
                lastMemory.availableBytes(), lastMemory.totalBytes()));
    }

    private void recomputeFits() {
        ModelRow keep = selected.get();
        List<ModelRow> recomputed = rows.stream().map(r -> row(r.model())).toList();
        rows.setAll(recomputed);
        if (keep != null) {
            selected.set(rows.stream().filter(r -> r.model().equals(keep.model())).findFirst().orElse(null));
        }
    }

    private void loadMetadata(ModelRow row) {
        metadata.clear();
        if (row == null) {
            metadataStatus.set("");
            return;
        }
        metadataStatus.set("Reading the file's header…");
        tasks.execute(BackgroundTask.of("Read metadata", p -> {
                    GgufFile gguf = store.get().metadata(row.model());
                    return gguf.metadata().keySet().stream().map(k -> new MetadataEntry(k, gguf.describeValue(k))).toList();
                })
                .onSuccess(entries -> {
                    if (row.equals(selected.get())) {
                        metadata.setAll(entries);
                        metadataStatus.set("");
                    }
                })
                .onFailure(e -> {
                    if (row.equals(selected.get())) {
                        metadataStatus.set(e.getMessage());
                    }
                }));
    }

    /** True when a file is a candidate for import by its name: a regular file ending in .gguf. */
    public static boolean isGgufFile(Path file) {
        return file.getFileName() != null
                && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gguf")
                && Files.isRegularFile(file);
    }

    public void chooseAndImport() {
        List<Path> files = dialogs.chooseModelFiles();
        if (!files.isEmpty()) {
            importFiles(files);
        }
    }

    /**
     * Imports .gguf files in the background, copying and hashing each with progress; any other file
     * gets a message that says what Parallax imports.
     */
    public void importFiles(List<Path> files) {
        List<Path> gguf = files.stream().filter(ModelsViewModel::isGgufFile).toList();
        List<Path> others = files.stream().filter(f -> !isGgufFile(f)).toList();
        if (!others.isEmpty()) {
            String names = String.join(", ", others.stream().map(f -> "“" + f.getFileName() + "”").toList());
            dialogs.showError(others.size() == 1 ? "Not a GGUF model" : "Not GGUF models",
                    names + (others.size() == 1 ? " is not a GGUF model file." : " are not GGUF model files.")
                            + " Parallax imports models in the GGUF format (.gguf files), the format llama.cpp runs.");
        }
        if (gguf.isEmpty()) {
            return;
        }
        if (importing.get()) {
            dialogs.notifyWarning("An import is already running", "Wait for it to finish or cancel it, then import again.");
            return;
        }
        CompletableFuture<Void> ended = new CompletableFuture<>();
        BackgroundTask<ImportOutcome> task = BackgroundTask.of("Import models", p -> {
            try {
                return importAll(gguf, p);
            } finally {
                ended.complete(null);
            }
        });
        currentImport = task;
        importEnded = ended;
        importProgress.bind(task.progressProperty());
        importMessage.bind(task.messageProperty());
        importing.set(true);
        task.onSuccess(this::imported)
                .onCancelled(() -> {
                    dialogs.notify("Import cancelled", "Nothing was left half-copied in the model folder.");
                    refresh();
                })
                .onFailure(e -> dialogs.showError("Import failed", e.getMessage()))
                .onFinished(() -> {
                    importProgress.unbind();
                    importMessage.unbind();
                    importing.set(false);
                    currentImport = null;
                });
        tasks.execute(task);
    }

    private ImportOutcome importAll(List<Path> files, TaskProgress progress) throws TaskCancelledException {
        long total = 0;
        for (Path f : files) {
            try {
                total += Files.size(f);
            } catch (IOException e) {
                // Its import below reports the problem.
            }
        }
        List<LocalModel> imported = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        List<AlreadyImportedException> alreadyThere = new ArrayList<>();
        long before = 0;
        ModelStore s = store.get();
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            progress.message("Importing " + file.getFileName() + (files.size() > 1 ? " (" + (i + 1) + " of " + files.size() + ")" : ""));
            long offset = before;
            long all = total;
            TaskProgress part = new TaskProgress() {
                @Override
                public void progress(long done, long size) {
                    progress.progress(offset + done, all);
                }

                @Override
                public void message(String text) {
                    progress.message(text);
                }

                @Override
                public boolean isCancelled() {
                    return progress.isCancelled();
                }
            };
            try {
                imported.add(s.importFile(file, ImportMode.COPY, part));
            } catch (AlreadyImportedException e) {
                alreadyThere.add(e);
            } catch (ModelStoreException e) {
                failures.add(e.getMessage());
            }
            try {
                before += Files.size(file);
            } catch (IOException e) {
                // Only the progress bar's arithmetic needs it.
            }
        }
        return new ImportOutcome(imported, failures, alreadyThere);
    }

    private void imported(ImportOutcome outcome) {
        if (!outcome.imported().isEmpty()) {
            List<String> names = outcome.imported().stream().map(LocalModel::name).toList();
            dialogs.notify(names.size() == 1 ? "Model imported" : names.size() + " models imported", String.join(", ", names));
        }
        if (!outcome.failures().isEmpty()) {
            dialogs.showError(outcome.failures().size() == 1 ? "A file was not imported" : "Some files were not imported",
                    String.join("\n\n", outcome.failures()));
        }
        if (!outcome.alreadyThere().isEmpty()) {
            dialogs.notify(outcome.alreadyThere().size() == 1 ? "Already imported" : "Some were already imported",
                    String.join("\n", outcome.alreadyThere().stream().map(Throwable::getMessage).toList()));
        }
        Optional<String> select = !outcome.imported().isEmpty()
                ? Optional.of(outcome.imported().get(outcome.imported().size() - 1).name())
                : outcome.alreadyThere().stream().map(e -> e.existing().name()).reduce((a, b) -> b);
        refresh(select);
    }

    /**
     * For closing the window: cancels an import and returns when its copy has stopped and its partial
     * file is gone (at once when none runs). Callable from any thread.
     */
    public CompletableFuture<Void> cancelImportForShutdown() {
        BackgroundTask<ImportOutcome> task = currentImport;
        if (task != null) {
            task.cancel();
        }
        return importEnded;
    }

    public void cancelImport() {
        BackgroundTask<ImportOutcome> task = currentImport;
        if (task != null) {
            task.cancel();
        }
    }

    /** Deletes the selected model after asking. */
    public void deleteSelected() {
        ModelRow row = selected.get();
        if (row == null) {
            return;
        }
        LocalModel m = row.model();
        if (!dialogs.confirm("Delete " + m.name() + "?",
                "The file " + m.file().getFileName() + " (" + dev.parallax.ui.base.Formats.bytes(m.sizeBytes())
                        + ") is removed from the model folder. Past runs stay in History.", "Delete")) {
            return;
        }
        tasks.execute(BackgroundTask.of("Delete model", p -> {
                    store.get().delete(m);
                    return m;
                })
                .onSuccess(deleted -> {
                    dialogs.notify("Model deleted", deleted.name());
                    selected.set(null);
                    refresh();
                })
                .onFailure(e -> dialogs.showError("Could not delete " + m.name(), e.getMessage())));
    }

    public ObservableList<ModelRow> rows() { return rows; }
    /** The imported models, for other screens (the Playground's picker). */
    public ObservableList<LocalModel> models() { return models; }
    public ObjectProperty<ModelRow> selectedProperty() { return selected; }
    public ObservableList<MetadataEntry> metadata() { return metadata; }
    public ReadOnlyStringProperty metadataStatusProperty() { return metadataStatus.getReadOnlyProperty(); }
    public IntegerProperty fitContextProperty() { return fitContext; }
    public ReadOnlyBooleanProperty loadingProperty() { return loading.getReadOnlyProperty(); }
    /** True when the model folder was read and holds no model; false before the first reading. */
    public ReadOnlyBooleanProperty storeEmptyProperty() { return storeEmpty.getReadOnlyProperty(); }
    public ReadOnlyStringProperty loadErrorProperty() { return loadError.getReadOnlyProperty(); }
    public ReadOnlyStringProperty problemsProperty() { return problems.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty importingProperty() { return importing.getReadOnlyProperty(); }
    public ReadOnlyDoubleProperty importProgressProperty() { return importProgress.getReadOnlyProperty(); }
    public ReadOnlyStringProperty importMessageProperty() { return importMessage.getReadOnlyProperty(); }
}
