package dev.parallax.ui.discover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.history.DownloadRepository;
import dev.parallax.history.HistoryDatabase;
import dev.parallax.models.Catalog;
import dev.parallax.models.CatalogEntry;
import dev.parallax.models.Compatibility;
import dev.parallax.models.EngineSupport;
import dev.parallax.models.FitCheck;
import dev.parallax.models.MemoryBudget;
import dev.parallax.models.ModelShape;
import dev.parallax.models.ModelStore;
import dev.parallax.models.QuantizationSize;
import dev.parallax.models.SpeedPrediction;
import dev.parallax.models.download.DownloadManager;
import dev.parallax.models.download.DownloadOptions;
import dev.parallax.models.hub.HubClient;
import dev.parallax.models.hub.HubSettings;
import dev.parallax.models.hub.ModelDiscovery;
import dev.parallax.testing.FakeHub;
import dev.parallax.testing.TestModels;
import dev.parallax.ui.FakeDialogService;
import dev.parallax.ui.base.CurrentThreadTaskExecutor;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Discover's filters (fits this machine, quantization, supported architecture) on the result list and on an
 * opened repository's files, against a fake Hub on 127.0.0.1, without the JavaFX toolkit.
 */
class DiscoverFiltersTest {

    static final String SMOL = "bartowski/SmolLM2-135M-Instruct-GGUF";
    static final String BIG = "demo/Llama-3.1-70B-Instruct-GGUF";
    static final String QWEN3 = "demo/Qwen3-4B-GGUF";
    static final String Q5 = "demo/TinyStories-Q5-GGUF";
    static final String ALIEN = "demo/Mystery-9B-GGUF";
    static final String SMALL = "demo/Small-1B-GGUF";
    static FakeHub hub;

    @TempDir
    Path home;
    HistoryDatabase db;
    DownloadManager downloads;
    final FakeDialogService dialogs = new FakeDialogService();
    final CurrentThreadTaskExecutor tasks = new CurrentThreadTaskExecutor();
    final AtomicReference<MemoryBudget> memory = new AtomicReference<>(new MemoryBudget(16L << 30, 12L << 30, Optional.empty()));

    @BeforeAll
    static void startHub() throws Exception {
        hub = FakeHub.start();
        Path tiny = TestModels.generatedTinyModel(true);
        hub.repo(SMOL, 500_000, 300, 5)
                .file(SMOL, "SmolLM2-135M-Instruct-Q8_0.gguf", tiny)
                .file(SMOL, "SmolLM2-135M-Instruct-Q4_K_M.gguf", tiny)
                .file(SMOL, "split/SmolLM2-135M-Instruct-F16-00001-of-00002.gguf", tiny)
                .file(SMOL, "split/SmolLM2-135M-Instruct-F16-00002-of-00002.gguf", tiny);
        // What the Hub says of these (parameters, architecture) is set; their files are tiny stand-ins.
        hub.repo(BIG, 90_000, 900, 40).gguf(BIG, 70_553_706_496L, "llama", 131_072)
                .file(BIG, "Llama-3.1-70B-Instruct-Q4_K_M.gguf", tiny).file(BIG, "Llama-3.1-70B-Instruct-Q2_K.gguf", tiny);
        hub.repo(QWEN3, 80_000, 800, 30).gguf(QWEN3, 4_022_468_096L, "qwen3", 40_960)
                .file(QWEN3, "Qwen3-4B-Q4_K_M.gguf", tiny).file(QWEN3, "Qwen3-4B-Q8_0.gguf", tiny);
        hub.repo(Q5, 70_000, 700, 20).file(Q5, "TinyStories-Q5_K_M.gguf", tiny);
        hub.repo(ALIEN, 60_000, 600, 10).gguf(ALIEN, 9_000_000_000L, "mamba9", 8192)
                .file(ALIEN, "Mystery-9B-Q4_K_M.gguf", tiny);
        hub.repo(SMALL, 50_000, 500, 5).gguf(SMALL, 1_235_814_400L, "llama", 131_072)
                .file(SMALL, "Small-1B-Q4_K_M.gguf", tiny).file(SMALL, "Small-1B-Q5_K_M.gguf", tiny)
                .file(SMALL, "Small-1B-Q8_0.gguf", tiny);
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    @BeforeEach
    void open() {
        hub.clearFaults();
        hub.searchPageSize(1000);
        db = HistoryDatabase.inMemory();
    }

    @AfterEach
    void close() {
        if (downloads != null) {
            downloads.close();
        }
        db.close();
    }

    DiscoverViewModel viewModel() {
        HubSettings settings = HubSettings.fromEnvironment(Map.of("HF_ENDPOINT", hub.endpoint().toString()), Optional.empty(),
                "test");
        HubClient client = new HubClient(settings, HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build(),
                d -> { });
        // The current llama.cpp engine is not installed here: what only it knows (qwen3) needs a newer engine.
        ModelDiscovery discovery = new ModelDiscovery(client, Catalog.bundled(), EngineSupport.bundled(false), memory::get,
                () -> new SpeedPrediction(List.of()));
        downloads = new DownloadManager(client, new DownloadRepository(db, Clock.systemUTC()),
                new ModelStore(home.resolve("models")), DownloadOptions.defaults());
        DiscoverViewModel vm = new DiscoverViewModel(() -> discovery, () -> downloads, client::settings, tasks, dialogs);
        vm.showCatalog();
        return vm;
    }

    static List<String> repos(DiscoverViewModel vm) {
        return vm.results().stream().map(DiscoverViewModel.ResultRow::repo).toList();
    }

    static DiscoverViewModel.ResultRow row(DiscoverViewModel vm, String repo) {
        return vm.results().stream().filter(r -> r.repo().equals(repo)).findFirst().orElseThrow(() ->
                new AssertionError(repo + " not among " + repos(vm)));
    }

    long hubApiRequests() {
        return hub.requests().stream().filter(r -> r.server().equals("hub")).count();
    }

    @Test
    void hubResultsAreJudgedFromTheHubsGgufSummaryAndFileNames() {
        DiscoverViewModel vm = viewModel();
        vm.queryProperty().set("demo");
        vm.search();
        assertEquals(List.of(BIG, QWEN3, Q5, ALIEN, SMALL), repos(vm));

        DiscoverViewModel.ResultRow big = row(vm, BIG);
        assertEquals(Optional.of(List.of("Q2_K", "Q4_K_M")), big.offered());
        assertEquals(Optional.of("Q4_K_M"), big.quantization(), "what a download would pick");
        assertEquals("won't fit", big.fitLabel(), big.fit().map(FitCheck.Result::message).orElse(""));
        assertTrue(big.fit().orElseThrow().message().startsWith("won't fit: the Q4_K_M weights take about 40 GiB"
                + " (70.6B parameters at 4.9 bits)"), big.fit().orElseThrow().message());
        assertTrue(big.subtitle().startsWith("70.6B parameters · llama · 90.0k downloads"), big.subtitle());
        assertEquals(Compatibility.Verdict.RUNS, big.compatibility().verdict());

        DiscoverViewModel.ResultRow small = row(vm, SMALL);
        assertEquals("fits", small.fitLabel());
        assertTrue(small.fit().orElseThrow().message().contains("the KV cache at 4,096 tokens is added once you open"),
                small.fit().orElseThrow().message());
        assertEquals("Q4_K_M, about 0.7 GiB", small.sizeLabel());

        assertEquals(Compatibility.Verdict.NEEDS_NEWER_ENGINE, row(vm, QWEN3).compatibility().verdict());
        assertEquals(Optional.of("needs a newer llama.cpp"), row(vm, QWEN3).engineNote());
        assertEquals(Compatibility.Verdict.UNSUPPORTED, row(vm, ALIEN).compatibility().verdict());
        DiscoverViewModel.ResultRow q5 = row(vm, Q5);
        assertEquals(Optional.of("Q5_K_M"), q5.quantization(), "no Q4_K_M: the smallest at 4 bits or more");
        assertEquals("llama", q5.screened().architecture(), "read by the Hub from the file's header");
    }

    @Test
    void fitsThisMachineHidesWhatCannotFitWithoutAskingTheHubAgainAndSaysWhy() {
        DiscoverViewModel vm = viewModel();
        vm.queryProperty().set("demo");
        vm.search();
        hub.clearRequests();
        vm.fitsOnlyProperty().set(true);
        assertFalse(repos(vm).contains(BIG));
        assertTrue(repos(vm).containsAll(List.of(QWEN3, Q5, ALIEN, SMALL)), repos(vm).toString());
        assertEquals("5 results for “demo” · 1 hidden by filters", vm.resultsCaptionProperty().get());
        assertEquals("Hidden: 1 too large at 4,096 tokens", vm.hiddenResultsProperty().get());
        assertTrue(vm.filtersActiveProperty().get());

        // A machine with 2 GiB: only the small ones are left; then one with 128 MiB: none, and the list says why.
        memory.set(new MemoryBudget(2L << 30, 3L << 29, Optional.empty()));
        vm.contextProperty().set(8192);
        assertEquals(List.of(Q5, SMALL), repos(vm), "Qwen3 4B and Mystery 9B no longer fit");
        memory.set(new MemoryBudget(128L << 20, 100L << 20, Optional.empty()));
        vm.contextProperty().set(4096);
        assertTrue(vm.results().isEmpty());
        assertEquals("No results fit this machine at 4,096 tokens of context — lower the context or clear the filter",
                vm.emptyResultsProperty().get());
        assertEquals(0, hubApiRequests(), "filters and context judge what was found; the Hub is not asked again");

        vm.clearFilters();
        assertEquals(5, vm.results().size());
        assertEquals("", vm.hiddenResultsProperty().get());
        assertFalse(vm.filtersActiveProperty().get());
    }

    @Test
    void aQuantizationFilterKeepsRepositoriesThatOfferItAndSurvivesPaging() {
        hub.searchPageSize(2);
        DiscoverViewModel vm = viewModel();
        vm.queryProperty().set("demo");
        vm.search();
        assertEquals(List.of(BIG, QWEN3), repos(vm));
        vm.quantizationProperty().set("Q5_K_M");
        assertTrue(vm.results().isEmpty());
        assertEquals("No results offer Q5_K_M — choose another quantization or clear the filter",
                vm.emptyResultsProperty().get());
        assertTrue(vm.moreAvailableProperty().get());
        while (vm.moreAvailableProperty().get()) {
            vm.loadMore();
        }
        assertEquals(List.of(Q5, SMALL), repos(vm), "later pages are filtered the same way");
        assertEquals(Optional.of("Q5_K_M"), row(vm, SMALL).quantization(), "the estimate is made for the chosen quant");
        assertTrue(row(vm, SMALL).sizeLabel().startsWith("Q5_K_M, about"), row(vm, SMALL).sizeLabel());
        assertEquals("Hidden: 3 without Q5_K_M", vm.hiddenResultsProperty().get());
        assertEquals("Q5_K_M", vm.quantizationProperty().get(), "the choice stays while pages are added");
        assertTrue(vm.quantizationChoices().containsAll(List.of("", "Q2_K", "Q4_K_M", "Q5_K_M", "Q8_0")),
                vm.quantizationChoices().toString());
        List<String> labels = vm.quantizationChoices().subList(1, vm.quantizationChoices().size());
        assertEquals(labels.stream().sorted(QuantizationSize.BY_SIZE).toList(), labels, "smallest first");

        vm.quantizationProperty().set("q4_k_m");
        assertEquals(List.of(BIG, QWEN3, ALIEN, SMALL), repos(vm), "labels compare without regard to case");
    }

    @Test
    void supportedArchitectureHidesWhatNoLocalEngineRunsAndMixedReasonsAreCounted() {
        DiscoverViewModel vm = viewModel();
        vm.queryProperty().set("demo");
        vm.search();
        vm.supportedOnlyProperty().set(true);
        assertEquals(List.of(BIG, Q5, SMALL), repos(vm));
        assertEquals("Hidden: 2 not run by a local engine here", vm.hiddenResultsProperty().get());
        vm.fitsOnlyProperty().set(true);
        vm.quantizationProperty().set("Q8_0");
        assertEquals(List.of(SMALL), repos(vm));
        assertEquals("Hidden: 1 too large at 4,096 tokens, 3 without Q8_0, 2 not run by a local engine here",
                vm.hiddenResultsProperty().get());
        memory.set(new MemoryBudget(256L << 20, 200L << 20, Optional.empty()));
        vm.contextProperty().set(2048);
        assertTrue(vm.results().isEmpty());
        assertTrue(vm.emptyResultsProperty().get().startsWith("All 5 results are hidden by filters (4 too large at 2,048"
                + " tokens, 3 without Q8_0, 2 not run by a local engine here) — clear a filter"), vm.emptyResultsProperty().get());
    }

    @Test
    void catalogEntriesAreJudgedFromTheirParametersAndDefaultQuant() {
        memory.set(new MemoryBudget(4L << 30, 3L << 30, Optional.empty()));
        DiscoverViewModel vm = viewModel();
        int all = vm.results().size();
        assertEquals(Catalog.bundled().entries().size(), all);
        vm.fitsOnlyProperty().set(true);
        for (CatalogEntry e : Catalog.bundled().entries()) {
            long weights = QuantizationSize.weightBytes(e.parameters(), e.defaultQuant()).orElseThrow();
            long runtime = FitCheck.overheadBytes(new ModelShape(0, 0, 0, 0, 0, 0, 0, 0, 0), FitCheck.DEFAULT_CONTEXT);
            boolean tooLarge = weights + runtime > (4L << 30) * 0.9;
            assertEquals(!tooLarge, repos(vm).contains(e.repo()), e.name() + ": " + weights + " bytes of weights");
        }
        assertTrue(vm.results().size() < all, "a 7B model does not fit 4 GiB");
        assertTrue(vm.resultsCaptionProperty().get().startsWith("Recommended models (" + all + ")"),
                vm.resultsCaptionProperty().get());
        // The catalog does not list every quantization a repository offers: a quantization filter hides none of it.
        vm.fitsOnlyProperty().set(false);
        vm.quantizationProperty().set("IQ4_XS");
        assertEquals(all, vm.results().size());
    }

    @Test
    void theOpenRepositorysFilesAreFilteredTooWithAHintOfWhatIsHidden() {
        DiscoverViewModel vm = viewModel();
        vm.selectedResultProperty().set(vm.results().get(0));
        assertEquals(SMOL, vm.repoProperty().get().repo());
        assertEquals(3, vm.files().size());
        assertEquals("Q8_0", vm.selectedFileProperty().get().quantization(), "the catalog's choice");
        assertEquals("", vm.hiddenFilesProperty().get());

        hub.clearRequests();
        vm.quantizationProperty().set("Q4_K_M");
        assertEquals(List.of("Q4_K_M"), vm.files().stream().map(DiscoverViewModel.FileRow::quantization).toList());
        assertEquals("2 of 3 files hidden by filters (2 without Q4_K_M): Q8_0, F16", vm.hiddenFilesProperty().get());
        assertEquals("Q4_K_M", vm.selectedFileProperty().get().quantization(), "the hidden choice gives way to a shown one");
        assertEquals(SMOL, repos(vm).get(0), "the catalog's entry stays: its quantizations are not all known");

        vm.quantizationProperty().set(DiscoverViewModel.ANY_QUANTIZATION);
        assertEquals(3, vm.files().size());
        assertEquals("Q4_K_M", vm.selectedFileProperty().get().quantization(), "a shown choice stays");

        memory.set(new MemoryBudget(64L << 20, 32L << 20, Optional.empty()));
        vm.fitsOnlyProperty().set(true);
        vm.contextProperty().set(8192);
        assertTrue(vm.files().isEmpty());
        assertNull(vm.selectedFileProperty().get());
        assertEquals("None of the 3 files matches the filters (3 too large at 8,192 tokens) — clear the filters to see them",
                vm.emptyFilesProperty().get());
        assertEquals(0, hubApiRequests(), "the repository's files are filtered where they are");
        vm.clearFilters();
        assertEquals(3, vm.files().size());
    }
}
