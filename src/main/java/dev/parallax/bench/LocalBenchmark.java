package dev.parallax.bench;

import dev.parallax.core.EngineTimings;
import dev.parallax.core.GenerationParams;
import dev.parallax.core.PromptMode;
import dev.parallax.core.RunListener;
import dev.parallax.core.RunResult;
import dev.parallax.core.RunSpec;
import dev.parallax.core.RunStatus;
import dev.parallax.core.Target;
import dev.parallax.engine.local.EngineChoice;
import dev.parallax.route.RunRejectedException;
import dev.parallax.route.RunService;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Prompt processing and generation speed of a local model end to end (through the worker and the
 * one run path), next to llama.cpp's own counters for the same runs. One warm-up run loads the
 * model; the measured runs follow with the model loaded.
 */
public final class LocalBenchmark {

    /** One measured run. Rates in tokens per second; "engine" = as llama.cpp reports them. */
    public record Sample(int promptTokens, int generatedTokens, double promptTps, double enginePromptTps,
                         double generationTps, double engineGenerationTps, double ttftMs, double totalMs) {
    }

    public record Report(String model, String engine, String engineBuild, int threads, int runs, List<Sample> samples, Spread promptTps,
                         Spread enginePromptTps, Spread generationTps, Spread engineGenerationTps, Spread ttftMs,
                         Spread generationRatio, Spread promptRatio, int context) {
    }

    private static final String[] WORDS = ("the little dog ran across the green field to find a red ball that "
            + "his friend had thrown over the old wooden fence near the river").split(" ");

    private final RunService runs;

    public LocalBenchmark(RunService runs) {
        this.runs = runs;
    }

    /**
     * @param promptTokens the prompt length to aim for; the warm-up run measures how many tokens the
     *                     model's tokenizer makes of the benchmark text, and the prompt is sized from it
     * @param context      the context size in tokens; 0 for the smallest that holds the run (at least 512). A
     *                     larger context costs some prompt speed: attention spans more of the KV cache
     */
    public Report run(String model, EngineChoice engine, int measuredRuns, int promptTokens, int generateTokens, int threads,
                      int context, Consumer<String> progress) throws RunRejectedException, InterruptedException {
        // "All cores" is asked of the engine as the number it will use, so the report says how many ran.
        int processors = Math.max(1, Runtime.getRuntime().availableProcessors());
        // Never more than the processors, as every local run (LocalEngine.threadsFor).
        int effectiveThreads = threads > 0 ? Math.min(threads, processors) : processors;
        GenerationParams params = GenerationParams.defaults().withMaxTokens(generateTokens).withThreads(effectiveThreads)
                .withSeed(1234).withContextSize(context > 0 ? context : Math.max(512, promptTokens * 2 + generateTokens + 64));

        progress.accept("warm-up (loads the model and sizes the prompt)");
        int words = promptTokens;
        RunResult warm = runs.start(spec(model, words, params), engine, RunListener.none()).await();
        if (warm.status() != RunStatus.COMPLETED) {
            throw new RunRejectedException("the warm-up run " + warm.status().label() + ": " + warm.error().orElse(""));
        }
        if (warm.usage().promptTokens() > 0) {
            words = Math.max(1, (int) Math.round(words * (double) promptTokens / warm.usage().promptTokens()));
        }
        RunSpec spec = spec(model, words, params);
        List<Sample> samples = new ArrayList<>();
        for (int i = 1; i <= measuredRuns; i++) {
            RunResult r = runs.start(spec, engine, RunListener.none()).await();
            if (r.status() != RunStatus.COMPLETED) {
                throw new RunRejectedException("run " + i + " " + r.status().label() + ": " + r.error().orElse(""));
            }
            Sample s = sample(r);
            samples.add(s);
            progress.accept(String.format(java.util.Locale.ROOT,
                    "run %d/%d: prompt %d tok %.0f tok/s (llama.cpp %.0f) · generation %d tok %.1f tok/s (llama.cpp %.1f) · TTFT %.1f ms",
                    i, measuredRuns, s.promptTokens(), s.promptTps(), s.enginePromptTps(), s.generatedTokens(),
                    s.generationTps(), s.engineGenerationTps(), s.ttftMs()));
        }
        return new Report(model, warm.model().engine(), warm.model().engineBuild(), params.threads(), measuredRuns, samples,
                Spread.of(samples.stream().map(Sample::promptTps).toList()),
                Spread.of(samples.stream().map(Sample::enginePromptTps).toList()),
                Spread.of(samples.stream().map(Sample::generationTps).toList()),
                Spread.of(samples.stream().map(Sample::engineGenerationTps).toList()),
                Spread.of(samples.stream().map(Sample::ttftMs).toList()),
                Spread.of(samples.stream().map(s -> s.generationTps() / s.engineGenerationTps()).toList()),
                Spread.of(samples.stream().map(s -> s.promptTps() / s.enginePromptTps()).toList()), params.contextSize());
    }

    private static RunSpec spec(String model, int words, GenerationParams params) {
        return RunSpec.prompt(Target.local(model), null, prompt(words), PromptMode.RAW, params);
    }

    private static Sample sample(RunResult r) {
        EngineTimings e = r.timings().engine().orElse(new EngineTimings(0, 0, 0, 0));
        return new Sample(r.usage().promptTokens(), r.usage().completionTokens(),
                r.timings().promptTokensPerSecond().orElse(Double.NaN), e.promptTokensPerSecond(),
                r.timings().completionTokensPerSecond().orElse(Double.NaN), e.generationTokensPerSecond(),
                r.timings().ttftMs().orElse(Double.NaN), r.timings().totalMs());
    }

    static String prompt(int words) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < words; i++) {
            if (i > 0) {
                s.append(' ');
            }
            s.append(WORDS[i % WORDS.length]);
        }
        return s.toString();
    }
}
