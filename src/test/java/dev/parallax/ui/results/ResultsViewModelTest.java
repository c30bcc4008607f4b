package dev.parallax.ui.results;

import dev.parallax.app.AppServices;
import dev.parallax.app.ParallaxHome;
import dev.parallax.bench.batch.BatchRequest;
import dev.parallax.bench.dataset.ColumnMapping;
import dev.parallax.core.GenerationParams;
import dev.parallax.core.TaskProgress;
import dev.parallax.core.Target;
import dev.parallax.engine.cloud.ApiFormat;
import dev.parallax.engine.local.EngineChoice;
import dev.parallax.history.BatchItem;
import dev.parallax.testing.FakeOpenAiServer;
import dev.parallax.ui.FakeDialogService;
import dev.parallax.ui.base.CurrentThreadTaskExecutor;
import dev.parallax.ui.base.UiThread;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Results screen's view-model on real batches (real run path, H2, fake OpenAI-compatible servers on 127.0.0.1).
 * Its "UI thread" is one test thread: every view-model call and every hop from the batch's threads runs there.
 */
class ResultsViewModelTest {

    @TempDir
    Path home;

    @TempDir
    Path files;

    private final ExecutorService uiThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-ui"));
    private final UiThread ui = uiThread::execute;
    private final FakeDialogService dialogs = new FakeDialogService();

    @AfterEach
    void stopUi() {
        uiThread.shutdownNow();
    }

    private static Map<String, String> env(URI openAi) {
        Map<String, String> env = new HashMap<>();
        env.put("PARALLAX_KEYSTORE", "file");
        env.put("OPENAI_BASE_URL", openAi.toString());
        env.put("OPENAI_API_KEY", "sk-test-00000000000000000000");
        return env;
    }

    private ResultsViewModel viewModel(AppServices services) {
        return new ResultsViewModel(services::batches, services::batchReports, services::datasets,
                new CurrentThreadTaskExecutor(), ui, dialogs);
    }

    private <T> T onUi(Callable<T> c) throws Exception {
        return uiThread.submit(c).get(60, TimeUnit.SECONDS);
    }

    private void onUi(Runnable r) throws Exception {
        uiThread.submit(r).get(60, TimeUnit.SECONDS);
    }

    /** Prompts of equal length ("question 0007"), as the crash child runs them; even rows expect "tok". */
    private String importRows(AppServices services, int rows) throws Exception {
        StringBuilder csv = new StringBuilder("prompt,expected\n");
        for (int i = 0; i < rows; i++) {
            csv.append(String.format("question %04d", i)).append(',').append(i % 2 == 0 ? "tok" : "nope").append('\n');
        }
        Path file = files.resolve("rows-" + rows + ".csv");
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        return services.datasets().importFile(file, ColumnMapping.auto(), Optional.empty(), TaskProgress.none())
                .dataset().id();
    }

    @Test
    void aBatchRunsShowsProgressThenTheGridStatisticsChartsAndFilters() throws Exception {
        try (FakeOpenAiServer a = new FakeOpenAiServer(15, 4, 1);
             FakeOpenAiServer b = new FakeOpenAiServer(30, 4, 1);
             AppServices services = new AppServices(new ParallaxHome(home), false, env(a.base()))) {
            services.providers().add("other", ApiFormat.OPENAI, b.base(), Optional.empty());
            String dataset = importRows(services, 12);
            ResultsViewModel vm = viewModel(services);
            vm.compareAnswersProperty().set(false);
            List<String> exported = new ArrayList<>();
            onUi(() -> {
                assertFalse(vm.exportAvailableProperty().get());
                vm.setOnExport(exported::add);
            });
            BatchRequest request = new BatchRequest(dataset, List.of(new Target("openai", "gpt-4o-mini"),
                    new Target("other", "m")), 1, Map.of("openai", 3, "other", 2), Optional.empty(),
                    GenerationParams.defaults().withMaxTokens(16), List.of("contains"), EngineChoice.AUTO);

            onUi(() -> vm.start(request));
            vm.ended().get(60, TimeUnit.SECONDS);
            onUi(() -> { });

            assertTrue(dialogs.ofKind("error").isEmpty(), () -> dialogs.shown.toString());
            assertFalse(onUi(() -> vm.activeProperty().get()));
            assertEquals(1.0, onUi(() -> vm.progressProperty().get()));
            assertEquals("24 / 24 done", onUi(() -> vm.progressTextProperty().get()));
            assertEquals("Completed", onUi(() -> vm.stateTextProperty().get()));
            assertTrue(onUi(() -> vm.costTextProperty().get()).matches("\\$0\\.\\d+ spent.*"),
                    onUi(() -> vm.costTextProperty().get()));
            String id = onUi(() -> vm.currentBatchIdProperty().get());
            assertFalse(id.isEmpty());
            assertEquals(List.of("openai:gpt-4o-mini", "other:m"), onUi(() -> List.copyOf(vm.targetNames())));

            List<ResultRow> rows = onUi(() -> List.copyOf(vm.rows()));
            assertEquals(12, rows.size());
            for (ResultRow r : rows) {
                assertTrue(r.cells().stream().allMatch(Optional::isPresent), "every row answered by both targets");
                ResultRow.Cell cell = r.cells().get(0).orElseThrow();
                assertEquals("tok tok tok tok", cell.first().run().output());
                assertEquals(Optional.of(r.rowNo() % 2 == 0), cell.passed(), "row " + r.rowNo() + " against its expected answer");
                assertTrue(r.slowestMs() > 0);
            }

            onUi(() -> vm.filterProperty().set(ResultsViewModel.Filter.FAILED));
            List<Integer> failed = onUi(() -> vm.rows().stream().map(ResultRow::rowNo).toList());
            assertEquals(List.of(1, 3, 5, 7, 9, 11), failed);
            onUi(() -> vm.filterProperty().set(ResultsViewModel.Filter.SLOWEST));
            List<Double> slowest = onUi(() -> vm.rows().stream().map(ResultRow::slowestMs).toList());
            assertEquals(12, slowest.size());
            for (int i = 1; i < slowest.size(); i++) {
                assertTrue(slowest.get(i - 1) >= slowest.get(i), "slowest first");
            }
            onUi(() -> vm.filterProperty().set(ResultsViewModel.Filter.DISAGREEMENTS));
            assertEquals(0, (int) onUi(() -> vm.rows().size()), "answers were not compared");

            List<StatsRow> stats = onUi(() -> List.copyOf(vm.stats()));
            assertEquals(2, stats.size());
            assertEquals("openai:gpt-4o-mini", stats.get(0).target());
            assertEquals("12", stats.get(0).runs());
            assertEquals("100%\n12 of 12", stats.get(0).success());
            assertEquals("50% (6 of 12)", stats.get(0).passRate());
            assertEquals("contains: 50% (6 of 12)", stats.get(0).passRates());
            assertTrue(stats.get(0).totalMedian().matches("\\d+ ms\\n\\[\\d+–\\d+]"), stats.get(0).totalMedian());
            assertTrue(stats.get(0).cost().startsWith("$"), stats.get(0).cost());
            assertFalse(onUi(() -> vm.verdicts().isEmpty()));

            List<TargetChart> charts = onUi(() -> List.copyOf(vm.charts()));
            assertEquals(2, charts.size());
            for (TargetChart c : charts) {
                assertEquals(12, c.completed());
                TargetChart.Box box = c.latency().orElseThrow();
                assertTrue(box.min() <= box.q1() && box.q1() <= box.median() && box.median() <= box.q3()
                        && box.q3() <= box.max(), box.toString());
                assertEquals(0.5, c.quality(), 1e-9);
            }
            assertTrue(charts.get(0).costPer1000Rows().isPresent());

            onUi(vm::refreshBatches);
            BatchSummary past = onUi(() -> vm.pastBatches().get(0));
            assertEquals(id, past.id());
            assertEquals("completed", past.status());
            assertEquals(24, past.done());
            assertEquals(24, past.total());
            assertFalse(past.resumable());
            assertEquals(0, (int) onUi(() -> vm.unfinishedProperty().get()));

            assertTrue(onUi(() -> vm.exportAvailableProperty().get()));
            onUi(vm::export);
            assertEquals(List.of(id), exported);
        }
    }

    @Test
    void aBatchInterruptedMidwayIsOfferedForResumeAndCompletesWithoutRerunningFinishedPairs() throws Exception {
        int rows = 30;
        try (FakeOpenAiServer server = new FakeOpenAiServer(20, 5, 2)) {
            String dataset;
            try (AppServices services = new AppServices(new ParallaxHome(home), false, env(server.base()))) {
                dataset = importRows(services, rows);
            }
            // A Parallax that dies (as with kill -9) right after its 10th item was recorded.
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    "dev.parallax.bench.batch.BatchCrashMain", home.toString(), server.base().toString(), dataset, "10")
                    .redirectErrorStream(true).start();
            child.getOutputStream().close();
            String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(child.waitFor(60, TimeUnit.SECONDS));
            assertEquals(9, child.exitValue(), out);
            int requestsBefore = server.requests();

            try (AppServices services = new AppServices(new ParallaxHome(home), false, env(server.base()))) {
                ResultsViewModel vm = viewModel(services);
                onUi(vm::refreshBatches);
                assertEquals(1, (int) onUi(() -> vm.unfinishedProperty().get()), "the batch is offered for resume");
                assertEquals("Unfinished batches", dialogs.ofKind("info").get(0).title());
                BatchSummary s = onUi(() -> vm.pastBatches().get(0));
                assertEquals("interrupted", s.status());
                assertTrue(s.resumable());
                assertEquals(rows, s.total());
                List<BatchItem> before = services.batches().items(s.id());
                assertEquals(before.size(), s.done());
                // The 10th item, and up to all but one of the lane's other unsaved runs (4 permits, decision 0010).
                int unsavedMax = 4 * dev.parallax.bench.batch.BatchRequest.UNSAVED_PER_PERMIT;
                assertTrue(before.size() >= 10 && before.size() <= 10 + unsavedMax - 1,
                        "items recorded before the crash: " + before.size());
                Map<Integer, String> runBefore = before.stream()
                        .collect(Collectors.toMap(BatchItem::rowNo, i -> i.run().runId()));

                onUi(() -> vm.resumeBatch(s.id()));
                vm.ended().get(60, TimeUnit.SECONDS);
                onUi(() -> { });

                assertTrue(dialogs.ofKind("error").isEmpty(), () -> dialogs.shown.toString());
                assertEquals("Completed", onUi(() -> vm.stateTextProperty().get()));
                assertEquals(rows + " / " + rows + " done", onUi(() -> vm.progressTextProperty().get()));
                List<ResultRow> grid = onUi(() -> List.copyOf(vm.rows()));
                assertEquals(rows, grid.size());
                assertTrue(grid.stream().allMatch(r -> r.cells().get(0).isPresent()), "every row answered");
                for (ResultRow r : grid) {
                    String runId = r.cells().get(0).orElseThrow().first().run().runId();
                    if (runBefore.containsKey(r.rowNo())) {
                        assertEquals(runBefore.get(r.rowNo()), runId, "row " + r.rowNo() + " kept its run");
                        assertEquals(1, server.requestsFor(String.format("question %04d", r.rowNo())),
                                "row " + r.rowNo() + " finished before the crash and was not run again");
                    }
                }
                int cutOff = requestsBefore - before.size();
                assertTrue(cutOff >= 0 && cutOff <= unsavedMax,
                        "at most the runs in flight or being saved were cut off: " + cutOff);
                assertEquals(rows + cutOff, server.requests(), "the resume ran only what had not finished");
                assertEquals(0, (int) onUi(() -> vm.unfinishedProperty().get()));
                assertEquals("completed", onUi(() -> vm.pastBatches().get(0).status()));
            }
        }
    }

    @Test
    void pauseHoldsTheBatchResumeGoesOnAndCancelLeavesItResumable() throws Exception {
        try (FakeOpenAiServer server = new FakeOpenAiServer(40, 5, 2);
             AppServices services = new AppServices(new ParallaxHome(home), false, env(server.base()))) {
            String dataset = importRows(services, 60);
            ResultsViewModel vm = viewModel(services);
            BatchRequest request = new BatchRequest(dataset, List.of(new Target("openai", "gpt-4o-mini")), 1,
                    Map.of("openai", 2), Optional.empty(), GenerationParams.defaults().withMaxTokens(8), List.of(),
                    EngineChoice.AUTO);
            onUi(() -> vm.start(request));
            waitUntil(() -> server.answered() >= 6);

            onUi(vm::pause);
            waitUntil(() -> onUi(() -> vm.pausedProperty().get() && vm.progressTextProperty().get().endsWith("done")));
            int atPause = server.requests();
            Thread.sleep(400);
            assertEquals(atPause, server.requests(), "no new run while paused");
            String done = onUi(() -> vm.progressTextProperty().get()).split(" ")[0];
            assertEquals(done + " of 60 runs", onUi(() -> vm.summaryProperty().get()).split(" · ")[0],
                    "the header counts what the progress strip counts once the batch holds still");
            assertEquals("60 rows × 1 target", onUi(() -> vm.summaryProperty().get()).split(" · ")[1]);
            assertTrue(onUi(() -> vm.stateTextProperty().get()).startsWith("Paused"));
            assertTrue(onUi(() -> vm.activeProperty().get()), "a paused batch is still the one running here");

            onUi(vm::resume);
            waitUntil(() -> server.requests() >= atPause + 4);
            assertFalse(onUi(() -> vm.pausedProperty().get()));

            onUi(vm::cancel);
            vm.ended().get(30, TimeUnit.SECONDS);
            onUi(() -> { });
            assertFalse(onUi(() -> vm.activeProperty().get()));
            assertTrue(onUi(() -> vm.stateTextProperty().get()).startsWith("Cancelled"), onUi(() -> vm.stateTextProperty().get()));
            BatchSummary s = onUi(() -> vm.pastBatches().get(0));
            assertEquals("cancelled", s.status());
            assertTrue(s.resumable());
            assertTrue(s.done() > atPause - 2 && s.done() < 60, "went on after the resume, stopped by the cancel: " + s.done());
            assertEquals(1, (int) onUi(() -> vm.unfinishedProperty().get()));
        }
    }

    private static void waitUntil(Callable<Boolean> condition) throws Exception {
        long end = System.nanoTime() + 30_000_000_000L;
        while (!condition.call()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(20);
        }
    }
}
