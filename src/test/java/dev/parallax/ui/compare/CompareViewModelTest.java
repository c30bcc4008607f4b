package dev.parallax.ui.compare;

import dev.parallax.bench.compare.Badge;
import dev.parallax.bench.compare.CompareService;
import dev.parallax.bench.stats.Bootstrap;
import dev.parallax.bench.stats.Statistics;
import dev.parallax.core.GenerationParams;
import dev.parallax.core.HostFacts;
import dev.parallax.core.PromptMode;
import dev.parallax.core.RunEvent;
import dev.parallax.core.RunListener;
import dev.parallax.core.RunSpec;
import dev.parallax.core.TaskProgress;
import dev.parallax.core.Target;
import dev.parallax.core.Usage;
import dev.parallax.core.UsageBasis;
import dev.parallax.cost.CostCalculator;
import dev.parallax.cost.EnergyMeter;
import dev.parallax.cost.LocalCostModel;
import dev.parallax.cost.PriceTable;
import dev.parallax.engine.Engine;
import dev.parallax.engine.RunHandle;
import dev.parallax.engine.local.LocalEngines;
import dev.parallax.history.ComparisonRepository;
import dev.parallax.history.HistoryDatabase;
import dev.parallax.history.RunRepository;
import dev.parallax.models.ImportMode;
import dev.parallax.models.ModelStore;
import dev.parallax.route.CloudRoute;
import dev.parallax.route.RunRejectedException;
import dev.parallax.route.RunService;
import dev.parallax.testing.TestModels;
import dev.parallax.ui.FakeDialogService;
import dev.parallax.ui.base.CurrentThreadTaskExecutor;
import dev.parallax.ui.base.Formats;
import dev.parallax.ui.playground.Notice;
import dev.parallax.ui.playground.ParametersViewModel;
import dev.parallax.ui.playground.TargetChoice;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Compare screen's view-model without the JavaFX toolkit: the real comparison service, run path and history
 * over engines the test drives event by event. The "UI thread" is this test's thread: what the view-model hands to
 * it is queued and run when the test pumps the queue.
 */
class CompareViewModelTest {

    /** One run an engine was asked for: the test emits its events. */
    static final class Stream {
        final RunSpec spec;
        final RunListener listener;
        volatile boolean cancelled;

        Stream(RunSpec spec, RunListener listener) {
            this.spec = spec;
            this.listener = listener;
        }

        void emit(RunEvent e) {
            listener.onEvent(e);
        }

        /** Tokens 1 ms apart, then usage and the end. */
        void answer(String... tokens) {
            long t = System.nanoTime();
            emit(new RunEvent.Started(t, "scripted", ""));
            for (int i = 0; i < tokens.length; i++) {
                emit(new RunEvent.Token(t + (i + 1) * 1_000_000L, tokens[i]));
            }
            complete(tokens.length);
        }

        void complete(int tokens) {
            long t = System.nanoTime();
            emit(new RunEvent.UsageReported(t, new Usage(5, tokens, UsageBasis.EXACT), Optional.empty()));
            emit(new RunEvent.Completed(t, "stop"));
        }
    }

    /** An engine that hands each run to the test. */
    static final class ScriptedEngine implements Engine {
        final BlockingQueue<Stream> streams = new LinkedBlockingQueue<>();

        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public RunHandle stream(RunSpec spec, RunListener listener) {
            Stream s = new Stream(spec, listener);
            streams.add(s);
            return new RunHandle() {
                @Override
                public void cancel() {
                    if (!s.cancelled) {
                        s.cancelled = true;
                        s.emit(new RunEvent.Cancelled(System.nanoTime()));
                    }
                }

                @Override
                public boolean await(Duration timeout) {
                    return true;
                }

                @Override
                public void await() {
                }
            };
        }

        Stream next() throws InterruptedException {
            Stream s = streams.poll(20, TimeUnit.SECONDS);
            assertNotNull(s, "the engine was asked for a run");
            return s;
        }

        @Override
        public void close() {
        }
    }

    @TempDir
    Path home;

    private HistoryDatabase db;
    private ScriptedEngine localEngine;
    private ScriptedEngine cloudEngine;
    private final BlockingQueue<Runnable> uiQueue = new LinkedBlockingQueue<>();
    private FakeDialogService dialogs;
    private CompareViewModel vm;
    private ModelStore store;

    @BeforeEach
    void setUp() throws Exception {
        store = new ModelStore(home.resolve("models"));
        store.importFile(TestModels.generatedTinyModel(), ImportMode.COPY, TaskProgress.none());
        Path second = home.resolve("tiny-two.gguf");
        // Other bytes: the store finds a second copy of the same file instead of importing it.
        Files.copy(TestModels.generatedModelWithoutByteFallback(), second);
        store.importFile(second, ImportMode.COPY, TaskProgress.none());
        db = HistoryDatabase.open(home);
        localEngine = new ScriptedEngine();
        cloudEngine = new ScriptedEngine();
        CostCalculator costs = new CostCalculator(PriceTable.bundled(), LocalCostModel::defaults,
                new EnergyMeter(Path.of("/nonexistent")));
        RunService runs = new RunService(store, LocalEngines.only(localEngine), provider -> {
            if (provider.equals("openai")) {
                return new CloudRoute(cloudEngine, false);
            }
            throw new RunRejectedException("no API key for " + provider + ": add one in Settings › Providers");
        }, costs, new RunRepository(db), new HostFacts("cpu", 2, 1L << 30, "os", "test"), Clock.systemUTC());
        CompareService compare = new CompareService(runs, new ComparisonRepository(db), new Statistics(new Bootstrap()),
                Clock.systemUTC());
        dialogs = new FakeDialogService();
        vm = new CompareViewModel(() -> compare, new CurrentThreadTaskExecutor(), uiQueue::add, dialogs,
                new ParametersViewModel(GenerationParams.defaults(), PromptMode.AUTO));
        vm.setModels(store.list());
        vm.setCloudTargets(List.of(Target.parse("openai:gpt-4o-mini"), Target.parse("openai:gpt-4o")));
    }

    @AfterEach
    void tearDown() throws Exception {
        vm.stopForShutdown().handle((a, b) -> null).get(20, TimeUnit.SECONDS);
        db.close();
    }

    /** Runs what the view-model handed to the UI thread until {@code done}. */
    private void pumpUntil(BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!done.getAsBoolean()) {
            Runnable r = uiQueue.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertNotNull(r, "the view-model was told the comparison ended");
            r.run();
        }
    }

    private TargetChoice choice(String label) {
        return vm.available().stream().filter(c -> c.label().equals(label)).findFirst().orElseThrow();
    }

    private CompareColumn column(int i) {
        return vm.columns().get(i);
    }

    @Test
    void localAndCloudTargetsStreamSideBySideOneChangePerFrameAndEndWithFiguresAndBadges() throws Exception {
        vm.add(choice("tiny-llama"));
        vm.add(choice("openai:gpt-4o-mini"));
        vm.promptProperty().set("Say hello");
        assertTrue(vm.canRunBinding().get());
        assertTrue(vm.exportDisabledBinding().get(), "nothing saved yet");
        vm.run();
        assertTrue(vm.isRunning());
        assertEquals(2, vm.columns().size());
        assertEquals("Local · runs alongside the cloud", column(0).orderProperty().get());
        assertEquals("Cloud · runs concurrently", column(1).orderProperty().get());

        Stream local = localEngine.next();
        Stream cloud = cloudEngine.next();
        assertTrue(local.spec.target().model().endsWith("tiny-llama.gguf"), local.spec.target().model());
        assertEquals("gpt-4o-mini", cloud.spec.target().model());
        List<String> localChanges = new ArrayList<>();
        column(0).outputProperty().addListener((o, a, b) -> localChanges.add(b));

        long t = System.nanoTime();
        local.emit(new RunEvent.Started(t, "scripted", ""));
        local.emit(new RunEvent.Token(t + 4_000_000, "Once"));
        local.emit(new RunEvent.Token(t + 5_000_000, " upon"));
        local.emit(new RunEvent.Token(t + 6_000_000, " a time"));
        cloud.emit(new RunEvent.Started(t, "scripted", ""));
        cloud.emit(new RunEvent.Token(t + 2_000_000, "Hello"));
        assertEquals("", column(0).outputProperty().get(), "nothing reaches the screen between frames");

        vm.onFrame(nextFrame());
        assertEquals("Once upon a time", column(0).outputProperty().get());
        assertEquals(1, localChanges.size(), "three tokens, one frame, one change");
        assertEquals("Hello", column(1).outputProperty().get());
        assertEquals("3", column(0).tokensProperty().get());
        assertEquals(Formats.rate(2 * 1e9 / 2_000_000), column(0).tokensPerSecondProperty().get(), "live estimate");
        assertEquals("Generating…", column(0).statusProperty().get());
        assertEquals(CompareColumn.State.RUNNING, column(1).stateProperty().get());

        local.complete(3);
        cloud.emit(new RunEvent.Token(t + 3_000_000, " there"));
        cloud.complete(2);
        pumpUntil(() -> !vm.isRunning());

        var comparison = vm.lastComparisonProperty().get();
        assertNotNull(comparison);
        assertEquals(Optional.of(comparison.id()), vm.currentComparisonId());
        for (int i = 0; i < 2; i++) {
            CompareColumn c = column(i);
            var run = comparison.targets().get(i).runs().get(0);
            assertEquals(CompareColumn.State.DONE, c.stateProperty().get(), c.statusProperty().get());
            assertEquals("Completed", c.statusProperty().get());
            assertEquals(Formats.millis(run.ttftMs()), c.ttftProperty().get());
            assertEquals(Formats.millis(run.totalMs()), c.totalProperty().get());
            assertEquals(Formats.count(run.completionTokens()), c.tokensProperty().get());
            assertEquals("", c.errorProperty().get());
            assertFalse(c.hasStatsProperty().get(), "one run: no median to show");
        }
        assertEquals("Hello there", column(1).outputProperty().get());
        assertEquals(Formats.usd(comparison.targets().get(1).runs().get(0).costUsd().orElseThrow()),
                column(1).costProperty().get(), "the cloud run's cost from the price table");
        int badges = column(0).badges().size() + column(1).badges().size();
        assertEquals(comparison.winners().size(), badges);
        assertTrue(badges >= 2, "fastest first token and fastest total at least");
        assertTrue(vm.statusProperty().get().startsWith("Saved " + comparison.id().substring(0, 8)),
                vm.statusProperty().get());
        assertEquals(1, vm.past().size(), "the list of past comparisons is refreshed");

        List<String> exported = new ArrayList<>();
        vm.setOnExport(exported::add);
        assertFalse(vm.exportDisabledBinding().get());
        vm.export();
        assertEquals(List.of(comparison.id()), exported);

        vm.promptProperty().set("");
        vm.chosen().clear();
        vm.open(vm.past().get(0));
        assertTrue(vm.reopenedProperty().get());
        assertEquals("Say hello", vm.promptProperty().get());
        assertEquals(List.of("local:tiny-llama", "openai:gpt-4o-mini"),
                vm.chosen().stream().map(c -> c.target().toString()).toList());
        assertEquals(2, vm.columns().size());
        assertEquals("Once upon a time", column(0).outputProperty().get());
        assertEquals("Hello there", column(1).outputProperty().get());
        assertEquals(Formats.millis(comparison.targets().get(1).runs().get(0).ttftMs()), column(1).ttftProperty().get());
        assertEquals(badges, column(0).badges().size() + column(1).badges().size());
        assertEquals(Optional.of(comparison.id()), vm.currentComparisonId());
        assertTrue(vm.statusProperty().get().contains("read-only"), vm.statusProperty().get());
    }

    @Test
    void localTargetsWaitTheirTurnAndFailuresAndRefusalsStayInTheirColumns() throws Exception {
        vm.add(choice("tiny-llama"));
        vm.add(choice("tiny-two"));
        vm.add(vm.resolve("nokey:some-model"));
        vm.promptProperty().set("hello");
        vm.run();
        assertEquals("Local queue · 1st of 2", column(0).orderProperty().get());
        assertEquals("Local queue · 2nd of 2", column(1).orderProperty().get());
        assertEquals("Waiting for tiny-llama", column(1).statusProperty().get());

        Stream first = localEngine.next();
        assertTrue(first.spec.target().model().endsWith("tiny-llama.gguf"), first.spec.target().model());
        first.emit(new RunEvent.Started(System.nanoTime(), "scripted", ""));
        first.emit(new RunEvent.Failed(System.nanoTime(), "the local engine's worker process ended unexpectedly (exit code 134)"));
        Stream second = localEngine.next();
        assertTrue(second.spec.target().model().endsWith("tiny-two.gguf"), "the second local model runs after the first");
        vm.onFrame(nextFrame());
        assertEquals(CompareColumn.State.FAILED, column(0).stateProperty().get());
        assertEquals("Failed: The local engine's worker process ended unexpectedly (exit code 134)",
                column(0).errorProperty().get());

        second.answer("fine", " thanks");
        pumpUntil(() -> !vm.isRunning());
        assertEquals(CompareColumn.State.DONE, column(1).stateProperty().get());
        assertEquals("fine thanks", column(1).outputProperty().get());
        assertEquals(CompareColumn.State.FAILED, column(0).stateProperty().get(), "the saved result keeps the failure");
        assertTrue(column(0).errorProperty().get().contains("exit code 134"));
        assertEquals(CompareColumn.State.REFUSED, column(2).stateProperty().get());
        assertEquals("Not run", column(2).statusProperty().get());
        assertEquals("No API key for nokey: add one in Settings › Providers", column(2).errorProperty().get());
        assertTrue(column(1).badges().contains(Badge.FASTEST_TOTAL), "the only target that answered wins");
        assertTrue(vm.statusProperty().get().endsWith("2 of 3 without an answer"), vm.statusProperty().get());
    }

    @Test
    void repeatsGiveMedianAndP95PerColumn() throws Exception {
        vm.add(choice("openai:gpt-4o-mini"));
        vm.add(choice("openai:gpt-4o"));
        vm.promptProperty().set("count");
        vm.repeatProperty().set(3);
        vm.sequentialProperty().set(true);
        List<CompareColumn.StatsRow> liveStats = new ArrayList<>();
        vm.run();
        assertEquals("Sequential · 1st of 2", column(0).orderProperty().get());
        assertEquals("Waiting for openai:gpt-4o-mini", column(1).statusProperty().get());
        for (int i = 0; i < 6; i++) {
            Stream s = cloudEngine.next();
            assertEquals(i < 3 ? "gpt-4o-mini" : "gpt-4o", s.spec.target().model(), "sequential: in order, one at a time");
            assertTrue(cloudEngine.streams.isEmpty());
            if (i == 2) {
                // The lane reports a run finished before it asks for the next.
                vm.onFrame(nextFrame());
                assertEquals(2, column(0).finishedRuns().size());
                assertFalse(column(0).hasStatsProperty().get());
            }
            if (i == 3) {
                vm.onFrame(nextFrame());
                assertTrue(column(0).hasStatsProperty().get(), "a column whose repeats are done shows its figures at once");
                assertEquals("Completed 3 of 3", column(0).statusProperty().get());
                liveStats.add(column(0).ttftStatsProperty().get());
                liveStats.add(column(0).totalStatsProperty().get());
            }
            s.answer("one", " two", " three");
        }
        pumpUntil(() -> !vm.isRunning());
        var comparison = vm.lastComparisonProperty().get();
        for (int i = 0; i < 2; i++) {
            CompareColumn c = column(i);
            var stats = comparison.targets().get(i).stats();
            assertTrue(c.hasStatsProperty().get());
            assertEquals("Completed 3 of 3", c.statusProperty().get());
            assertEquals(Formats.millis(stats.ttftMs().p50().value()), c.ttftStatsProperty().get().median());
            assertEquals(Formats.millis(stats.totalMs().p95().value()), c.totalStatsProperty().get().p95());
            assertNotEquals(Formats.NONE, c.rateStatsProperty().get().median());
            assertEquals(Formats.usd(stats.costUsd().orElseThrow()), c.costProperty().get(), "three runs' cost");
        }
        assertEquals(liveStats, List.of(column(0).ttftStatsProperty().get(), column(0).totalStatsProperty().get()),
                "the comparison's statistics confirm what the column showed when its runs were done");
        assertTrue(comparison.winners().containsKey(Badge.CHEAPEST));
        int cheapest = column(0).badges().contains(Badge.CHEAPEST) ? 0 : 1;
        assertEquals("openai:gpt-4o-mini", comparison.targets().get(cheapest).target());
    }

    @Test
    void stopCancelsEveryRunAndTheWaitingColumnsSaySoAndTheComparisonIsStillSaved() throws Exception {
        vm.add(choice("tiny-llama"));
        vm.add(choice("tiny-two"));
        vm.add(choice("openai:gpt-4o-mini"));
        vm.promptProperty().set("a long story");
        vm.run();
        Stream local = localEngine.next();
        Stream cloud = cloudEngine.next();
        local.emit(new RunEvent.Started(System.nanoTime(), "scripted", ""));
        cloud.emit(new RunEvent.Started(System.nanoTime(), "scripted", ""));
        vm.onFrame(nextFrame());
        assertEquals("Loading model…", column(0).statusProperty().get());
        assertEquals("Waiting for the provider…", column(2).statusProperty().get(), "a cloud target loads no model here");
        local.emit(new RunEvent.Token(System.nanoTime(), "partial"));
        vm.onFrame(nextFrame());
        vm.stop();
        assertEquals("Stopping…", vm.statusProperty().get());
        pumpUntil(() -> !vm.isRunning());
        assertTrue(local.cancelled);
        assertTrue(cloud.cancelled);
        assertTrue(localEngine.streams.isEmpty(), "the waiting local model never started");
        assertEquals(CompareColumn.State.STOPPED, column(0).stateProperty().get());
        assertEquals("partial", column(0).outputProperty().get());
        assertEquals("Cancelled: Stopped before the answer was complete", column(0).errorMessage().orElseThrow(),
                "the reason, not the status twice ('Cancelled: Cancelled')");
        assertEquals("Not run (stopped)", column(1).statusProperty().get());
        assertEquals(CompareColumn.State.STOPPED, column(2).stateProperty().get());
        assertTrue(vm.currentComparisonId().isPresent(), "saved with what finished");
        assertTrue(vm.statusProperty().get().contains("stopped"), vm.statusProperty().get());
    }

    @Test
    void theFormSaysWhatIsMissingAndKeepsTwoToSixDistinctTargets() {
        vm.promptProperty().set("hi");
        vm.add(choice("tiny-llama"));
        assertFalse(vm.canRunBinding().get());
        vm.run();
        assertFalse(vm.isRunning());
        assertEquals("Pick at least two targets", vm.noticeProperty().get().title());

        vm.add(choice("tiny-llama"));
        assertEquals(Notice.Severity.WARNING, vm.noticeProperty().get().severity());
        assertEquals(1, vm.chosen().size());
        assertEquals("tiny-two", vm.candidateProperty().get().label(), "the picker moves to a target not chosen yet");
        for (String t : List.of("tiny-two", "openai:gpt-4o-mini", "openai:gpt-4o", "a:b", "c:d")) {
            vm.add(vm.resolve(t));
        }
        assertEquals(6, vm.chosen().size());
        assertFalse(vm.canAddBinding().get());
        vm.add(vm.resolve("e:f"));
        assertEquals("Six targets at most", vm.noticeProperty().get().title());
        assertEquals(6, vm.chosen().size());
        vm.remove(vm.chosen().get(5));
        assertTrue(vm.canAddBinding().get());

        vm.resolve(":nothing");
        assertEquals("Not a target", vm.noticeProperty().get().title());

        vm.parameters().seedProperty().set("twelve");
        vm.run();
        assertFalse(vm.isRunning());
        assertEquals("Check the comparison", vm.noticeProperty().get().title());
        assertNull(localEngine.streams.peek(), "nothing started");
    }

    @Test
    void aCloudColumnWhosePromptWasKeptLocalSaysWhereItRan() {
        CompareColumn cloud = new CompareColumn(0, "openai:gpt-4o-mini", false, 1);
        cloud.runFinished(0, new dev.parallax.history.RunMetrics("r1", "local:tiny-llama", dev.parallax.core.RunStatus.COMPLETED,
                java.util.OptionalDouble.of(12), 40, java.util.OptionalDouble.of(80), 3, 4, Optional.empty(), "hi", Optional.empty()));
        assertEquals("The privacy policy kept this prompt on this machine: it ran on local:tiny-llama.", cloud.noteProperty().get());
        assertEquals(CompareColumn.State.DONE, cloud.stateProperty().get());
        assertEquals("unknown", cloud.costProperty().get(), "no cost is unknown, never $0");

        CompareColumn local = new CompareColumn(1, "tiny-llama", true, 1);
        local.runFinished(0, new dev.parallax.history.RunMetrics("r2", "local:/models/tiny-llama.gguf",
                dev.parallax.core.RunStatus.COMPLETED, java.util.OptionalDouble.of(12), 40, java.util.OptionalDouble.of(80), 3, 4,
                Optional.empty(), "hi", Optional.empty()));
        assertEquals("", local.noteProperty().get());
    }

    @Test
    void aColumnSaysHowMuchOfItsFirstTokenTimeWentToStartingTheEngineAndLoadingTheModel() {
        CompareColumn single = new CompareColumn(0, "tiny-llama", true, 1);
        single.runFinished(0, metrics("r1", 1210, 856));
        assertEquals("TTFT includes " + Formats.millis(856) + " of starting the engine and loading the model",
                single.startupNoteProperty().get());

        CompareColumn warm = new CompareColumn(1, "tiny-llama", true, 1);
        warm.runFinished(0, metrics("r2", 26, 3));
        assertEquals("", warm.startupNoteProperty().get(), "a warm engine's run needs no note");

        CompareColumn repeated = new CompareColumn(2, "tiny-llama", true, 3);
        repeated.runFinished(0, metrics("r3", 1100, 740));
        repeated.runFinished(1, metrics("r4", 110, 2));
        repeated.runFinished(2, metrics("r5", 105, 1));
        assertEquals("1 of 3 runs include up to " + Formats.millis(740) + " of starting the engine and loading the model",
                repeated.startupNoteProperty().get());
    }

    private static dev.parallax.history.RunMetrics metrics(String id, double ttftMs, double startupMs) {
        return new dev.parallax.history.RunMetrics(id, "local:tiny-llama", dev.parallax.core.RunStatus.COMPLETED,
                java.util.OptionalDouble.of(ttftMs), ttftMs + 300, java.util.OptionalDouble.of(80), 3, 4, Optional.empty(),
                "hi", Optional.empty(), startupMs);
    }

    /** Frames a second apart: every call moves what arrived to the screen (the view paces real frames to 10 a second). */
    private long frameClock = System.nanoTime();

    private long nextFrame() {
        frameClock += 1_000_000_000L;
        return frameClock;
    }
}
