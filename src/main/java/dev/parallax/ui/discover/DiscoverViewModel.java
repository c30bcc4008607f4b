package dev.parallax.ui.discover;

import dev.parallax.engine.local.gguf.GgufFile;
import dev.parallax.models.CatalogEntry;
import dev.parallax.models.Compatibility;
import dev.parallax.models.FitCheck;
import dev.parallax.models.ModelFacts;
import dev.parallax.models.ModelShape;
import dev.parallax.models.SpeedPrediction;
import dev.parallax.models.download.DownloadManager;
import dev.parallax.models.download.DownloadOptions;
import dev.parallax.models.hub.HubException;
import dev.parallax.models.hub.HubSettings;
import dev.parallax.models.hub.HubSort;
import dev.parallax.models.hub.ModelDiscovery;
import dev.parallax.models.hub.ModelDiscovery.SearchHit;
import dev.parallax.models.hub.ModelFileGroup;
import dev.parallax.ui.base.BackgroundTask;
import dev.parallax.ui.base.DialogService;
import dev.parallax.ui.base.TaskExecutor;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The Discover screen: the curated catalog first, a search of the Hugging Face Hub page by page, a
 * repository's GGUF models judged for this machine (engine, memory fit at the chosen context, predicted
 * speed), a remote file's header read by range requests, and the Download button. Every call to the Hub
 * runs off the UI thread; its failures become messages that say what to do.
 */
public final class DiscoverViewModel {

    /** Results asked of the Hub per page. */
    public static final int PAGE_SIZE = 20;

    /** One line of the result list: a catalog recommendation, a Hub repository, or both. */
    public record ResultRow(String repo, Optional<CatalogEntry> recommended, long downloads, long likes,
                            Compatibility compatibility) {

        public String title() {
            return recommended.map(CatalogEntry::name).orElse(repo);
        }

        /** "0.5B · Apache-2.0 · Fast general chat…" for the catalog, "1.2M downloads · 340 likes" for the Hub. */
        public String subtitle() {
            List<String> parts = new ArrayList<>();
            recommended.ifPresent(e -> {
                parts.add(e.parametersLabel() + " parameters");
                parts.add(e.license());
            });
            if (downloads > 0 || likes > 0) {
                parts.add(compact(downloads) + " downloads");
                parts.add(compact(likes) + " likes");
            }
            return String.join(" · ", parts);
        }

        public Optional<String> goodFor() {
            return recommended.map(CatalogEntry::goodFor);
        }

        static ResultRow of(SearchHit hit) {
            return new ResultRow(hit.repo(), hit.recommended(), hit.hub().map(h -> h.downloads()).orElse(0L),
                    hit.hub().map(h -> h.likes()).orElse(0L), hit.compatibility());
        }
    }

    /** One downloadable model of the open repository, judged for this machine. */
    public record FileRow(ModelFileGroup model, Compatibility compatibility, Optional<FitCheck.Result> fit,
                          SpeedPrediction.Estimate speed) {

        public String quantization() {
            return model.quantization().orElse("—");
        }

        public String files() {
            return model.parts().size() == 1 ? model.first().fileName()
                    : model.name() + ".gguf (" + model.parts().size() + " parts)";
        }

        /** "runs on current llama.cpp", or "needs a newer llama.cpp: …". */
        public String engine() {
            return switch (compatibility.verdict()) {
                case RUNS -> compatibility.engine().map(e -> e.label()).orElse("runs");
                case NEEDS_NEWER_ENGINE, UNSUPPORTED -> "needs a newer llama.cpp: use it through an OpenAI-compatible"
                        + " llama-server";
                case UNKNOWN -> "unknown until the header is read";
            };
        }

        /** Short, for a table cell: the engine's name, or what is needed instead. */
        public String engineName() {
            return switch (compatibility.verdict()) {
                case RUNS -> compatibility.engine().map(e -> e.name()).orElse("runs");
                case NEEDS_NEWER_ENGINE, UNSUPPORTED -> "needs newer llama.cpp";
                case UNKNOWN -> "unknown";
            };
        }

        public String fitLabel() {
            return fit.map(f -> switch (f.verdict()) {
                case FITS -> "fits";
                case TIGHT -> "tight";
                case WONT_FIT -> "won't fit";
            }).orElse("unknown");
        }
    }

    /** A remote file's header: what a person wants to know before downloading. */
    public record Details(String fileName, ModelFacts facts, Optional<String> chatTemplate, Compatibility compatibility) {
    }

    private final Supplier<ModelDiscovery> discovery;
    private final Supplier<DownloadManager> downloads;
    private final TaskExecutor tasks;
    private final DialogService dialogs;
    private final Supplier<HubSettings> hubSettings;
    private URI endpoint = HubSettings.DEFAULT_ENDPOINT;

    private final StringProperty query = new SimpleStringProperty(this, "query", "");
    private final ObjectProperty<HubSort> sort = new SimpleObjectProperty<>(this, "sort", HubSort.DOWNLOADS);
    private final IntegerProperty context = new SimpleIntegerProperty(this, "context", FitCheck.DEFAULT_CONTEXT);
    private final ObservableList<ResultRow> results = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper searching = new ReadOnlyBooleanWrapper(this, "searching", false);
    private final ReadOnlyBooleanWrapper moreAvailable = new ReadOnlyBooleanWrapper(this, "moreAvailable", false);
    private final ReadOnlyStringWrapper hubProblem = new ReadOnlyStringWrapper(this, "hubProblem", "");
    private final ReadOnlyStringWrapper hubProblemTitle = new ReadOnlyStringWrapper(this, "hubProblemTitle", "");
    private final ReadOnlyStringWrapper mirrorNotice = new ReadOnlyStringWrapper(this, "mirrorNotice", "");
    private final ReadOnlyStringWrapper resultsCaption = new ReadOnlyStringWrapper(this, "resultsCaption", "");
    private final ObjectProperty<ResultRow> selectedResult = new SimpleObjectProperty<>(this, "selectedResult");
    private final ReadOnlyObjectWrapper<ModelDiscovery.RepoView> repo = new ReadOnlyObjectWrapper<>(this, "repo");
    private final ObservableList<FileRow> files = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper loadingRepo = new ReadOnlyBooleanWrapper(this, "loadingRepo", false);
    private final ReadOnlyStringWrapper repoProblem = new ReadOnlyStringWrapper(this, "repoProblem", "");
    private final ReadOnlyStringWrapper repoProblemTitle = new ReadOnlyStringWrapper(this, "repoProblemTitle", "");
    private final ObjectProperty<FileRow> selectedFile = new SimpleObjectProperty<>(this, "selectedFile");
    private final ReadOnlyObjectWrapper<Details> details = new ReadOnlyObjectWrapper<>(this, "details");
    private final ReadOnlyStringWrapper detailsStatus = new ReadOnlyStringWrapper(this, "detailsStatus", "");

    private Optional<URI> nextPage = Optional.empty();
    private String searchedQuery = "";
    private HubSort searchedSort = HubSort.DOWNLOADS;
    private long generation;

    public DiscoverViewModel(Supplier<ModelDiscovery> discovery, Supplier<DownloadManager> downloads,
                             Supplier<HubSettings> hubSettings, TaskExecutor tasks, DialogService dialogs) {
        this.discovery = discovery;
        this.downloads = downloads;
        this.hubSettings = hubSettings;
        this.tasks = tasks;
        this.dialogs = dialogs;
        selectedResult.addListener((o, a, row) -> {
            if (row != null && (a == null || !a.repo().equals(row.repo()))) {
                open(row.repo());
            }
        });
        selectedFile.addListener((o, a, b) -> {
            details.set(null);
            detailsStatus.set("");
        });
        context.addListener((o, a, b) -> refit());
    }

    /** The curated catalog, without asking the Hub: what the screen shows first. */
    public void showCatalog() {
        long mine = ++generation;
        nextPage = Optional.empty();
        moreAvailable.set(false);
        searching.set(false);
        hubProblem.set("");
        hubProblemTitle.set("");
        tasks.execute(BackgroundTask.of("Read the catalog", p -> {
                    ModelDiscovery d = discovery.get();
                    HubSettings settings = hubSettings.get();
                    List<ResultRow> rows = d.catalog().entries().stream()
                            .map(e -> new ResultRow(e.repo(), Optional.of(e), 0, 0,
                                    d.engines().check(e.architecture(), Optional.of(e.defaultQuant()))))
                            .toList();
                    return new CatalogRows(rows, settings);
                })
                .onSuccess(c -> {
                    endpoint = c.settings().endpoint();
                    mirrorNotice.set(usingMirror() ? "Using the Hub mirror " + endpoint + " (HF_ENDPOINT)" : "");
                    if (mine != generation) {
                        return;
                    }
                    results.setAll(c.rows());
                    resultsCaption.set("Recommended models (" + c.rows().size() + "): search to find more on the Hub");
                })
                .onFailure(e -> dialogs.showError("Catalog unavailable", "Could not read the curated catalog: " + e.getMessage())));
    }

    private record CatalogRows(List<ResultRow> rows, HubSettings settings) {
    }

    /** Searches the catalog and the Hub for {@link #queryProperty()}, first page. */
    public void search() {
        searchedQuery = query.get() == null ? "" : query.get().strip();
        searchedSort = sort.get();
        nextPage = Optional.empty();
        fetchPage(true);
    }

    /** The Hub's next page of the last search, added below. */
    public void loadMore() {
        if (nextPage.isPresent() && !searching.get()) {
            fetchPage(false);
        }
    }

    private void fetchPage(boolean first) {
        long mine = ++generation;
        Optional<URI> cursor = first ? Optional.empty() : nextPage;
        Set<String> shown = new LinkedHashSet<>();
        if (!first) {
            results.forEach(r -> shown.add(r.repo()));
        }
        String q = searchedQuery;
        HubSort s = searchedSort;
        searching.set(true);
        tasks.execute(BackgroundTask.of("Search the Hub", p -> discovery.get().searchPage(q, s, PAGE_SIZE, cursor, shown))
                .onSuccess(found -> {
                    if (mine != generation) {
                        return;
                    }
                    List<ResultRow> rows = found.hits().stream().map(ResultRow::of).toList();
                    if (first) {
                        results.setAll(rows);
                    } else {
                        results.addAll(rows);
                    }
                    nextPage = found.next();
                    moreAvailable.set(nextPage.isPresent());
                    if (found.hubProblem().isPresent()) {
                        hubProblemTitle.set(problemTitle(found.problemKind()));
                        hubProblem.set(problemText(found.problemKind(), found.hubProblem().get()));
                    } else {
                        hubProblemTitle.set("");
                        hubProblem.set("");
                    }
                    long recommended = results.stream().filter(r -> r.recommended().isPresent()).count();
                    resultsCaption.set(results.isEmpty() ? "Nothing found for “" + q + "”"
                            : results.size() + " result" + (results.size() == 1 ? "" : "s")
                            + (recommended > 0 ? ", " + recommended + " recommended first" : "")
                            + (q.isEmpty() ? "" : " for “" + q + "”"));
                })
                .onFailure(e -> {
                    if (mine == generation) {
                        hubProblemTitle.set("Search failed");
                        hubProblem.set(String.valueOf(e.getMessage()));
                    }
                })
                .onFinished(() -> {
                    if (mine == generation) {
                        searching.set(false);
                    }
                }));
    }

    /** Lists a repository's models with engine, fit and speed (reads the header of its smallest model). */
    public void open(String repoId) {
        long ctx = context.get();
        files.clear();
        repo.set(null);
        selectedFile.set(null);
        repoProblem.set("");
        repoProblemTitle.set("");
        loadingRepo.set(true);
        tasks.execute(BackgroundTask.of("Open " + repoId, p -> discovery.get().files(repoId, "main", ctx))
                .onSuccess(view -> {
                    if (!isCurrent(repoId)) {
                        return;
                    }
                    repo.set(view);
                    files.setAll(view.files().stream()
                            .map(f -> new FileRow(f.model(), f.compatibility(), f.fit(), f.speed())).toList());
                    view.headerProblem().ifPresent(problem -> {
                        repoProblemTitle.set("Header not read");
                        repoProblem.set(problem);
                    });
                    view.defaultChoice().flatMap(m -> files.stream().filter(f -> f.model().equals(m)).findFirst())
                            .ifPresent(selectedFile::set);
                })
                .onFailure(e -> {
                    if (!isCurrent(repoId)) {
                        return;
                    }
                    Optional<HubException.Kind> kind = e instanceof HubException h ? Optional.of(h.kind()) : Optional.empty();
                    repoProblemTitle.set(problemTitle(kind));
                    repoProblem.set(problemText(kind, String.valueOf(e.getMessage())));
                })
                .onFinished(() -> {
                    if (isCurrent(repoId)) {
                        loadingRepo.set(false);
                    }
                }));
    }

    private boolean isCurrent(String repoId) {
        ResultRow row = selectedResult.get();
        return row == null || row.repo().equals(repoId);
    }

    /** The fit verdicts again at the new context (the header is already known). */
    private void refit() {
        ModelDiscovery.RepoView view = repo.get();
        if (view == null || view.header().isEmpty()) {
            return;
        }
        long ctx = context.get();
        ModelShape shape = view.header().get().shape();
        List<FileRow> before = List.copyOf(files);
        FileRow keep = selectedFile.get();
        tasks.execute(BackgroundTask.of("Estimate memory", p -> before.stream()
                        .map(f -> new FileRow(f.model(), f.compatibility(),
                                Optional.of(discovery.get().fit(withWeights(shape, f.model().totalSize()), ctx)), f.speed()))
                        .toList())
                .onSuccess(rows -> {
                    if (repo.get() != view || context.get() != ctx) {
                        return;
                    }
                    files.setAll(rows);
                    if (keep != null) {
                        rows.stream().filter(r -> r.model().equals(keep.model())).findFirst().ifPresent(selectedFile::set);
                    }
                })
                .onFailure(e -> dialogs.showError("Could not estimate memory", String.valueOf(e.getMessage()))));
    }

    private static ModelShape withWeights(ModelShape s, long weights) {
        return new ModelShape(weights, s.layers(), s.heads(), s.kvHeads(), s.keyLength(), s.valueLength(),
                s.embeddingLength(), s.vocabSize(), s.trainedContext());
    }

    /** Reads the selected file's GGUF header from the Hub (range requests): architecture, size, context, template. */
    public void loadDetails() {
        FileRow row = selectedFile.get();
        ModelDiscovery.RepoView view = repo.get();
        if (row == null || view == null) {
            return;
        }
        detailsStatus.set("Reading the header of " + row.model().first().fileName() + " from the Hub…");
        tasks.execute(BackgroundTask.of("Read header", p -> {
                    ModelDiscovery d = discovery.get();
                    GgufFile header = d.header(view.repo(), view.revision(), row.model());
                    return new Details(row.model().first().fileName(), ModelFacts.of(header), header.chatTemplate(),
                            d.compatibility(header));
                })
                .onSuccess(d -> {
                    if (row.equals(selectedFile.get())) {
                        details.set(d);
                        detailsStatus.set("");
                    }
                })
                .onFailure(e -> {
                    if (row.equals(selectedFile.get())) {
                        Optional<HubException.Kind> kind = e instanceof HubException h ? Optional.of(h.kind()) : Optional.empty();
                        detailsStatus.set(problemText(kind, String.valueOf(e.getMessage())));
                    }
                }));
    }

    /** Queues the selected model (every part of a split one) for download. */
    public void downloadSelected() {
        FileRow row = selectedFile.get();
        ModelDiscovery.RepoView view = repo.get();
        if (row == null || view == null) {
            return;
        }
        if (!row.model().complete()) {
            dialogs.showError("Parts missing", view.repo() + " lacks some parts of " + row.model().name()
                    + "; choose another quantization.");
            return;
        }
        if (row.fit().map(f -> f.verdict() == FitCheck.Verdict.WONT_FIT).orElse(false)
                && !dialogs.confirm("Download a model that won't fit?", row.fit().get().message()
                        + ". Download it anyway?", "Download")) {
            return;
        }
        tasks.execute(BackgroundTask.of("Queue download", p -> downloads.get().enqueueModel(view.repo(),
                        view.revision(), row.model(), DownloadOptions.DEFAULT_CONNECTIONS))
                .onSuccess(parts -> {
                    boolean done = parts.stream().allMatch(s -> s.status() == dev.parallax.core.DownloadStatus.COMPLETED);
                    dialogs.notify(done ? "Already downloaded" : "Download started", row.model().name()
                            + (done ? " is already in Models." : " (" + dev.parallax.ui.base.Formats.bytes(row.model().totalSize())
                            + "): follow it under Downloads."));
                })
                .onFailure(e -> dialogs.showError("Could not start the download", String.valueOf(e.getMessage()))));
    }

    /** A title for a Hub failure. */
    String problemTitle(Optional<HubException.Kind> kind) {
        return kind.map(k -> switch (k) {
            case NETWORK -> "Hugging Face is not reachable";
            case RATE_LIMITED -> "Rate limited by the Hub";
            case GATED -> "Gated model";
            case UNAUTHORIZED -> "Access denied";
            case REPO_NOT_FOUND, REVISION_NOT_FOUND, ENTRY_NOT_FOUND -> "Not found";
            default -> "The Hub answered with an error";
        }).orElse("Could not read from the Hub");
    }

    /** The service's message, prefixed so that a person sees at once what kind of failure it is. */
    String problemText(Optional<HubException.Kind> kind, String message) {
        String text = kind.filter(k -> k == HubException.Kind.NETWORK).isPresent()
                ? (usingMirror() ? "The Hub mirror " + endpoint + " is not reachable: "
                : "Hugging Face is not reachable: ") + message + ". The curated catalog still works."
                : message;
        return text;
    }

    /** Whether {@code HF_ENDPOINT} points somewhere other than huggingface.co (known once the catalog is shown). */
    public boolean usingMirror() {
        return !HubSettings.DEFAULT_ENDPOINT.equals(endpoint);
    }

    /** "Using the Hub mirror …" when {@code HF_ENDPOINT} points elsewhere; empty otherwise. */
    public ReadOnlyStringProperty mirrorNoticeProperty() { return mirrorNotice.getReadOnlyProperty(); }

    public StringProperty queryProperty() { return query; }
    public ObjectProperty<HubSort> sortProperty() { return sort; }
    public IntegerProperty contextProperty() { return context; }
    public ObservableList<ResultRow> results() { return results; }
    public ReadOnlyBooleanProperty searchingProperty() { return searching.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty moreAvailableProperty() { return moreAvailable.getReadOnlyProperty(); }
    public ReadOnlyStringProperty hubProblemProperty() { return hubProblem.getReadOnlyProperty(); }
    public ReadOnlyStringProperty hubProblemTitleProperty() { return hubProblemTitle.getReadOnlyProperty(); }
    public ReadOnlyStringProperty resultsCaptionProperty() { return resultsCaption.getReadOnlyProperty(); }
    public ObjectProperty<ResultRow> selectedResultProperty() { return selectedResult; }
    public ReadOnlyObjectProperty<ModelDiscovery.RepoView> repoProperty() { return repo.getReadOnlyProperty(); }
    public ObservableList<FileRow> files() { return files; }
    public ReadOnlyBooleanProperty loadingRepoProperty() { return loadingRepo.getReadOnlyProperty(); }
    public ReadOnlyStringProperty repoProblemProperty() { return repoProblem.getReadOnlyProperty(); }
    public ReadOnlyStringProperty repoProblemTitleProperty() { return repoProblemTitle.getReadOnlyProperty(); }
    public ObjectProperty<FileRow> selectedFileProperty() { return selectedFile; }
    public ReadOnlyObjectProperty<Details> detailsProperty() { return details.getReadOnlyProperty(); }
    public ReadOnlyStringProperty detailsStatusProperty() { return detailsStatus.getReadOnlyProperty(); }

    static String compact(long n) {
        if (n >= 1_000_000) return String.format(java.util.Locale.ROOT, "%.1fM", n / 1e6);
        if (n >= 1_000) return String.format(java.util.Locale.ROOT, "%.1fk", n / 1e3);
        return Long.toString(n);
    }
}
