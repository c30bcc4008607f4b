package dev.parallax.ui.discover;

import dev.parallax.engine.local.gguf.GgufFile;
import dev.parallax.models.CatalogEntry;
import dev.parallax.models.Compatibility;
import dev.parallax.models.FitCheck;
import dev.parallax.models.ModelFacts;
import dev.parallax.models.ModelShape;
import dev.parallax.models.QuantizationSize;
import dev.parallax.models.SpeedPrediction;
import dev.parallax.models.download.DownloadManager;
import dev.parallax.models.download.DownloadOptions;
import dev.parallax.models.hub.HubException;
import dev.parallax.models.hub.HubRepo;
import dev.parallax.models.hub.HubSettings;
import dev.parallax.models.hub.HubSort;
import dev.parallax.models.hub.ModelDiscovery;
import dev.parallax.models.hub.ModelDiscovery.SearchHit;
import dev.parallax.models.hub.ModelFileGroup;
import dev.parallax.models.hub.SearchFilter;
import dev.parallax.ui.base.BackgroundTask;
import dev.parallax.ui.base.DialogService;
import dev.parallax.ui.base.TaskExecutor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.net.URI;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The Discover screen: the curated catalog first, a search of the Hugging Face Hub page by page, a
 * repository's GGUF models judged for this machine (engine, memory fit at the chosen context, predicted
 * speed), a remote file's header read by range requests, and the Download button. Every call to the Hub
 * runs off the UI thread; its failures become messages that say what to do.
 */
public final class DiscoverViewModel {

    /** Results asked of the Hub per page. */
    public static final int PAGE_SIZE = 20;
    /** The quantization filter's value for "any". */
    public static final String ANY_QUANTIZATION = "";
    private static final String NO_REPOSITORY = "Pick a repository to see its GGUF files";

    /**
     * One line of the result list: a catalog recommendation, a Hub repository, or both, judged for this machine
     * from what is known before its files are listed.
     */
    public record ResultRow(ModelDiscovery.Screened screened) {

        public String repo() {
            return screened.hit().repo();
        }

        public Optional<CatalogEntry> recommended() {
            return screened.hit().recommended();
        }

        public long downloads() {
            return screened.hit().hub().map(HubRepo::downloads).orElse(0L);
        }

        public long likes() {
            return screened.hit().hub().map(HubRepo::likes).orElse(0L);
        }

        /** Which engine runs it, from the architecture the catalog or the Hub gives (unknown without one). */
        public Compatibility compatibility() {
            return screened.compatibility();
        }

        /** The memory estimate for {@link #quantization()}'s weights; empty when the size is not known. */
        public Optional<FitCheck.Result> fit() {
            return screened.fit();
        }

        /** The quantization judged: the filter's, else the one a download would pick. */
        public Optional<String> quantization() {
            return screened.quantization();
        }

        /** Every quantization the repository offers, when the Hub listed its files. */
        public Optional<List<String>> offered() {
            return screened.offered();
        }

        public String title() {
            return recommended().map(CatalogEntry::name).orElse(repo());
        }

        /** "0.5B parameters · Apache-2.0 · …" for the catalog, "8.0B parameters · llama · 1.2M downloads · 340 likes" for the Hub. */
        public String subtitle() {
            List<String> parts = new ArrayList<>();
            recommended().ifPresentOrElse(e -> {
                parts.add(e.parametersLabel() + " parameters");
                parts.add(e.license());
            }, () -> {
                if (screened.parameters() > 0) {
                    parts.add(ModelFacts.parameterLabel(screened.parameters()) + " parameters");
                }
                if (!screened.architecture().isBlank()) {
                    parts.add(screened.architecture());
                }
            });
            if (downloads() > 0 || likes() > 0) {
                parts.add(compact(downloads()) + " downloads");
                parts.add(compact(likes()) + " likes");
            }
            return String.join(" · ", parts);
        }

        public Optional<String> goodFor() {
            return recommended().map(CatalogEntry::goodFor);
        }

        /** "fits", "tight", "won't fit", or "size unknown" when neither parameters nor quantization are known. */
        public String fitLabel() {
            return fit().map(f -> switch (f.verdict()) {
                case FITS -> "fits";
                case TIGHT -> "tight";
                case WONT_FIT -> "won't fit";
            }).orElse("size unknown");
        }

        /** "Q4_K_M, about 4.6 GiB", "Q4_K_M", or empty when no quantization is known. */
        public String sizeLabel() {
            return quantization().map(q -> q + fit().map(f -> ", about " + FitCheck.gib(f.weights())).orElse(""))
                    .orElse("");
        }

        /** For a row whose architecture no engine here runs: what it needs instead; empty when it runs or is not known. */
        public Optional<String> engineNote() {
            return switch (compatibility().verdict()) {
                case NEEDS_NEWER_ENGINE -> Optional.of("needs a newer llama.cpp");
                case UNSUPPORTED -> Optional.of("no local engine runs it");
                case RUNS, UNKNOWN -> Optional.empty();
            };
        }

        /** The whole judgement, for a tooltip. */
        public String explain() {
            StringBuilder s = new StringBuilder(repo());
            s.append('\n').append(subtitle());
            goodFor().ifPresent(g -> s.append('\n').append(g));
            offered().ifPresent(o -> s.append("\nQuantizations: ").append(o.isEmpty() ? "none listed" : String.join(", ", o)));
            s.append("\nMemory: ").append(fit().map(FitCheck.Result::message).orElse(quantization().isEmpty()
                    ? "not known until the repository is opened (the Hub did not list its files)"
                    : "not known until the repository is opened (the Hub did not say how many parameters it has)"));
            s.append("\nEngine: ").append(compatibility().message());
            return s.toString();
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

        ModelDiscovery.FileOption option() {
            return new ModelDiscovery.FileOption(model, compatibility, fit, speed);
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
    private final BooleanProperty fitsOnly = new SimpleBooleanProperty(this, "fitsOnly", false);
    private final StringProperty quantization = new SimpleStringProperty(this, "quantization", ANY_QUANTIZATION);
    private final BooleanProperty supportedOnly = new SimpleBooleanProperty(this, "supportedOnly", false);
    private final ObservableList<String> quantizationChoices = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper filtersActive = new ReadOnlyBooleanWrapper(this, "filtersActive", false);
    private final ObservableList<ResultRow> results = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper searching = new ReadOnlyBooleanWrapper(this, "searching", false);
    private final ReadOnlyBooleanWrapper moreAvailable = new ReadOnlyBooleanWrapper(this, "moreAvailable", false);
    private final ReadOnlyStringWrapper hubProblem = new ReadOnlyStringWrapper(this, "hubProblem", "");
    private final ReadOnlyStringWrapper hubProblemTitle = new ReadOnlyStringWrapper(this, "hubProblemTitle", "");
    private final ReadOnlyStringWrapper mirrorNotice = new ReadOnlyStringWrapper(this, "mirrorNotice", "");
    private final ReadOnlyStringWrapper resultsCaption = new ReadOnlyStringWrapper(this, "resultsCaption", "");
    private final ReadOnlyStringWrapper hiddenResults = new ReadOnlyStringWrapper(this, "hiddenResults", "");
    private final ReadOnlyStringWrapper emptyResults = new ReadOnlyStringWrapper(this, "emptyResults", "No results");
    private final ObjectProperty<ResultRow> selectedResult = new SimpleObjectProperty<>(this, "selectedResult");
    private final ReadOnlyObjectWrapper<ModelDiscovery.RepoView> repo = new ReadOnlyObjectWrapper<>(this, "repo");
    private final ObservableList<FileRow> files = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper hiddenFiles = new ReadOnlyStringWrapper(this, "hiddenFiles", "");
    private final ReadOnlyStringWrapper emptyFiles = new ReadOnlyStringWrapper(this, "emptyFiles", NO_REPOSITORY);
    private final ReadOnlyBooleanWrapper loadingRepo = new ReadOnlyBooleanWrapper(this, "loadingRepo", false);
    private final ReadOnlyStringWrapper repoProblem = new ReadOnlyStringWrapper(this, "repoProblem", "");
    private final ReadOnlyStringWrapper repoProblemTitle = new ReadOnlyStringWrapper(this, "repoProblemTitle", "");
    private final ReadOnlyObjectWrapper<ProblemKind> repoProblemKind =
            new ReadOnlyObjectWrapper<>(this, "repoProblemKind", ProblemKind.OTHER);

    /** What kind of problem a repository has, for its icon. */
    public enum ProblemKind { NETWORK, ACCESS, OTHER }
    private final ObjectProperty<FileRow> selectedFile = new SimpleObjectProperty<>(this, "selectedFile");
    private final ReadOnlyObjectWrapper<Details> details = new ReadOnlyObjectWrapper<>(this, "details");
    private final ReadOnlyStringWrapper detailsStatus = new ReadOnlyStringWrapper(this, "detailsStatus", "");

    private Optional<URI> nextPage = Optional.empty();
    private String searchedQuery = "";
    private HubSort searchedSort = HubSort.DOWNLOADS;
    /** Null while the catalog is shown; the query of the search shown otherwise. */
    private String shownQuery;
    private long generation;
    private long screening;
    /** Every hit of the catalog or search shown, filtered or not, in order; judged against {@link #screenedWith}. */
    private List<ModelDiscovery.Screened> all = List.of();
    private SearchFilter screenedWith = SearchFilter.none(FitCheck.DEFAULT_CONTEXT);
    /** Every model of the open repository; {@link #files} is what the filters let through. */
    private List<FileRow> allFiles = List.of();

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
            if (a == null || b == null || !a.model().equals(b.model())) {
                details.set(null);
                detailsStatus.set("");
            }
        });
        context.addListener((o, a, b) -> {
            refit();
            rescreen();
        });
        javafx.beans.InvalidationListener filterChanged = o -> {
            filtersActive.set(filter().active());
            rescreen();
            showFiles();
        };
        fitsOnly.addListener(filterChanged);
        quantization.addListener(filterChanged);
        supportedOnly.addListener(filterChanged);
        updateQuantizationChoices();
    }

    /** The filters as chosen now. */
    public SearchFilter filter() {
        String q = quantization.get() == null ? ANY_QUANTIZATION : quantization.get();
        return new SearchFilter(fitsOnly.get(), q.isBlank() ? Optional.empty() : Optional.of(q), supportedOnly.get(),
                Math.max(1, context.get()));
    }

    /** Every filter off: everything found is listed again (nothing is asked of the Hub). */
    public void clearFilters() {
        fitsOnly.set(false);
        quantization.set(ANY_QUANTIZATION);
        supportedOnly.set(false);
    }

    /** The curated catalog, without asking the Hub: what the screen shows first. */
    public void showCatalog() {
        long mine = ++generation;
        nextPage = Optional.empty();
        moreAvailable.set(false);
        searching.set(false);
        hubProblem.set("");
        hubProblemTitle.set("");
        SearchFilter used = filter();
        tasks.execute(BackgroundTask.of("Read the catalog", p -> {
                    ModelDiscovery d = discovery.get();
                    HubSettings settings = hubSettings.get();
                    List<SearchHit> hits = d.catalog().entries().stream()
                            .map(e -> new SearchHit(e.repo(), Optional.of(e), Optional.empty(),
                                    d.engines().check(e.architecture(), Optional.of(e.defaultQuant()))))
                            .toList();
                    return new CatalogRows(d.screen(hits, used), settings);
                })
                .onSuccess(c -> {
                    endpoint = c.settings().endpoint();
                    mirrorNotice.set(usingMirror() ? "Using the Hub mirror " + endpoint + " (HF_ENDPOINT)" : "");
                    if (mine != generation) {
                        return;
                    }
                    shownQuery = null;
                    publish(c.rows(), used);
                })
                .onFailure(e -> dialogs.showError("Catalog unavailable", "Could not read the curated catalog: " + e.getMessage())));
    }

    private record CatalogRows(List<ModelDiscovery.Screened> rows, HubSettings settings) {
    }

    /** Searches the catalog and the Hub for {@link #queryProperty()}, first page. */
    public void search() {
        searchedQuery = query.get() == null ? "" : query.get().strip();
        searchedSort = sort.get();
        nextPage = Optional.empty();
        fetchPage(true);
    }

    /** The Hub's next page of the last search, added below (the filters apply to it too). */
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
            all.forEach(r -> shown.add(r.hit().repo()));
        }
        String q = searchedQuery;
        HubSort s = searchedSort;
        SearchFilter used = filter();
        searching.set(true);
        tasks.execute(BackgroundTask.of("Search the Hub", p -> {
                    ModelDiscovery d = discovery.get();
                    ModelDiscovery.SearchResults found = d.searchPage(q, s, PAGE_SIZE, cursor, shown);
                    return new Page(found, d.screen(found.hits(), used));
                })
                .onSuccess(page -> {
                    if (mine != generation) {
                        return;
                    }
                    ModelDiscovery.SearchResults found = page.found();
                    List<ModelDiscovery.Screened> rows = new ArrayList<>(first ? List.of() : all);
                    rows.addAll(page.screened());
                    nextPage = found.next();
                    moreAvailable.set(nextPage.isPresent());
                    if (found.hubProblem().isPresent()) {
                        hubProblemTitle.set(problemTitle(found.problemKind()));
                        hubProblem.set(problemText(found.problemKind(), found.hubProblem().get()));
                    } else {
                        hubProblemTitle.set("");
                        hubProblem.set("");
                    }
                    shownQuery = q;
                    if (first || screenedWith.equals(used)) {
                        publish(rows, used);
                    } else {
                        // The filters changed while this page was read: every page is judged again, the same way.
                        all = List.copyOf(rows);
                        rescreen();
                    }
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

    private record Page(ModelDiscovery.SearchResults found, List<ModelDiscovery.Screened> screened) {
    }

    /**
     * Shows what the filters let through of {@code rows}, judged against {@code used}; when the filters are no
     * longer those, judges them again first (in the background: memory is read, the Hub is not asked).
     */
    private void publish(List<ModelDiscovery.Screened> rows, SearchFilter used) {
        screening++;
        all = List.copyOf(rows);
        screenedWith = used;
        if (!used.equals(filter())) {
            rescreen();
            return;
        }
        results.setAll(all.stream().filter(ModelDiscovery.Screened::shown).map(ResultRow::new).toList());
        describeResults();
        updateQuantizationChoices();
    }

    /** Judges every hit shown against the filters and the context as they are now. */
    private void rescreen() {
        long mine = ++screening;
        if (all.isEmpty()) {
            // Nothing shown yet (the context set at start): nothing to judge, and no service to start for it.
            return;
        }
        List<SearchHit> hits = all.stream().map(ModelDiscovery.Screened::hit).toList();
        SearchFilter used = filter();
        tasks.execute(BackgroundTask.of("Filter the results", p -> discovery.get().screen(hits, used))
                .onSuccess(rows -> {
                    if (mine == screening) {
                        publish(rows, used);
                    }
                })
                .onFailure(e -> dialogs.showError("Could not filter the results", String.valueOf(e.getMessage()))));
    }

    private void describeResults() {
        SearchFilter f = screenedWith;
        List<ModelDiscovery.Screened> hidden = all.stream().filter(r -> !r.shown()).toList();
        Map<SearchFilter.Reason, Long> why = ModelDiscovery.countReasons(hidden);
        String reasons = why.entrySet().stream().map(e -> e.getValue() + " " + f.describe(e.getKey()))
                .collect(Collectors.joining(", "));
        String base;
        if (shownQuery == null) {
            base = "Recommended models (" + all.size() + "): search to find more on the Hub";
        } else {
            long recommended = all.stream().filter(r -> r.hit().recommended().isPresent()).count();
            base = all.isEmpty() ? "Nothing found for “" + shownQuery + "”"
                    : all.size() + " result" + (all.size() == 1 ? "" : "s")
                    + (recommended > 0 ? ", " + recommended + " recommended first" : "")
                    + (shownQuery.isEmpty() ? "" : " for “" + shownQuery + "”");
        }
        resultsCaption.set(hidden.isEmpty() ? base : base + " · " + hidden.size() + " hidden by filters");
        hiddenResults.set(hidden.isEmpty() ? "" : "Hidden: " + reasons);
        String nothing = shownQuery == null ? "The catalog is empty"
                : shownQuery.isEmpty() ? "No results" : "Nothing found for “" + shownQuery + "”";
        if (all.isEmpty() || !results.isEmpty()) {
            emptyResults.set(nothing);
        } else if (why.size() == 1) {
            emptyResults.set(switch (why.keySet().iterator().next()) {
                case TOO_LARGE -> String.format(Locale.ROOT, "No results fit this machine at %,d tokens of context —"
                        + " lower the context or clear the filter", f.context());
                case LACKS_QUANTIZATION -> "No results offer " + f.quantization().orElse("that quantization")
                        + " — choose another quantization or clear the filter";
                case NOT_SUPPORTED -> "No results run on a local engine here — clear “Supported architecture” to see"
                        + " them (a newer llama.cpp's llama-server runs them through an OpenAI-compatible endpoint)";
            });
        } else {
            emptyResults.set("All " + all.size() + " results are hidden by filters (" + reasons
                    + ") — clear a filter to see them");
        }
    }

    /** Any, the common quantizations, and every one seen in the results and the open repository, smallest first. */
    private void updateQuantizationChoices() {
        Set<String> labels = new TreeSet<>(QuantizationSize.BY_SIZE);
        labels.addAll(QuantizationSize.COMMON);
        all.forEach(r -> r.offered().ifPresent(labels::addAll));
        all.forEach(r -> r.quantization().ifPresent(labels::add));
        allFiles.forEach(f -> f.model().quantization().ifPresent(labels::add));
        String chosen = quantization.get();
        if (chosen != null && !chosen.isBlank()) {
            labels.add(chosen);
        }
        List<String> choices = new ArrayList<>();
        choices.add(ANY_QUANTIZATION);
        Set<String> seen = new java.util.HashSet<>();
        for (String l : labels) {
            if (seen.add(QuantizationSize.normalize(l))) {
                choices.add(l);
            }
        }
        // Item by item, not setAll: a ComboBox bound to the choice clears its value when its items are replaced.
        quantizationChoices.removeIf(c -> !choices.contains(c));
        for (int i = 0; i < choices.size(); i++) {
            if (i >= quantizationChoices.size() || !quantizationChoices.get(i).equals(choices.get(i))) {
                quantizationChoices.remove(choices.get(i));
                quantizationChoices.add(i, choices.get(i));
            }
        }
    }

    /** Lists a repository's models with engine, fit and speed (reads the header of its smallest model). */
    public void open(String repoId) {
        long ctx = context.get();
        allFiles = List.of();
        files.clear();
        hiddenFiles.set("");
        emptyFiles.set("Reading " + repoId + "…");
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
                    allFiles = view.files().stream()
                            .map(f -> new FileRow(f.model(), f.compatibility(), f.fit(), f.speed())).toList();
                    view.headerProblem().ifPresent(problem -> {
                        repoProblemKind.set(ProblemKind.OTHER);
                        repoProblemTitle.set("Header not read");
                        repoProblem.set(problem);
                    });
                    showFiles();
                    updateQuantizationChoices();
                })
                .onFailure(e -> {
                    if (!isCurrent(repoId)) {
                        return;
                    }
                    Optional<HubException.Kind> kind = e instanceof HubException h ? Optional.of(h.kind()) : Optional.empty();
                    repoProblemKind.set(kind.map(k -> switch (k) {
                        case NETWORK -> ProblemKind.NETWORK;
                        case GATED, UNAUTHORIZED -> ProblemKind.ACCESS;
                        default -> ProblemKind.OTHER;
                    }).orElse(ProblemKind.OTHER));
                    repoProblemTitle.set(problemTitle(kind));
                    repoProblem.set(problemText(kind, String.valueOf(e.getMessage())));
                    emptyFiles.set("No files to show (" + problemTitle(kind) + ")");
                })
                .onFinished(() -> {
                    if (isCurrent(repoId)) {
                        loadingRepo.set(false);
                    }
                }));
    }

    /**
     * The open repository's models the filters let through, and a line on what they hid. The selection stays
     * when its model is still listed, else goes to the usual choice among those listed.
     */
    private void showFiles() {
        ModelDiscovery.RepoView view = repo.get();
        SearchFilter f = filter();
        FileRow keep = selectedFile.get();
        List<FileRow> visible = new ArrayList<>();
        List<FileRow> hidden = new ArrayList<>();
        Map<SearchFilter.Reason, Long> why = new EnumMap<>(SearchFilter.Reason.class);
        for (FileRow row : allFiles) {
            Set<SearchFilter.Reason> reasons = f.rejects(row.option());
            (reasons.isEmpty() ? visible : hidden).add(row);
            reasons.forEach(r -> why.merge(r, 1L, Long::sum));
        }
        String reasons = why.entrySet().stream().map(e -> e.getValue() + " " + f.describe(e.getKey()))
                .collect(Collectors.joining(", "));
        files.setAll(visible);
        hiddenFiles.set(hidden.isEmpty() ? "" : hidden.size() + " of " + allFiles.size() + " file"
                + (allFiles.size() == 1 ? "" : "s") + " hidden by filters (" + reasons + "): "
                + hidden.stream().map(FileRow::quantization).collect(Collectors.joining(", ")));
        if (view == null) {
            emptyFiles.set(loadingRepo.get() ? emptyFiles.get() : NO_REPOSITORY);
        } else if (allFiles.isEmpty()) {
            emptyFiles.set(view.repo() + " has no GGUF model files");
        } else {
            emptyFiles.set("None of the " + allFiles.size() + " files matches the filters (" + reasons
                    + ") — clear the filters to see them");
        }
        Optional<FileRow> again = keep == null ? Optional.empty()
                : visible.stream().filter(r -> r.model().equals(keep.model())).findFirst();
        if (again.isPresent()) {
            selectedFile.set(again.get());
            return;
        }
        Optional<FileRow> usual = view == null ? Optional.empty() : view.defaultChoice()
                .flatMap(m -> visible.stream().filter(r -> r.model().equals(m)).findFirst());
        // Without a usual choice nothing is preselected, unless the filters hid the selection or the usual choice.
        selectedFile.set(usual.or(() -> keep != null || !hidden.isEmpty()
                ? visible.stream().filter(r -> r.model().complete()).findFirst() : Optional.empty()).orElse(null));
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
        List<FileRow> before = allFiles;
        tasks.execute(BackgroundTask.of("Estimate memory", p -> before.stream()
                        .map(f -> new FileRow(f.model(), f.compatibility(),
                                Optional.of(discovery.get().fit(withWeights(shape, f.model().totalSize()), ctx)), f.speed()))
                        .toList())
                .onSuccess(rows -> {
                    if (repo.get() != view || context.get() != ctx) {
                        return;
                    }
                    allFiles = rows;
                    showFiles();
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
    /** Only models that fit this machine's memory at {@link #contextProperty()} (or are tight). */
    public BooleanProperty fitsOnlyProperty() { return fitsOnly; }
    /** A quantization label such as "Q4_K_M"; {@link #ANY_QUANTIZATION} for any. */
    public StringProperty quantizationProperty() { return quantization; }
    /** Only models a local engine here runs. */
    public BooleanProperty supportedOnlyProperty() { return supportedOnly; }
    public ObservableList<String> quantizationChoices() { return quantizationChoices; }
    public ReadOnlyBooleanProperty filtersActiveProperty() { return filtersActive.getReadOnlyProperty(); }
    /** "Hidden: 3 too large at 4,096 tokens, 2 without Q5_K_M"; empty when the filters hide nothing. */
    public ReadOnlyStringProperty hiddenResultsProperty() { return hiddenResults.getReadOnlyProperty(); }
    /** Why the list is empty: nothing found, or what the filters hid and how to see it. */
    public ReadOnlyStringProperty emptyResultsProperty() { return emptyResults.getReadOnlyProperty(); }
    /** "2 of 5 files hidden by filters (…): Q8_0, F16"; empty when none is. */
    public ReadOnlyStringProperty hiddenFilesProperty() { return hiddenFiles.getReadOnlyProperty(); }
    /** Why the file table is empty. */
    public ReadOnlyStringProperty emptyFilesProperty() { return emptyFiles.getReadOnlyProperty(); }
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
    public ReadOnlyObjectProperty<ProblemKind> repoProblemKindProperty() { return repoProblemKind.getReadOnlyProperty(); }
    public ObjectProperty<FileRow> selectedFileProperty() { return selectedFile; }
    public ReadOnlyObjectProperty<Details> detailsProperty() { return details.getReadOnlyProperty(); }
    public ReadOnlyStringProperty detailsStatusProperty() { return detailsStatus.getReadOnlyProperty(); }

    static String compact(long n) {
        if (n >= 1_000_000) return String.format(java.util.Locale.ROOT, "%.1fM", n / 1e6);
        if (n >= 1_000) return String.format(java.util.Locale.ROOT, "%.1fk", n / 1e3);
        return Long.toString(n);
    }
}
