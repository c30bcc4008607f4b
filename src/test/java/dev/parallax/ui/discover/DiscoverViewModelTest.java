package dev.parallax.ui.discover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.core.DownloadStatus;
import dev.parallax.history.DownloadRepository;
import dev.parallax.history.HistoryDatabase;
import dev.parallax.models.Catalog;
import dev.parallax.models.EngineSupport;
import dev.parallax.models.FitCheck;
import dev.parallax.models.MemoryBudget;
import dev.parallax.models.ModelStore;
import dev.parallax.models.SpeedPrediction;
import dev.parallax.models.download.DownloadManager;
import dev.parallax.models.download.DownloadOptions;
import dev.parallax.models.download.DownloadSnapshot;
import dev.parallax.models.hub.HubClient;
import dev.parallax.models.hub.HubSettings;
import dev.parallax.models.hub.HubSort;
import dev.parallax.models.hub.ModelDiscovery;
import dev.parallax.testing.FakeHub;
import dev.parallax.testing.TestModels;
import dev.parallax.ui.FakeDialogService;
import dev.parallax.ui.base.CurrentThreadTaskExecutor;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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

/** The Discover screen's view-model against a fake Hub on 127.0.0.1, without the JavaFX toolkit. */
class DiscoverViewModelTest {

    static final String SMOL = "bartowski/SmolLM2-135M-Instruct-GGUF";
    static FakeHub hub;

    @TempDir
    Path home;
    HistoryDatabase db;
    DownloadManager downloads;
    final FakeDialogService dialogs = new FakeDialogService();
    final CurrentThreadTaskExecutor tasks = new CurrentThreadTaskExecutor();
    final AtomicReference<MemoryBudget> memory = new AtomicReference<>(new MemoryBudget(16L << 30, 8L << 30, Optional.empty()));

    @BeforeAll
    static void startHub() throws Exception {
        hub = FakeHub.start();
        Path tiny = TestModels.generatedTinyModel(true);
        hub.repo(SMOL, 500_000, 300, 5)
                .file(SMOL, "SmolLM2-135M-Instruct-Q8_0.gguf", tiny)
                .file(SMOL, "SmolLM2-135M-Instruct-Q4_K_M.gguf", tiny)
                .file(SMOL, "split/SmolLM2-135M-Instruct-F16-00001-of-00002.gguf", tiny)
                .file(SMOL, "split/SmolLM2-135M-Instruct-F16-00002-of-00002.gguf", tiny);
        for (int i = 0; i < 5; i++) {
            hub.repo("someone/smollm2-finetune-" + i + "-GGUF", 1000 - i, i, i)
                    .file("someone/smollm2-finetune-" + i + "-GGUF", "ft-" + i + "-Q4_K_M.gguf", tiny);
        }
        hub.repo("meta/SmolLM2-gated-GGUF", 10, 1, 1).file("meta/SmolLM2-gated-GGUF", "g-Q4_K_M.gguf", tiny)
                .gate("meta/SmolLM2-gated-GGUF", "hf_ok");
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

    HubClient client(String endpoint) {
        HubSettings settings = HubSettings.fromEnvironment(Map.of("HF_ENDPOINT", endpoint), Optional.empty(), "test");
        return new HubClient(settings, HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build(), d -> { });
    }

    DiscoverViewModel viewModel(String endpoint) {
        HubClient client = client(endpoint);
        ModelDiscovery discovery = new ModelDiscovery(client, Catalog.bundled(), EngineSupport.bundled(false), memory::get,
                () -> new SpeedPrediction(List.of(new SpeedPrediction.Measurement(50, 100L << 20))));
        downloads = new DownloadManager(client, new DownloadRepository(db, Clock.systemUTC()),
                new ModelStore(home.resolve("models")), DownloadOptions.defaults().withChunkBytes(64 * 1024)
                        .withRetryBackoff(Duration.ofMillis(10)));
        DiscoverViewModel vm = new DiscoverViewModel(() -> discovery, () -> downloads, client::settings, tasks, dialogs);
        vm.showCatalog();
        return vm;
    }

    DiscoverViewModel viewModel() {
        return viewModel(hub.endpoint().toString());
    }

    @Test
    void theCatalogComesFirstWithNameSizeLicenceAndPurpose() {
        DiscoverViewModel vm = viewModel();
        assertEquals(Catalog.bundled().entries().size(), vm.results().size());
        DiscoverViewModel.ResultRow first = vm.results().get(0);
        assertEquals("SmolLM2 135M Instruct", first.title());
        assertTrue(first.subtitle().contains("135M parameters") && first.subtitle().contains("apache-2.0"), first.subtitle());
        assertTrue(first.goodFor().orElseThrow().contains("first run"));
        assertEquals("Using the Hub mirror " + hub.endpoint() + " (HF_ENDPOINT)", vm.mirrorNoticeProperty().get());
    }

    @Test
    void searchPutsTheCatalogFirstAndPagesThroughTheHub() {
        hub.searchPageSize(2);
        DiscoverViewModel vm = viewModel();
        vm.queryProperty().set("smollm2");
        vm.search();
        assertEquals("", vm.hubProblemProperty().get());
        assertEquals(SMOL, vm.results().get(0).repo());
        assertTrue(vm.results().get(0).recommended().isPresent());
        assertEquals(500_000, vm.results().get(0).downloads(), "the Hub's counters are merged into the catalog entry");
        assertTrue(vm.moreAvailableProperty().get());
        int before = vm.results().size();
        while (vm.moreAvailableProperty().get()) {
            vm.loadMore();
        }
        List<String> repos = vm.results().stream().map(DiscoverViewModel.ResultRow::repo).toList();
        assertEquals(repos.size(), repos.stream().distinct().count(), "no repository twice: " + repos);
        assertTrue(repos.size() > before);
        for (int i = 0; i < 5; i++) {
            assertTrue(repos.contains("someone/smollm2-finetune-" + i + "-GGUF"), repos.toString());
        }
        assertTrue(repos.indexOf("someone/smollm2-finetune-0-GGUF") < repos.indexOf("someone/smollm2-finetune-4-GGUF"),
                "by downloads");
        vm.sortProperty().set(HubSort.LIKES);
        vm.search();
        List<String> byLikes = vm.results().stream().map(DiscoverViewModel.ResultRow::repo)
                .filter(r -> r.startsWith("someone/")).toList();
        assertEquals("someone/smollm2-finetune-4-GGUF", byLikes.get(0));
    }

    @Test
    void aRepositoryListsItsModelsWithEngineFitAndSpeedAndSplitFilesAsOne() {
        DiscoverViewModel vm = viewModel();
        vm.selectedResultProperty().set(vm.results().get(0));
        assertEquals("", vm.repoProblemProperty().get());
        assertEquals(3, vm.files().size(), "two quants and one split model");
        DiscoverViewModel.FileRow split = vm.files().stream().filter(f -> f.model().parts().size() == 2).findFirst().orElseThrow();
        assertEquals("F16", split.quantization());
        assertTrue(split.files().endsWith("(2 parts)"), split.files());
        DiscoverViewModel.FileRow q8 = vm.selectedFileProperty().get();
        assertEquals("Q8_0", q8.quantization(), "the catalog's default quant is chosen");
        assertTrue(q8.compatibility().runsHere(), q8.compatibility().message());
        assertEquals(FitCheck.Verdict.FITS, q8.fit().orElseThrow().verdict());
        assertTrue(q8.fit().orElseThrow().message().contains("KV cache at 4,096 tokens"), q8.fit().orElseThrow().message());
        assertTrue(q8.speed().tokensPerSecond().isPresent());

        vm.contextProperty().set(8192);
        assertTrue(vm.selectedFileProperty().get().fit().orElseThrow().message().contains("KV cache at 8,192 tokens"));
        memory.set(new MemoryBudget(1L << 20, 1L << 19, Optional.empty()));
        vm.contextProperty().set(4096);
        assertEquals("won't fit", vm.selectedFileProperty().get().fitLabel());
    }

    @Test
    void detailsReadTheRemoteHeaderByRanges() {
        DiscoverViewModel vm = viewModel();
        vm.selectedResultProperty().set(vm.results().get(0));
        hub.clearRequests();
        vm.loadDetails();
        DiscoverViewModel.Details d = vm.detailsProperty().get();
        assertNotNull(d, vm.detailsStatusProperty().get());
        assertEquals("llama", d.facts().architecture());
        assertTrue(d.chatTemplate().isPresent());
        assertTrue(d.compatibility().runsHere());
        assertTrue(hub.requests().stream().anyMatch(r -> r.server().equals("cdn") && r.range() != null && !r.range().isEmpty()),
                "the header came by a range request");
    }

    @Test
    void aGatedRepositorySaysWhatToDo() {
        DiscoverViewModel vm = viewModel();
        vm.open("meta/SmolLM2-gated-GGUF");
        assertEquals("Gated model", vm.repoProblemTitleProperty().get());
        assertTrue(vm.repoProblemProperty().get().contains("HF_TOKEN"), vm.repoProblemProperty().get());
        assertTrue(vm.files().isEmpty());
    }

    @Test
    void rateLimitsAndAnUnreachableHubKeepTheCatalogAndSaySo() throws Exception {
        DiscoverViewModel vm = viewModel();
        hub.rateLimitNext(1, 3600);
        vm.queryProperty().set("smollm2");
        vm.search();
        assertEquals("Rate limited by the Hub", vm.hubProblemTitleProperty().get());
        assertTrue(vm.hubProblemProperty().get().contains("try again in"), vm.hubProblemProperty().get());
        assertTrue(vm.results().stream().anyMatch(r -> r.recommended().isPresent()), "catalog matches stay");

        int closedPort;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        DiscoverViewModel offline = viewModel("http://127.0.0.1:" + closedPort);
        offline.queryProperty().set("qwen");
        offline.search();
        assertEquals("Hugging Face is not reachable", offline.hubProblemTitleProperty().get());
        assertTrue(offline.hubProblemProperty().get().startsWith("The Hub mirror http://127.0.0.1:" + closedPort
                + " is not reachable: could not reach"), offline.hubProblemProperty().get());
        assertFalse(offline.results().isEmpty(), "the catalog still answers offline");
    }

    @Test
    void downloadQueuesTheChosenModelAndItLandsVerified() throws Exception {
        DiscoverViewModel vm = viewModel();
        vm.selectedResultProperty().set(vm.results().get(0));
        vm.downloadSelected();
        assertEquals("Download started", dialogs.ofKind("info").get(0).title());
        DownloadSnapshot s = downloads.downloads(10).get(0);
        DownloadSnapshot done = downloads.await(s.id());
        assertEquals(DownloadStatus.COMPLETED, done.status(), done.error().orElse(""));
        assertTrue(Files.isRegularFile(home.resolve("models/bartowski/SmolLM2-135M-Instruct-GGUF/SmolLM2-135M-Instruct-Q8_0.gguf")));
        vm.downloadSelected();
        assertEquals("Already downloaded", dialogs.ofKind("info").get(1).title());
    }
}
