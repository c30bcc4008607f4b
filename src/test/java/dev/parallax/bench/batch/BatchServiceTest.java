package dev.parallax.bench.batch;

import dev.parallax.app.AppServices;
import dev.parallax.bench.stats.TargetStats;
import dev.parallax.core.Target;
import dev.parallax.engine.cloud.ApiFormat;
import dev.parallax.history.BatchItem;
import dev.parallax.history.RunMetrics;
import dev.parallax.history.RunRecord;
import dev.parallax.core.RunStatus;
import dev.parallax.testing.FakeOpenAiServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Batch runs against fake OpenAI-compatible servers, through the real run path and a real H2 home. */
class BatchServiceTest {

    @TempDir
    Path home;

    @TempDir
    Path files;

    @Test
    void eachProviderKeepsItsOwnConcurrencyLimitAnd429sAreRetriedByTheEngine() throws Exception {
        try (FakeOpenAiServer a = new FakeOpenAiServer(60, 5, 2, 2).holdingUntilConcurrent(3, Duration.ofSeconds(20));
             FakeOpenAiServer b = new FakeOpenAiServer(60, 5, 2).holdingUntilConcurrent(2, Duration.ofSeconds(20));
             AppServices services = BatchFixture.services(home, a.base())) {
            services.providers().add("other", ApiFormat.OPENAI, b.base(), Optional.empty());
            String dataset = BatchFixture.importRows(services, files, 24);
            List<BatchProgress> seen = new CopyOnWriteArrayList<>();
            BatchHandle h = services.batches().start(BatchFixture.request(dataset,
                    List.of(BatchFixture.OPENAI, new Target("other", "m")), Map.of("openai", 3, "other", 2),
                    Optional.empty(), List.of()), new BatchListener() {
                        @Override
                        public void progress(BatchProgress p) {
                            seen.add(p);
                        }
                    });
            BatchProgress end = h.await(Duration.ofSeconds(60));
            assertEquals(BatchState.COMPLETED, end.state(), () -> end.message().orElse(""));
            assertEquals(48, end.done());
            assertEquals(0, end.failed());
            assertEquals(3, a.maxConcurrent(), "openai: at most 3 at once, and the limit is used");
            assertEquals(2, b.maxConcurrent(), "other: at most 2 at once");
            // Two 429s, each retried by the engine (all 48 items completed). Two, not three: a run makes at most three
            // attempts, and on a starved machine one run's quick retries can meet every 429 the server hands out.
            // Counted as the 429s the server sent: requests minus answers also counts a request whose client gave up
            // waiting for the held answer and tried again (seen once in a full run: 3).
            assertEquals(2, a.throttled(), "two requests got a 429");
            assertTrue(a.answered() >= 24, "every openai row was answered");
            assertTrue(seen.stream().anyMatch(p -> p.etaMs().isPresent()), "progress carries an ETA");
            assertTrue(end.spentUsd().signum() > 0, "gpt-4o-mini runs have an exact cost");
            assertEquals("completed", services.batches().find(h.batchId()).orElseThrow().status());
        }
    }

    @Test
    void theBudgetStopsTheBatchBeforeItsProjectedCostPassesItAndAResumeFinishesIt() throws Exception {
        try (FakeOpenAiServer server = new FakeOpenAiServer(20, 20, 1);
             AppServices services = BatchFixture.services(home, server.base())) {
            String dataset = BatchFixture.importRows(services, files, 30);
            // Each run: 3 prompt tokens × $0.15/M + 20 completion tokens × $0.60/M = $0.00001245.
            BigDecimal perRun = new BigDecimal("0.00001245");
            BigDecimal budget = perRun.multiply(BigDecimal.valueOf(10.5));
            BatchHandle h = services.batches().start(BatchFixture.request(dataset, List.of(BatchFixture.OPENAI),
                    Map.of("openai", 4), Optional.of(budget), List.of()), BatchListener.none());
            BatchProgress stopped = h.await(Duration.ofSeconds(60));
            assertEquals(BatchState.BUDGET, stopped.state());
            assertEquals(10, stopped.done(), "ten runs fit in the budget, the eleventh would pass it");
            assertEquals(0, perRun.multiply(BigDecimal.TEN).compareTo(stopped.spentUsd()), stopped.spentUsd().toPlainString());
            assertTrue(stopped.spentUsd().compareTo(budget) <= 0);
            assertEquals(10, server.requests(), "no run was started past the budget");
            assertTrue(stopped.message().orElseThrow().startsWith("stopped before the budget of $"));
            assertEquals(0, perRun.multiply(BigDecimal.valueOf(30)).compareTo(stopped.projectedUsd().orElseThrow()));

            BatchProgress resumed = services.batches().resume(h.batchId(), Optional.of(BigDecimal.ONE), BatchListener.none())
                    .await(Duration.ofSeconds(60));
            assertEquals(BatchState.COMPLETED, resumed.state());
            assertEquals(30, resumed.done());
            assertEquals(30, server.requests(), "the ten finished rows were not run again");
        }
    }

    @Test
    void aBatchCutOffByACrashResumesWithoutRerunningFinishedRows() throws Exception {
        int rows = 40;
        try (FakeOpenAiServer server = new FakeOpenAiServer(40, 5, 2)) {
            String dataset;
            try (AppServices services = BatchFixture.services(home, server.base())) {
                dataset = BatchFixture.importRows(services, files, rows);
            }
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    BatchCrashMain.class.getName(), home.toString(), server.base().toString(), dataset, "12")
                    .redirectErrorStream(true).start();
            child.getOutputStream().close();
            String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(child.waitFor(60, TimeUnit.SECONDS));
            assertEquals(9, child.exitValue(), out);
            int requestsBeforeCrash = server.requests();

            try (AppServices services = BatchFixture.services(home, server.base())) {
                var batch = services.batches().list(1).get(0);
                assertEquals("interrupted", batch.status(), "a batch that was running when its process died");
                List<BatchItem> before = services.batches().items(batch.id());
                // The 12th item, and up to all but one of the lane's other unsaved runs, committed in the same group.
                int unsavedMax = 4 * BatchRequest.UNSAVED_PER_PERMIT;
                assertTrue(before.size() >= 12 && before.size() <= 12 + unsavedMax - 1,
                        "the items recorded before the crash survive it: " + before.size());
                Set<Integer> finishedRows = new HashSet<>();
                before.forEach(i -> finishedRows.add(i.rowNo()));

                BatchProgress end = services.batches().resume(batch.id(), Optional.empty(), BatchListener.none())
                        .await(Duration.ofSeconds(60));
                assertEquals(BatchState.COMPLETED, end.state());
                assertEquals(rows, end.done());
                assertEquals(rows, services.batches().items(batch.id()).size());
                for (int row : finishedRows) {
                    assertEquals(1, server.requestsFor(BatchFixture.prompt(row)), "row " + row + " ran once");
                }
                int cutOff = requestsBeforeCrash - before.size();
                // A lane of 4 permits: at most 4 runs at the provider and 4 more whose end was being saved (decision 0010).
                assertTrue(cutOff >= 0 && cutOff <= unsavedMax,
                        "at most the runs in flight or being saved were cut off: " + cutOff);
                assertEquals(rows + cutOff, server.requests(), "only what had no finished item ran again");
                long interrupted = services.runs().recent(200).stream().map(RunRecord::status)
                        .filter(s -> s == RunStatus.INTERRUPTED).count();
                // A run can be cut off after its start row was written and before its request left, or after its
                // end was saved and before its item was: the two counts need not match, both stay within the bound.
                assertTrue(interrupted <= unsavedMax, "the cut-off runs stay in history as interrupted: " + interrupted);
            }
        }
    }

    @Test
    void aPauseOrResumeThatComesAfterTheEndLeavesTheBatchCompleted() throws Exception {
        // A late click (or one racing the last run) wrote "paused" or "running" over "completed": the finished batch
        // then showed as paused, or as interrupted at the next start.
        try (FakeOpenAiServer server = new FakeOpenAiServer(5, 2, 1);
             AppServices services = BatchFixture.services(home, server.base())) {
            String dataset = BatchFixture.importRows(services, files, 4);
            BatchHandle h = services.batches().start(BatchFixture.request(dataset, List.of(BatchFixture.OPENAI),
                    Map.of("openai", 2), Optional.empty(), List.of()), BatchListener.none());
            assertEquals(BatchState.COMPLETED, h.await(Duration.ofSeconds(30)).state());
            h.pause();
            assertEquals("completed", services.batches().find(h.batchId()).orElseThrow().status());
            h.resume();
            assertEquals("completed", services.batches().find(h.batchId()).orElseThrow().status());
            assertEquals(BatchState.COMPLETED, h.progress().state());
        }
    }

    @Test
    void pauseHoldsNewRunsResumeGoesOnAndCancelStops() throws Exception {
        try (FakeOpenAiServer server = new FakeOpenAiServer(40, 5, 2);
             AppServices services = BatchFixture.services(home, server.base())) {
            String dataset = BatchFixture.importRows(services, files, 60);
            CountDownLatch some = new CountDownLatch(6);
            AtomicInteger finished = new AtomicInteger();
            BatchHandle h = services.batches().start(BatchFixture.request(dataset, List.of(BatchFixture.OPENAI),
                    Map.of("openai", 2), Optional.empty(), List.of()), new BatchListener() {
                        @Override
                        public void itemFinished(int rowNo, int targetIndex, int repeatNo, RunMetrics run) {
                            finished.incrementAndGet();
                            some.countDown();
                        }
                    });
            assertTrue(some.await(30, TimeUnit.SECONDS));
            h.pause();
            Thread.sleep(300);
            int atPause = server.requests();
            Thread.sleep(400);
            assertEquals(atPause, server.requests(), "no new run while paused");
            assertEquals(BatchState.PAUSED, h.progress().state());
            assertEquals("paused", services.batches().find(h.batchId()).orElseThrow().status());
            h.resume();
            long until = System.nanoTime() + 20_000_000_000L;
            while (finished.get() < atPause + 6 && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            h.cancel();
            BatchProgress end = h.await(Duration.ofSeconds(10));
            assertEquals(BatchState.CANCELLED, end.state());
            assertTrue(end.done() > atPause && end.done() < 60, "went on after the resume, stopped by the cancel: " + end.done());
            assertEquals("cancelled", services.batches().find(h.batchId()).orElseThrow().status());
            BatchProgress rest = services.batches().resume(h.batchId(), Optional.empty(), BatchListener.none())
                    .await(Duration.ofSeconds(60));
            assertEquals(60, rest.done());
        }
    }

    @Test
    void theReportHasStatisticsCostsAndPassRatesPerTarget() throws Exception {
        try (FakeOpenAiServer server = new FakeOpenAiServer(10, 4, 1);
             AppServices services = BatchFixture.services(home, server.base())) {
            String dataset = BatchFixture.importRows(services, files, 20);
            BatchHandle h = services.batches().start(BatchFixture.request(dataset, List.of(BatchFixture.OPENAI),
                    Map.of(), Optional.empty(), List.of("contains", "regex:^tok( tok)*$", "max-latency-ms:60000", "json")),
                    BatchListener.none());
            assertEquals(BatchState.COMPLETED, h.await(Duration.ofSeconds(60)).state());
            BatchReport report = services.batchReports().report(h.batchId(), false);
            TargetStats s = report.targets().get(0);
            assertEquals(20, s.runs());
            assertEquals(20, s.succeeded());
            assertEquals(1.0, s.successRate());
            assertTrue(s.ttftMs().p50().value() >= 10);
            assertTrue(s.ttftMs().p50().low() <= s.ttftMs().p50().value() && s.ttftMs().p50().value() <= s.ttftMs().p50().high());
            assertEquals(80, s.completionTokens());
            assertEquals(1.0, s.passRates().get("contains").rate());
            assertEquals(1.0, s.passRates().get("regex:^tok( tok)*$").rate());
            assertEquals(0.0, s.passRates().get("json").rate());
            assertEquals(0.75, s.passRate().rate(), 1e-9);
            assertTrue(s.costUsd().isPresent());
            assertEquals(0, s.costUsd().get().multiply(BigDecimal.valueOf(50)).compareTo(s.costPer1000Rows().orElseThrow()));
        }
    }

    @Test
    void aRefusedTargetPausesTheBatchWithTheReasonAndTheOtherLaneStops() throws Exception {
        try (FakeOpenAiServer server = new FakeOpenAiServer(5, 2, 1);
             AppServices services = BatchFixture.services(home, server.base())) {
            String dataset = BatchFixture.importRows(services, files, 5);
            BatchHandle h = services.batches().start(BatchFixture.request(dataset,
                    List.of(BatchFixture.OPENAI, new Target("gemini", "gemini-2.0-flash")), Map.of(), Optional.empty(),
                    List.of()), BatchListener.none());
            BatchProgress end = h.await(Duration.ofSeconds(30));
            assertEquals(BatchState.PAUSED, end.state());
            assertTrue(end.message().orElseThrow().startsWith("gemini:gemini-2.0-flash was refused: no API key for gemini"),
                    end.message().orElseThrow());
            assertEquals("paused", services.batches().find(h.batchId()).orElseThrow().status());
            assertTrue(end.done() < 10);
        }
    }
}
