package dev.parallax.ui.report;

import dev.parallax.report.ReportFormat;
import dev.parallax.report.ReportModel;
import dev.parallax.report.ReportService;
import dev.parallax.ui.base.BackgroundTask;
import dev.parallax.ui.base.DialogService;
import dev.parallax.ui.base.TaskExecutor;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Export of a comparison, a batch or a selection of runs: builds the report in the background, shows what will be
 * written (a summary and the Markdown text), asks where to save it and writes it in the chosen format.
 */
public final class ExportViewModel {

    /** What to report on. */
    public record Source(String description, String fileStem, Function<ReportService, ReportModel> build) {

        public static Source comparison(String id) {
            return new Source("comparison " + shortId(id), "parallax-comparison-" + shortId(id), r -> r.comparison(id));
        }

        public static Source batch(String id) {
            return new Source("batch " + shortId(id), "parallax-batch-" + shortId(id), r -> r.batch(id));
        }

        public static Source runs(List<String> runIds) {
            List<String> ids = List.copyOf(runIds);
            return new Source(ids.size() + " selected run(s)", "parallax-runs", r -> r.runs(ids));
        }

        private static String shortId(String id) {
            return id.length() > 8 ? id.substring(0, 8) : id;
        }
    }

    static final int PREVIEW_CHARS = 40_000;

    private final Supplier<ReportService> reports;
    private final TaskExecutor tasks;
    private final DialogService dialogs;
    private final Source source;

    private final ObservableList<ReportFormat> formats = FXCollections.observableArrayList(ReportFormat.values());
    private final ObjectProperty<ReportFormat> format = new SimpleObjectProperty<>(this, "format", ReportFormat.HTML);
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyStringWrapper preview = new ReadOnlyStringWrapper(this, "preview", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyStringWrapper written = new ReadOnlyStringWrapper(this, "written", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
    private final ReadOnlyBooleanWrapper ready = new ReadOnlyBooleanWrapper(this, "ready", false);
    private ReportModel model;

    public ExportViewModel(Supplier<ReportService> reports, TaskExecutor tasks, DialogService dialogs, Source source) {
        this.reports = reports;
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.source = source;
        format.addListener((o, a, b) -> summary.set(model == null ? summary.get() : describe(model)));
    }

    private record Built(ReportModel model, String preview) {
    }

    /** Builds the report (off the UI thread) and its preview. */
    public void load() {
        busy.set(true);
        ready.set(false);
        error.set("");
        summary.set("Reading " + source.description() + "…");
        tasks.execute(BackgroundTask.of("Build report", p -> {
                    ReportService service = reports.get();
                    ReportModel m = source.build().apply(service);
                    return new Built(m, service.preview(m, PREVIEW_CHARS));
                })
                .onSuccess(b -> {
                    model = b.model();
                    preview.set(b.preview());
                    summary.set(describe(b.model()));
                    ready.set(true);
                })
                .onFailure(e -> {
                    summary.set("");
                    error.set("Could not build the report of " + source.description() + ": " + e.getMessage());
                })
                .onFinished(() -> busy.set(false)));
    }

    /** Asks where to save, then writes in the background; the format follows the chosen file's extension. */
    public void chooseAndExport() {
        if (model == null) {
            return;
        }
        ReportFormat f = format.get();
        Map<String, List<String>> filters = new LinkedHashMap<>();
        filters.put(f.label(), List.of(f.extension()));
        Optional<Path> file = dialogs.chooseSaveFile("Export " + source.description(), source.fileStem() + f.extension(), filters);
        file.ifPresent(this::export);
    }

    /** Writes the report to {@code file} (its extension names the format; none given: the chosen format's is added). */
    public void export(Path file) {
        if (model == null) {
            return;
        }
        Path target = ReportFormat.fromFileName(file.getFileName().toString()).isPresent() ? file
                : file.resolveSibling(file.getFileName() + format.get().extension());
        ReportModel m = model;
        busy.set(true);
        error.set("");
        tasks.execute(BackgroundTask.of("Export report", p -> reports.get().write(m, target))
                .onSuccess(f -> {
                    written.set(target.toString());
                    dialogs.notify("Report exported", f.label() + " report of " + source.description() + " written to " + target);
                })
                .onFailure(e -> {
                    error.set("Could not write " + target + ": " + e.getMessage());
                    dialogs.showError("Export failed", "Could not write " + target + ": " + e.getMessage()
                            + ". Choose another folder or file name.");
                })
                .onFinished(() -> busy.set(false)));
    }

    private String describe(ReportModel m) {
        return String.format(Locale.ROOT, "%s: %d target(s), %d run(s), %d verdict(s)%s. Format: %s.", m.title(),
                m.targets().size(), m.rows().size(), m.verdicts().size(),
                m.ownership().isPresent() ? ", cost of ownership with break-even" : "", format.get().label());
    }

    public Source source() {
        return source;
    }

    public ObservableList<ReportFormat> formats() {
        return formats;
    }

    public ObjectProperty<ReportFormat> formatProperty() {
        return format;
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty previewProperty() {
        return preview.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** The last file written. */
    public ReadOnlyStringProperty writtenProperty() {
        return written.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty readyProperty() {
        return ready.getReadOnlyProperty();
    }
}
