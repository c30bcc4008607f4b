package dev.parallax.engine.local;

import dev.parallax.core.GenerationParams;
import dev.parallax.core.HostFacts;
import dev.parallax.core.ModelIdentity;
import dev.parallax.core.RunEvent;
import dev.parallax.core.RunRecorder;
import dev.parallax.core.RunResult;
import dev.parallax.core.RunSpec;
import dev.parallax.core.RunStatus;
import dev.parallax.core.Target;
import dev.parallax.core.Usage;
import dev.parallax.core.UsageBasis;
import dev.parallax.engine.RunHandle;
import dev.parallax.testing.TestModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real llama.cpp inference through the worker process, on a real tiny GGUF model. */
abstract class LocalEngineContract {

    static LocalEngine engine;
    static StringWriter log;
    static Path model;

    /** The engine's name as runs record it. */
    abstract String engineName();

    static void start(String name, WorkerLaunch launch) {
        model = TestModels.stories260K();
        log = new StringWriter();
        engine = new LocalEngine(name, launch, log, true);
    }

    @AfterAll
    static void stopEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    private static RunSpec story(int maxTokens) {
        GenerationParams params = GenerationParams.defaults().withMaxTokens(maxTokens).withThreads(2).withSeed(42)
                .withContextSize(2048);
        return RunSpec.raw(Target.local(model.toString()), "Once upon a time", params);
    }

    private static RunRecorder recorder(RunSpec spec) {
        return new RunRecorder("t", spec, ModelIdentity.unknown("m"), new HostFacts("cpu", 2, 1, "os", "test"),
                Instant.now(), System.nanoTime(), System::nanoTime);
    }

    @Test
    void streamsTokensAndReportsLlamaCppTimings() throws Exception {
        RunSpec spec = story(32);
        RunRecorder recorder = recorder(spec);
        List<RunEvent> events = new CopyOnWriteArrayList<>();
        RunHandle handle = engine.stream(spec, recorder.andThen(events::add));
        assertTrue(handle.await(Duration.ofSeconds(60)), "run did not end");
        RunResult result = recorder.result(Instant.now());

        assertEquals(RunStatus.COMPLETED, result.status(), () -> result.error().orElse("") + "\n" + log);
        assertFalse(result.text().isBlank());
        assertTrue(events.get(0) instanceof RunEvent.Started, "first event is Started");
        assertEquals(1, events.stream().filter(RunEvent::isTerminal).count(), "exactly one terminal event");
        assertTrue(events.stream().filter(e -> e instanceof RunEvent.Token).count() > 1, "tokens streamed");
        assertEquals(UsageBasis.EXACT, result.usage().basis(), "llama.cpp's own counts were read");
        assertEquals(32, result.usage().completionTokens());
        assertTrue(result.usage().promptTokens() >= 4);
        assertTrue(result.timings().engine().isPresent());
        assertTrue(result.timings().ttftMs().getAsDouble() > 0);
        assertTrue(result.timings().completionTokensPerSecond().getAsDouble() > 0);
        assertTrue(result.timings().totalMs() >= result.timings().ttftMs().getAsDouble());
        assertEquals(engineName(), result.model().engine());
        assertFalse(RunResultsCpu.variant(result).isEmpty(), "the CPU variant is recorded");
    }

    @Test
    void aPromptLongerThanTheContextIsRefusedAndAnAnswerThatFillsItEndsThere() throws Exception {
        GenerationParams small = GenerationParams.defaults().withMaxTokens(1000).withThreads(2).withSeed(42)
                .withTemperature(0).withContextSize(128);
        RunSpec tooLong = RunSpec.raw(Target.local(model.toString()), "the cat sat on the mat. ".repeat(60), small);
        RunRecorder refused = recorder(tooLong);
        assertTrue(engine.stream(tooLong, refused).await(Duration.ofSeconds(60)));
        RunResult r = refused.result(Instant.now());
        assertEquals(RunStatus.FAILED, r.status(), "never a silently shortened prompt");
        assertTrue(r.error().orElse("").matches("the prompt is \\d+ tokens, but the context holds \\d+: raise the "
                + "context size or shorten the prompt"), r.error().orElse(""));

        // Greedy stories260K never says it is done: the answer runs into the end of the context.
        RunSpec filling = RunSpec.raw(Target.local(model.toString()), "Once upon a time", small);
        RunRecorder full = recorder(filling);
        assertTrue(engine.stream(filling, full).await(Duration.ofSeconds(60)));
        RunResult f = full.result(Instant.now());
        assertEquals(RunStatus.COMPLETED, f.status(), () -> f.error().orElse("") + "\n" + log);
        assertEquals(java.util.Optional.of("context_full"), f.stopReason());
        assertTrue(f.usage().promptTokens() + f.usage().completionTokens() <= 128,
                "no context shift past the end: " + f.usage());
        assertTrue(f.usage().completionTokens() >= 100, "it did fill the context: " + f.usage());
    }

    @Test
    void aRunFillsTheContextAskedForNotLlamaCppsRoundedUpOne() throws Exception {
        // llama.cpp pads a context of 100 to 256 (current) or 128 (b4916): the same spec ran 20 more tokens on one
        // engine than on the other, and the refusal named either context.
        GenerationParams asked = GenerationParams.defaults().withMaxTokens(1000).withThreads(2).withTemperature(0)
                .withContextSize(100);
        RunSpec filling = RunSpec.raw(Target.local(model.toString()), "Once upon a time", asked);
        RunRecorder full = recorder(filling);
        assertTrue(engine.stream(filling, full).await(Duration.ofSeconds(60)));
        RunResult f = full.result(Instant.now());
        assertEquals(RunStatus.COMPLETED, f.status(), () -> f.error().orElse("") + "\n" + log);
        assertEquals(java.util.Optional.of("context_full"), f.stopReason());
        assertEquals(100, f.usage().promptTokens() + f.usage().completionTokens(), f.usage()::toString);

        RunSpec tooLong = RunSpec.raw(Target.local(model.toString()), "the cat sat on the mat. ".repeat(60), asked);
        RunRecorder refused = recorder(tooLong);
        assertTrue(engine.stream(tooLong, refused).await(Duration.ofSeconds(60)));
        RunResult r = refused.result(Instant.now());
        assertEquals(RunStatus.FAILED, r.status());
        assertTrue(r.error().orElse("").matches("the prompt is \\d+ tokens, but the context holds 100: raise the "
                + "context size or shorten the prompt"), r.error().orElse(""));
    }

    @Test
    void aCharacterTheVocabularyCannotWriteIsRefusedAndTheEngineGoesOn() throws Exception {
        // Without byte tokens the tokenizer throws inside llama.cpp: the current engine's worker used to abort.
        Path noBytes = TestModels.generatedModelWithoutByteFallback();
        GenerationParams params = GenerationParams.defaults().withMaxTokens(4).withThreads(2).withSeed(42);
        RunSpec accented = RunSpec.raw(Target.local(noBytes.toString()), "Hello café 2+2", params);
        RunRecorder refused = recorder(accented);
        assertTrue(engine.stream(accented, refused).await(Duration.ofSeconds(60)));
        RunResult r = refused.result(Instant.now());
        assertEquals(RunStatus.FAILED, r.status());
        assertEquals("this model's vocabulary cannot write 'é', '2', '+' (no token for them and no byte fallback: "
                + "llama.cpp cannot read them); leave them out of the prompt, or use another model", r.error().orElse(""),
                () -> log.toString());

        RunSpec plain = RunSpec.raw(Target.local(noBytes.toString()), "Hello world", params);
        RunRecorder fine = recorder(plain);
        assertTrue(engine.stream(plain, fine).await(Duration.ofSeconds(60)));
        assertEquals(RunStatus.COMPLETED, fine.status(), () -> fine.result(Instant.now()).error().orElse("") + "\n" + log);
        long pid = engine.workerPid().orElseThrow();
        RunSpec again = RunSpec.raw(Target.local(noBytes.toString()), "\u4f60\u597d", params);
        RunRecorder second = recorder(again);
        assertTrue(engine.stream(again, second).await(Duration.ofSeconds(60)));
        assertEquals(RunStatus.FAILED, second.status());
        assertEquals(pid, engine.workerPid().orElseThrow(), "the same worker: nothing crashed");
    }

    @Test
    void theRepeatPenaltyCountsThePromptAsLlamaServerDoes() throws Exception {
        // stories260K, greedy, the default repeat penalty 1.1: " " is BOS and two '▁' tokens, and the story's third
        // word is '▁' 'Anna' again unless the prompt's '▁' counts. java-llama.cpp (llama-server) counts it; the
        // current engine did not and wrote "Anna and Anna".
        Path stories = TestModels.shared(TestModels.STORIES_260K).orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(stories != null, "needs the shared stories260K.gguf");
        GenerationParams params = GenerationParams.defaults().withMaxTokens(12).withThreads(2).withTemperature(0)
                .withContextSize(2048);
        RunSpec spec = RunSpec.raw(Target.local(stories.toString()), " ", params);
        RunRecorder recorder = recorder(spec);
        assertTrue(engine.stream(spec, recorder).await(Duration.ofSeconds(60)));
        RunResult r = recorder.result(Instant.now());
        assertEquals(RunStatus.COMPLETED, r.status(), () -> r.error().orElse("") + "\n" + log);
        assertTrue(r.text().startsWith("Anna and Ben"), r.text());
    }

    private static RunResult greedy(int maxTokens, List<String> stop) throws Exception {
        GenerationParams params = GenerationParams.defaults().withMaxTokens(maxTokens).withThreads(2).withTemperature(0)
                .withRepeatPenalty(1).withContextSize(2048).withStop(stop);
        RunSpec spec = RunSpec.raw(Target.local(model.toString()), "Once upon a time", params);
        RunRecorder recorder = recorder(spec);
        assertTrue(engine.stream(spec, recorder).await(Duration.ofSeconds(60)));
        RunResult r = recorder.result(Instant.now());
        assertEquals(RunStatus.COMPLETED, r.status(), () -> r.error().orElse("") + "\n" + log);
        return r;
    }

    @Test
    void stopStringsAtTheTokenLimitKeepTheTextAndSayWhatEndedTheAnswer() throws Exception {
        String seven = greedy(7, List.of()).text();
        String eight = greedy(8, List.of()).text();
        org.junit.jupiter.api.Assumptions.assumeTrue(eight.length() > seven.length() && eight.chars().distinct().count() > 1,
                "the 8th token adds text");

        // The answer ends with the start of a stop string when the limit comes: that text is the answer's, not held
        // back for ever (java-llama.cpp, through llama-server, dropped it).
        String tail = eight.substring(Math.max(0, eight.length() - 4));
        RunResult held = greedy(8, List.of(tail + "\uE000\uE001 never"));
        assertEquals(eight, held.text());
        assertEquals(java.util.Optional.of("max_tokens"), held.stopReason());

        // A stop string that the 8th and last token completes: the stop string ended it (java-llama.cpp said max_tokens).
        RunResult stopped = greedy(8, List.of(eight.substring(1)));
        assertEquals(eight.substring(0, 1), stopped.text());
        assertEquals(java.util.Optional.of("stop"), stopped.stopReason());
        assertEquals(8, stopped.usage().completionTokens(), stopped.usage()::toString);
    }

    @Test
    void aRunAskingForMoreThreadsThanProcessorsRunsOnThemAllAndSaysSo() throws Exception {
        int processors = Runtime.getRuntime().availableProcessors();
        GenerationParams params = GenerationParams.defaults().withMaxTokens(8).withThreads(processors + 30).withSeed(42)
                .withContextSize(2048);
        RunSpec spec = RunSpec.raw(Target.local(model.toString()), "Once upon a time", params);
        RunRecorder recorder = recorder(spec);
        List<RunEvent> events = new CopyOnWriteArrayList<>();
        assertTrue(engine.stream(spec, recorder.andThen(events::add)).await(Duration.ofSeconds(60)));
        assertEquals(RunStatus.COMPLETED, recorder.status(), () -> recorder.result(Instant.now()).error().orElse(""));
        assertTrue(events.stream().anyMatch(e -> e instanceof RunEvent.Notice n
                && n.message().startsWith("ran on " + processors + " threads, not the " + (processors + 30) + " asked")),
                events::toString);
    }

    @Test
    void cancelStopsGenerationQuickly() throws Exception {
        RunSpec spec = story(1900);
        RunRecorder recorder = recorder(spec);
        CountDownLatch someTokens = new CountDownLatch(5);
        long[] terminalAt = {0};
        RunHandle handle = engine.stream(spec, recorder.andThen(e -> {
            if (e instanceof RunEvent.Token) {
                someTokens.countDown();
            }
            if (e.isTerminal()) {
                terminalAt[0] = System.nanoTime();
            }
        }));
        assertTrue(someTokens.await(60, TimeUnit.SECONDS), "no tokens came");
        long cancelAt = System.nanoTime();
        handle.cancel();
        assertTrue(handle.await(Duration.ofSeconds(5)));
        double stopMs = (terminalAt[0] - cancelAt) / 1e6;
        assertEquals(RunStatus.CANCELLED, recorder.status());
        // The floor is 200 ms; the bound leaves room for a loaded CI machine.
        assertTrue(stopMs < 1000, "cancel took " + stopMs + " ms");
        // A cancelled run still says what it used, as the worker counted it: the prompt, and the answer so far.
        Usage used = recorder.result(Instant.now()).usage();
        assertTrue(used.promptTokens() > 0, "prompt tokens of a cancelled run: " + used);
        assertTrue(used.completionTokens() >= 5, "completion tokens of a cancelled run: " + used);

        RunSpec next = story(8);
        RunRecorder after = recorder(next);
        engine.stream(next, after).await(Duration.ofSeconds(60));
        assertEquals(RunStatus.COMPLETED, after.status(), () -> "the engine works after a cancel: "
                + after.result(Instant.now()).error().orElse("") + "\n" + log);
    }

    @Test
    void aKilledWorkerFailsTheRunAndTheNextRunWorks() throws Exception {
        RunSpec spec = story(1900);
        RunRecorder recorder = recorder(spec);
        CountDownLatch someTokens = new CountDownLatch(3);
        RunHandle handle = engine.stream(spec, recorder.andThen(e -> {
            if (e instanceof RunEvent.Token) {
                someTokens.countDown();
            }
        }));
        assertTrue(someTokens.await(60, TimeUnit.SECONDS));
        long pid = engine.workerPid().orElseThrow();
        long killedAt = System.nanoTime();
        new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
        assertTrue(handle.await(Duration.ofSeconds(5)));
        double endMs = (System.nanoTime() - killedAt) / 1e6;
        RunResult result = recorder.result(Instant.now());
        assertEquals(RunStatus.FAILED, result.status());
        assertTrue(result.error().orElse("").startsWith("local engine stopped unexpectedly"), result.error().orElse(""));
        assertTrue(endMs <= 2000, "failure took " + endMs + " ms");

        RunSpec next = story(8);
        RunRecorder after = recorder(next);
        engine.stream(next, after).await(Duration.ofSeconds(60));
        assertEquals(RunStatus.COMPLETED, after.status(), () -> after.result(Instant.now()).error().orElse(""));
    }
}
