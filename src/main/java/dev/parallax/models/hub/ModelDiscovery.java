package dev.parallax.models.hub;

import dev.parallax.engine.local.gguf.GgufException;
import dev.parallax.engine.local.gguf.GgufFile;
import dev.parallax.models.Catalog;
import dev.parallax.models.CatalogEntry;
import dev.parallax.models.Compatibility;
import dev.parallax.models.EngineSupport;
import dev.parallax.models.FitCheck;
import dev.parallax.models.MemoryBudget;
import dev.parallax.models.ModelFacts;
import dev.parallax.models.ModelShape;
import dev.parallax.models.QuantizationSize;
import dev.parallax.models.SpeedPrediction;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Finding a model and judging it before download, for the Discover screen and the CLI alike: search
 * (curated catalog first, then the Hub), a repository's files with their quantization, size, which
 * engine runs them, whether they fit in memory and how fast they would generate here, and a remote
 * file's GGUF header read through range requests. Blocking calls: run them off the UI thread.
 */
public final class ModelDiscovery {

    /** One search result: a catalog recommendation, a Hub repository, or both. */
    public record SearchHit(String repo, Optional<CatalogEntry> recommended, Optional<HubRepo> hub,
                            Compatibility compatibility) {
        public SearchHit {
            Objects.requireNonNull(repo, "repo");
            Objects.requireNonNull(recommended, "recommended");
            Objects.requireNonNull(hub, "hub");
            Objects.requireNonNull(compatibility, "compatibility");
        }
    }

    /**
     * @param hubProblem why the Hub part is missing (offline, rate-limited), when it is
     * @param problemKind what kind of failure that was, when there was one
     * @param next       where the Hub's next page of results is, when there is one
     */
    public record SearchResults(List<SearchHit> hits, Optional<String> hubProblem,
                                Optional<HubException.Kind> problemKind, Optional<java.net.URI> next) {
        public SearchResults {
            hits = List.copyOf(hits);
            Objects.requireNonNull(hubProblem, "hubProblem");
            Objects.requireNonNull(problemKind, "problemKind");
            Objects.requireNonNull(next, "next");
        }

        public SearchResults(List<SearchHit> hits, Optional<String> hubProblem) {
            this(hits, hubProblem, Optional.empty(), Optional.empty());
        }
    }

    /**
     * A search hit judged for this machine and against a filter, from what is known before any file is listed:
     * the catalog's entry, or the Hub's GGUF summary (parameters, architecture) and file names.
     *
     * @param quantization the quantization judged: the filter's, else the one a download would pick
     * @param parameters   the model's parameter count; 0 when not known
     * @param architecture the GGUF architecture; blank when not known
     * @param offered      every quantization the repository offers, when the Hub listed its files
     * @param fit          the memory estimate for {@code quantization}'s weights and the runtime (the KV cache
     *                     needs the file's header: it is counted once the repository is opened); empty when the
     *                     parameters or the quantization are not known
     * @param hiddenBy     why the filter hides it; empty when it is shown
     */
    public record Screened(SearchHit hit, Optional<String> quantization, long parameters, String architecture,
                           Optional<List<String>> offered, Optional<FitCheck.Result> fit, Compatibility compatibility,
                           Set<SearchFilter.Reason> hiddenBy) {
        public Screened {
            Objects.requireNonNull(hit, "hit");
            Objects.requireNonNull(quantization, "quantization");
            Objects.requireNonNull(architecture, "architecture");
            offered = offered.map(List::copyOf);
            Objects.requireNonNull(fit, "fit");
            Objects.requireNonNull(compatibility, "compatibility");
            hiddenBy = hiddenBy.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(hiddenBy));
        }

        public boolean shown() {
            return hiddenBy.isEmpty();
        }
    }

    /**
     * Search results after a filter.
     *
     * @param hidden what the filter hid, in the order found
     */
    public record Screening(List<Screened> shown, List<Screened> hidden, SearchFilter filter, Optional<String> hubProblem) {
        public Screening {
            shown = List.copyOf(shown);
            hidden = List.copyOf(hidden);
            Objects.requireNonNull(filter, "filter");
            Objects.requireNonNull(hubProblem, "hubProblem");
        }

        /** How many hits each reason hid (a hit can fail several), in {@link SearchFilter.Reason} order. */
        public Map<SearchFilter.Reason, Long> hiddenCounts() {
            return countReasons(hidden);
        }
    }

    /** How many of {@code hits} each reason hid, in {@link SearchFilter.Reason} order; reasons that hid none left out. */
    public static Map<SearchFilter.Reason, Long> countReasons(List<Screened> hits) {
        Map<SearchFilter.Reason, Long> counts = new EnumMap<>(SearchFilter.Reason.class);
        for (Screened s : hits) {
            s.hiddenBy().forEach(r -> counts.merge(r, 1L, Long::sum));
        }
        return counts;
    }

    /** A remote model file's header, as far as a person needs it before downloading. */
    public record RemoteHeader(String fileName, ModelFacts facts, Optional<String> chatTemplate, ModelShape shape) {
    }

    /** One downloadable model of a repository, judged for this machine. */
    public record FileOption(ModelFileGroup model, Compatibility compatibility, Optional<FitCheck.Result> fit,
                             SpeedPrediction.Estimate speed) {
    }

    /**
     * A repository's models.
     *
     * @param header       the header of its smallest model (quants of one repository share architecture and shape)
     * @param headerProblem why there is no header, when there is none
     */
    public record RepoView(String repo, String revision, Optional<CatalogEntry> recommended, Optional<RemoteHeader> header,
                           Optional<String> headerProblem, List<FileOption> files, List<ModelFileGroup> projectors) {
        public RepoView {
            files = List.copyOf(files);
            projectors = List.copyOf(projectors);
        }

        /** The recommended quant if the catalog names one, else Q4_K_M, else the only model. */
        public Optional<ModelFileGroup> defaultChoice() {
            List<ModelFileGroup> models = files.stream().map(FileOption::model).filter(ModelFileGroup::complete).toList();
            Optional<String> wanted = recommended.map(CatalogEntry::defaultQuant);
            for (String quant : wanted.map(q -> List.of(q, "Q4_K_M")).orElse(List.of("Q4_K_M"))) {
                Optional<ModelFileGroup> hit = models.stream()
                        .filter(g -> g.quantization().map(q -> q.equalsIgnoreCase(quant)).orElse(false)).findFirst();
                if (hit.isPresent()) {
                    return hit;
                }
            }
            return models.size() == 1 ? Optional.of(models.get(0)) : Optional.empty();
        }
    }

    private final HubClient hub;
    private final Catalog catalog;
    private final EngineSupport engines;
    private final Supplier<MemoryBudget> memory;
    private final Supplier<SpeedPrediction> speeds;

    public ModelDiscovery(HubClient hub, Catalog catalog, EngineSupport engines, Supplier<MemoryBudget> memory,
                          Supplier<SpeedPrediction> speeds) {
        this.hub = hub;
        this.catalog = catalog;
        this.engines = engines;
        this.memory = memory;
        this.speeds = speeds;
    }

    public Catalog catalog() {
        return catalog;
    }

    public EngineSupport engines() {
        return engines;
    }

    /** Catalog matches first (in catalog order), then Hub repositories by {@code sort}; at most {@code limit} in all. */
    public SearchResults search(String query, HubSort sort, int limit) {
        List<SearchHit> hits = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (CatalogEntry e : catalog.search(query)) {
            if (hits.size() < limit) {
                hits.add(new SearchHit(e.repo(), Optional.of(e), Optional.empty(),
                        engines.check(e.architecture(), Optional.of(e.defaultQuant()))));
                seen.add(e.repo().toLowerCase(Locale.ROOT));
            }
        }
        Optional<String> problem = Optional.empty();
        try {
            for (HubRepo repo : hub.search(query, sort, limit)) {
                String key = repo.id().toLowerCase(Locale.ROOT);
                if (seen.contains(key)) {
                    for (int i = 0; i < hits.size(); i++) {
                        if (hits.get(i).repo().equalsIgnoreCase(repo.id())) {
                            SearchHit h = hits.get(i);
                            hits.set(i, new SearchHit(h.repo(), h.recommended(), Optional.of(repo), h.compatibility()));
                        }
                    }
                } else if (hits.size() < limit) {
                    seen.add(key);
                    hits.add(new SearchHit(repo.id(), Optional.empty(), Optional.of(repo), compatibility(repo)));
                }
            }
        } catch (HubException e) {
            problem = Optional.of(e.getMessage());
        }
        return new SearchResults(hits, problem);
    }

    /**
     * {@link #search(String, HubSort, int)} through a filter: at most {@code limit} hits it lets through. With a
     * filter on, the Hub is asked for four times as many repositories (at most 1,000), so that what the filter
     * hides does not leave the answer short.
     */
    public Screening search(String query, HubSort sort, int limit, SearchFilter filter) {
        SearchResults found = search(query, sort, filter.active() ? Math.min(1000, Math.max(limit, limit * 4)) : limit);
        List<Screened> shown = new ArrayList<>();
        List<Screened> hidden = new ArrayList<>();
        for (Screened s : screen(found.hits(), filter)) {
            if (!s.shown()) {
                hidden.add(s);
            } else if (shown.size() < limit) {
                shown.add(s);
            }
        }
        return new Screening(shown, hidden, filter, found.hubProblem());
    }

    /** Each hit judged for this machine (memory read once) and against {@code filter}, in order. */
    public List<Screened> screen(List<SearchHit> hits, SearchFilter filter) {
        MemoryBudget budget = memory.get();
        return hits.stream().map(h -> screen(h, filter, budget)).toList();
    }

    private Screened screen(SearchHit hit, SearchFilter filter, MemoryBudget budget) {
        Optional<CatalogEntry> entry = hit.recommended();
        Optional<HubRepo.Gguf> gguf = hit.hub().flatMap(HubRepo::gguf);
        Optional<List<String>> offered = hit.hub().flatMap(HubRepo::quantizations);
        long parameters = entry.map(CatalogEntry::parameters).filter(p -> p > 0)
                .or(() -> gguf.map(HubRepo.Gguf::parameters).filter(p -> p > 0)).orElse(0L);
        String architecture = entry.map(CatalogEntry::architecture).filter(a -> !a.isBlank())
                .or(() -> gguf.map(HubRepo.Gguf::architecture).filter(a -> !a.isBlank())).orElse("");
        Optional<String> quant = filter.quantization().isPresent()
                ? offered.flatMap(list -> list.stream().filter(q -> QuantizationSize.same(q, filter.quantization().get()))
                        .findFirst()).or(filter::quantization)
                : usualQuantization(entry, offered);
        Compatibility compat = architecture.isBlank() ? hit.compatibility() : engines.check(architecture, quant);
        Optional<FitCheck.Result> fit = quant.flatMap(q -> QuantizationSize.weightBytes(parameters, q)
                .map(weights -> estimate(weights, parameters, q, filter.context(), budget)));

        Set<SearchFilter.Reason> hiddenBy = EnumSet.noneOf(SearchFilter.Reason.class);
        if (filter.quantization().isPresent() && offered.isPresent()
                && offered.get().stream().noneMatch(q -> QuantizationSize.same(q, filter.quantization().get()))) {
            hiddenBy.add(SearchFilter.Reason.LACKS_QUANTIZATION);
        }
        if (filter.fitsOnly() && fit.map(f -> f.verdict() == FitCheck.Verdict.WONT_FIT).orElse(false)) {
            hiddenBy.add(SearchFilter.Reason.TOO_LARGE);
        }
        if (filter.supportedOnly() && (compat.verdict() == Compatibility.Verdict.NEEDS_NEWER_ENGINE
                || compat.verdict() == Compatibility.Verdict.UNSUPPORTED)) {
            hiddenBy.add(SearchFilter.Reason.NOT_SUPPORTED);
        }
        return new Screened(hit, quant, parameters, architecture, offered, fit, compat, hiddenBy);
    }

    /**
     * The quantization a download of this repository would pick: the catalog's choice, else Q4_K_M, else the
     * smallest offered at 4 bits or more, else the smallest; empty when the files are not known.
     */
    static Optional<String> usualQuantization(Optional<CatalogEntry> entry, Optional<List<String>> offered) {
        if (entry.isPresent()) {
            return Optional.of(entry.get().defaultQuant());
        }
        return offered.filter(l -> !l.isEmpty()).map(list -> list.stream().filter(q -> QuantizationSize.same(q, "Q4_K_M"))
                .findFirst().orElseGet(() -> list.stream()
                        .filter(q -> QuantizationSize.bitsPerWeight(q).orElse(0) >= 4).findFirst().orElse(list.get(0))));
    }

    /**
     * Weights and runtime against this machine's memory: a lower bound on what the model needs (the KV cache
     * is left out until the header is read), so "won't fit" is certain and "fits" provisional.
     */
    private static FitCheck.Result estimate(long weights, long parameters, String quant, long context, MemoryBudget budget) {
        FitCheck.Result r = FitCheck.check(new ModelShape(weights, 0, 0, 0, 0, 0, 0, 0, 0), context, budget);
        String what = String.format(Locale.ROOT, "the %s weights take about %s (%s parameters at %.1f bits)", quant,
                FitCheck.gib(weights), ModelFacts.parameterLabel(parameters),
                QuantizationSize.bitsPerWeight(quant).orElse(0));
        String later = String.format(Locale.ROOT, "; the KV cache at %,d tokens is added once you open the repository", context);
        String message = switch (r.verdict()) {
            case FITS -> "fits: " + what + ", with the runtime " + FitCheck.gib(r.needed()) + " of "
                    + FitCheck.gib(r.available()) + " available" + later;
            case TIGHT -> "tight: " + what + ", with the runtime " + FitCheck.gib(r.needed()) + ", and "
                    + FitCheck.gib(r.available()) + " is available now" + later;
            case WONT_FIT -> "won't fit: " + what + ", more than this machine's " + FitCheck.gib(r.total())
                    + " allows: choose a smaller quantization or model";
        };
        return new FitCheck.Result(r.verdict(), context, weights, 0, r.overhead(), r.needed(), r.available(), r.total(),
                message);
    }

    /** From the Hub's GGUF summary and the quantization a download would pick; unknown without an architecture. */
    private Compatibility compatibility(HubRepo repo) {
        return repo.gguf().map(HubRepo.Gguf::architecture).filter(a -> !a.isBlank())
                .map(a -> engines.check(a, usualQuantization(Optional.empty(), repo.quantizations())))
                .orElseGet(ModelDiscovery::unknown);
    }

    /**
     * One page of results for a screen that pages: on the first page ({@code cursor} empty) the catalog's
     * matches, then the Hub's first {@code pageSize} repositories; on a later page the Hub's repositories at
     * {@code cursor}, leaving out those in {@code shown} (catalog entries already listed).
     */
    public SearchResults searchPage(String query, HubSort sort, int pageSize, Optional<java.net.URI> cursor,
                                    Set<String> shown) {
        List<SearchHit> hits = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        shown.forEach(r -> seen.add(r.toLowerCase(Locale.ROOT)));
        if (cursor.isEmpty()) {
            for (CatalogEntry e : catalog.search(query)) {
                hits.add(new SearchHit(e.repo(), Optional.of(e), Optional.empty(),
                        engines.check(e.architecture(), Optional.of(e.defaultQuant()))));
                seen.add(e.repo().toLowerCase(Locale.ROOT));
            }
        }
        try {
            HubClient.SearchPage page = hub.searchPage(query, sort, pageSize, cursor);
            for (HubRepo repo : page.repos()) {
                String key = repo.id().toLowerCase(Locale.ROOT);
                int at = -1;
                for (int i = 0; i < hits.size(); i++) {
                    if (hits.get(i).repo().equalsIgnoreCase(repo.id())) {
                        at = i;
                    }
                }
                if (at >= 0) {
                    SearchHit h = hits.get(at);
                    hits.set(at, new SearchHit(h.repo(), h.recommended(), Optional.of(repo), h.compatibility()));
                } else if (seen.add(key)) {
                    hits.add(new SearchHit(repo.id(), Optional.empty(), Optional.of(repo), compatibility(repo)));
                }
            }
            return new SearchResults(hits, Optional.empty(), Optional.empty(), page.next());
        } catch (HubException e) {
            return new SearchResults(hits, Optional.of(e.getMessage()), Optional.of(e.kind()), Optional.empty());
        }
    }

    /**
     * A repository's models with size, quant, engine, fit at {@code context} tokens and predicted speed. Reads
     * the header of the smallest model by range requests to learn the architecture and attention shape.
     */
    public RepoView files(String repo, String revision, long context) throws HubException {
        RepoListing listing = hub.listing(repo, revision);
        Optional<CatalogEntry> recommended = catalog.byRepo(repo);
        Optional<RemoteHeader> header = Optional.empty();
        Optional<String> problem = Optional.empty();
        Optional<ModelFileGroup> probe = listing.models().stream().filter(ModelFileGroup::complete).findFirst();
        if (probe.isPresent()) {
            try {
                header = Optional.of(inspect(repo, revision, probe.get()));
            } catch (HubException | GgufException e) {
                problem = Optional.of("could not read the header of " + probe.get().first().fileName() + ": " + e.getMessage());
            }
        } else {
            problem = Optional.of(listing.models().isEmpty() ? repo + " has no GGUF model files"
                    : "every model in " + repo + " lacks some of its parts");
        }
        SpeedPrediction speed = speeds.get();
        MemoryBudget budget = memory.get();
        List<FileOption> files = new ArrayList<>();
        for (ModelFileGroup model : listing.models()) {
            String arch = header.map(h -> h.facts().architecture()).orElse(recommended.map(CatalogEntry::architecture).orElse(""));
            Compatibility compat = engines.check(arch, model.quantization());
            Optional<FitCheck.Result> fit = header.map(h -> FitCheck.check(withWeights(h.shape(), model.totalSize()),
                    context, budget));
            files.add(new FileOption(model, compat, fit, speed.predict(model.totalSize())));
        }
        files.sort(Comparator.comparingLong(f -> f.model().totalSize()));
        return new RepoView(repo, revision, recommended, header, problem, files, listing.projectors());
    }

    /** The header of one model (its first part), with its facts, chat template and shape. */
    public RemoteHeader inspect(String repo, String revision, ModelFileGroup model) throws HubException, GgufException {
        ResolvedFile file = hub.resolve(repo, revision, model.first().path());
        GgufFile gguf = hub.readHeader(file);
        return new RemoteHeader(file.fileName(), ModelFacts.of(gguf), gguf.chatTemplate(),
                ModelShape.of(gguf, model.totalSize()));
    }

    /** The whole GGUF header of one model's first file, read by range requests. */
    public GgufFile header(String repo, String revision, ModelFileGroup model) throws HubException, GgufException {
        return hub.readHeader(hub.resolve(repo, revision, model.first().path()));
    }

    /** Compatibility from a real header: architecture and every tensor type of the file. */
    public Compatibility compatibility(GgufFile header) {
        return engines.check(header);
    }

    /** Fit of a model of this shape at {@code context} tokens on this machine. */
    public FitCheck.Result fit(ModelShape shape, long context) {
        return FitCheck.check(shape, context, memory.get());
    }

    public SpeedPrediction.Estimate speed(long weightBytes) {
        return speeds.get().predict(weightBytes);
    }

    private static ModelShape withWeights(ModelShape s, long weights) {
        return new ModelShape(weights, s.layers(), s.heads(), s.kvHeads(), s.keyLength(), s.valueLength(),
                s.embeddingLength(), s.vocabSize(), s.trainedContext());
    }

    private static Compatibility unknown() {
        return new Compatibility(Compatibility.Verdict.UNKNOWN, Optional.empty(), List.of(),
                "open the repository to see which engine runs its files");
    }
}
