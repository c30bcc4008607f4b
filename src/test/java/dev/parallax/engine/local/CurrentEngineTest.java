package dev.parallax.engine.local;

import dev.parallax.app.AppServices;
import dev.parallax.core.GenerationParams;
import dev.parallax.core.HostFacts;
import dev.parallax.core.ModelIdentity;
import dev.parallax.core.RunEvent;
import dev.parallax.core.RunRecorder;
import dev.parallax.core.RunResult;
import dev.parallax.core.RunSpec;
import dev.parallax.core.RunStatus;
import dev.parallax.core.Target;
import dev.parallax.core.UsageBasis;
import dev.parallax.engine.local.current.EngineRuntimes;
import dev.parallax.testing.TestModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The current llama.cpp (v0.5.0, FFM) through its worker process. It needs a Java 22+ runtime and
 * the pinned libraries, which the build fetches with npm; without them these tests are skipped and
 * {@code EngineChoiceTest} covers the fallback.
 */
class CurrentEngineTest extends LocalEngineContract {

    static EngineRuntimes.Lookup<Path> java;
    static EngineRuntimes.Lookup<Path> libs;

    /** The worker's files (its log, its native folder); removed after the class. */
    @TempDir
    static Path engineDir;

    @BeforeAll
    static void startEngine() throws Exception {
        EngineRuntimes runtimes = new EngineRuntimes(System.getenv(), EngineRuntimes.appDirectoryOf(AppServices.class),
                EngineRuntimes.knownJdkRoots());
        java = runtimes.java();
        libs = runtimes.libraries();
        assumeTrue(java.value().isPresent(), java.reason());
        assumeTrue(libs.value().isPresent(), libs.reason());
        start("llama.cpp (FFM)", launch(engineDir, List.of()));
    }

    static WorkerLaunch launch(Path tmp, List<String> extra) {
        List<String> options = new ArrayList<>(List.of("--enable-native-access=ALL-UNNAMED",
                "-Dparallax.llama.libs=" + libs.value().orElseThrow()));
        options.addAll(extra);
        return WorkerLaunch.on(java.value().orElseThrow(), "dev.parallax.engine.local.ffm.FfmWorkerMain", options,
                tmp.resolve("native"), tmp.resolve("engine.log"), false);
    }

    @Override
    String engineName() {
        return "llama.cpp (FFM)";
    }

    private static RunResult run(LocalEngine e, Path model, RunSpec spec) throws Exception {
        RunSpec s = spec.withTarget(Target.local(model.toString()));
        RunRecorder r = new RunRecorder("t", s, ModelIdentity.unknown("m"), new HostFacts("", 2, 0, "", ""),
                Instant.now(), System.nanoTime(), System::nanoTime);
        assertTrue(e.stream(s, r).await(Duration.ofSeconds(120)));
        return r.result(Instant.now());
    }

    @Test
    void runsEveryTinyModelWithExactCountsAndItsOwnTimings() throws Exception {
        List<Path> models = new ArrayList<>();
        for (String name : List.of(TestModels.STORIES_260K, TestModels.TINYSTORIES_656K_Q8_0, TestModels.LLAMA_2_TINY_RANDOM)) {
            TestModels.shared(name).ifPresent(models::add);
        }
        models.add(TestModels.generatedTinyModel(true));
        for (Path m : models) {
            RunSpec spec = RunSpec.raw(Target.local("x"), "Once upon a time",
                    GenerationParams.defaults().withMaxTokens(12).withThreads(2).withSeed(3).withContextSize(256));
            RunResult r = run(engine, m, spec);
            assertEquals(RunStatus.COMPLETED, r.status(), m + ": " + r.error().orElse("") + "\n" + log);
            assertEquals(UsageBasis.EXACT, r.usage().basis());
            assertTrue(r.usage().completionTokens() > 0 && r.usage().completionTokens() <= 12, m.toString());
            assertTrue(r.timings().engine().isPresent(), "llama.cpp's perf counters are read");
            assertTrue(r.model().engineBuild().startsWith("v0.5.0 commit 0ad4a86 cpu="), r.model().engineBuild());
        }
    }

    @Test
    void greedyDecodingIsRepeatableAndStopStringsEndTheAnswer() throws Exception {
        GenerationParams greedy = GenerationParams.defaults().withMaxTokens(40).withThreads(2).withTemperature(0)
                .withContextSize(512);
        RunSpec spec = RunSpec.raw(Target.local("x"), "Once upon a time", greedy);
        RunResult a = run(engine, model, spec);
        RunResult b = run(engine, model, spec);
        assertEquals(a.text(), b.text(), "temperature 0 is deterministic");
        String[] words = a.text().trim().split("\\s+");
        assumeTrue(words.length > 4, "the model said enough to pick a stop word");
        String stop = words[3];
        RunResult stopped = run(engine, model, RunSpec.raw(Target.local("x"), "Once upon a time", greedy.withStop(List.of(stop))));
        assertEquals(RunStatus.COMPLETED, stopped.status());
        assertTrue(!stopped.text().contains(stop) && a.text().startsWith(stopped.text()),
                "'" + stopped.text() + "' should be '" + a.text() + "' cut before '" + stop + "'");
    }

    @Test
    void aRunAfterALongerOneAnswersAsOnAFreshContext() throws Exception {
        // Between runs the KV cache's cells are forgotten but its bytes are kept: nothing of the longer run may
        // reach the next one.
        // A context of 2,048: the generated tiny model (a fresh clone without ../shared) makes ~50 tokens of a sentence.
        GenerationParams greedy = GenerationParams.defaults().withMaxTokens(24).withThreads(2).withTemperature(0)
                .withContextSize(2048);
        RunSpec shortPrompt = RunSpec.raw(Target.local("x"), "Once upon a time", greedy);
        RunResult first = run(engine, model, shortPrompt);
        RunResult longer = run(engine, model, RunSpec.raw(Target.local("x"),
                "The little dog ran across the green field to find a red ball. ".repeat(8), greedy.withMaxTokens(64)));
        RunResult again = run(engine, model, shortPrompt);
        assertEquals(RunStatus.COMPLETED, longer.status(), longer.error().orElse(""));
        assertTrue(longer.usage().promptTokens() > first.usage().promptTokens() + first.usage().completionTokens(),
                "the longer run filled cells the short one never reaches");
        assertEquals(first.text(), again.text());
    }

    @Test
    void switchingThreadCountsNeverTouchesAFreedThreadpool(@TempDir Path tmp) throws Exception {
        // The tuner tries half the threads after 16 tokens, so a 2-thread run of 64 tokens switches pools twice.
        // glibc then fills freed memory with 0x30 (no per-thread cache keeps it intact): a mutex in a freed pool
        // reads as a robust PI mutex of a thread that does not exist, and locking it aborts the worker, as a reused
        // pool's memory once did in a batch. Fails when a replaced pool is freed before the backend let go of it.
        WorkerLaunch checked = launch(tmp, List.of()).withEnvironment(
                Map.of("GLIBC_TUNABLES", "glibc.malloc.tcache_count=0", "MALLOC_PERTURB_", "48"));
        try (LocalEngine e = new LocalEngine("llama.cpp (FFM)", checked, new StringWriter(), true)) {
            for (int i = 0; i < 3; i++) {
                RunResult r = run(e, model, RunSpec.raw(Target.local("x"), "Once upon a time",
                        GenerationParams.defaults().withMaxTokens(64).withThreads(2).withContextSize(256)));
                assertEquals(RunStatus.COMPLETED, r.status(), r.error().orElse(""));
            }
        }
    }

    @Test
    void aPromptLongerThanTheContextIsRefusedClearly() throws Exception {
        String longPrompt = "once upon a time ".repeat(200);
        RunSpec spec = RunSpec.raw(Target.local("x"), longPrompt,
                GenerationParams.defaults().withMaxTokens(8).withThreads(2).withContextSize(64));
        RunResult r = run(engine, model, spec);
        assertEquals(RunStatus.FAILED, r.status());
        assertTrue(r.error().orElse("").matches("the prompt is \\d+ tokens, but the context holds \\d+: raise the context size or shorten the prompt"),
                r.error().orElse(""));
    }

    @Test
    void aCancelDuringALongPromptAbortsItWithoutKillingTheWorker() throws Exception {
        Optional<Path> big = TestModels.shared(TestModels.SYNTH_SMOLLM2_Q4_K_M);
        assumeTrue(big.isPresent(), "needs the 135M-shape model from ../shared/models");
        GenerationParams params = GenerationParams.defaults().withMaxTokens(8).withThreads(2).withContextSize(2048);
        RunSpec warm = RunSpec.raw(Target.local(big.get().toString()), "hello", params);
        assertEquals(RunStatus.COMPLETED, run(engine, big.get(), warm).status(), "loads the model");
        long pid = engine.workerPid().orElseThrow();

        RunSpec longPrompt = RunSpec.raw(Target.local(big.get().toString()), "the little dog ran across the field ".repeat(90), params);
        RunRecorder recorder = new RunRecorder("t", longPrompt, ModelIdentity.unknown("m"), new HostFacts("", 2, 0, "", ""),
                Instant.now(), System.nanoTime(), System::nanoTime);
        CountDownLatch started = new CountDownLatch(1);
        long[] endedAt = {0};
        var handle = engine.stream(longPrompt, recorder.andThen(e -> {
            if (e instanceof RunEvent.Started) {
                started.countDown();
            }
            if (e.isTerminal()) {
                endedAt[0] = System.nanoTime();
            }
        }));
        assertTrue(started.await(30, TimeUnit.SECONDS));
        Thread.sleep(100);
        long cancelAt = System.nanoTime();
        handle.cancel();
        assertTrue(handle.await(Duration.ofSeconds(10)));
        assertEquals(RunStatus.CANCELLED, recorder.status(), () -> recorder.result(Instant.now()).error().orElse("") + "\n" + log);
        double ms = (endedAt[0] - cancelAt) / 1e6;
        assertEquals(pid, engine.workerPid().orElse(-1), "stopped inside llama_decode, not by killing the worker (" + ms + " ms)");
        assertTrue(ms < 1000, "cancel took " + ms + " ms");
    }

    @Test
    void aLibraryThatIsNotThePinnedBuildIsRefused(@TempDir Path tmp) throws Exception {
        try (LocalEngine wrong = new LocalEngine("llama.cpp (FFM)",
                launch(tmp, List.of("-Dparallax.llama.pinnedCommit=deadbee")), new StringWriter(), true)) {
            RunResult r = run(wrong, model, RunSpec.raw(Target.local("x"), "hi", GenerationParams.defaults().withMaxTokens(4)));
            assertEquals(RunStatus.FAILED, r.status());
            assertEquals(Optional.of("could not start the local engine: the llama.cpp libraries are build 0ad4a86, "
                    + "but Parallax is built for deadbee (v0.5.0); their structs may differ, so they are not used. "
                    + "Rebuild Parallax to fetch the pinned libraries."), r.error());
        }
    }
}
