package dev.parallax.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parallax.bench.LocalBenchmark;
import dev.parallax.bench.Spread;
import dev.parallax.engine.local.EngineChoice;
import dev.parallax.models.ModelStoreException;
import dev.parallax.route.RunRejectedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code parallax bench-local}: a rerunnable speed benchmark of a local model, engine by engine. */
@Command(name = "bench-local", description = "Measure prompt and generation tokens/s of a local model, next to llama.cpp's own timings.")
final class BenchLocalCommand implements Callable<Integer> {

    @ParentCommand
    ParallaxCommand root;

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "An imported model's name or a .gguf path.")
    String model;

    @Option(names = "--engine", defaultValue = "both", paramLabel = "ENGINE",
            description = "both (each available engine, side by side), auto, current or java-llama.cpp (default: ${DEFAULT-VALUE}).")
    String engine;

    @Option(names = "--runs", defaultValue = "5", paramLabel = "N", description = "Measured runs after one warm-up (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--prompt-tokens", defaultValue = "128", paramLabel = "N", description = "Prompt length in tokens, sized by the warm-up run (default: ${DEFAULT-VALUE}).")
    int promptTokens;

    @Option(names = "--gen-tokens", defaultValue = "128", paramLabel = "N", description = "Tokens to generate (default: ${DEFAULT-VALUE}).")
    int genTokens;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N", description = "CPU threads (default: all cores).")
    int threads;

    @Option(names = "--ctx", defaultValue = "0", paramLabel = "N",
            description = "Context size in tokens (default: the smallest that holds the run, at least 512).")
    int contextSize;

    @Option(names = "--json", description = "Print the reports as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (runs < 1 || promptTokens < 1 || genTokens < 2) {
            throw new CliFailure("--runs and --prompt-tokens must be at least 1, --gen-tokens at least 2", 2);
        }
        if (contextSize < 0 || contextSize > 0 && contextSize < promptTokens * 2 + genTokens + 64) {
            throw new CliFailure("--ctx " + contextSize + " cannot hold the run: give at least "
                    + (promptTokens * 2 + genTokens + 64) + " (room for the prompt as sized, the answer and the template), or 0", 2);
        }
        List<EngineChoice> engines = engines();
        try {
            // Before the first progress line: a misspelt model is one line, not a warm-up that never starts.
            root.services().models().resolve(model);
        } catch (ModelStoreException e) {
            throw new CliFailure(e.getMessage());
        }
        PrintWriter err = root.err();
        List<LocalBenchmark.Report> reports = new ArrayList<>();
        LocalBenchmark bench = new LocalBenchmark(root.services().runService());
        for (EngineChoice choice : engines) {
            try {
                reports.add(bench.run(model, choice, runs, promptTokens, genTokens, threads, contextSize, line -> {
                    err.println("[" + choice.label() + "] " + line);
                    err.flush();
                }));
            } catch (RunRejectedException e) {
                throw new CliFailure(e.getMessage());
            }
        }
        PrintWriter out = root.out();
        if (json) {
            ArrayNode array = RunJson.JSON.createArrayNode();
            reports.forEach(r -> array.add((ObjectNode) RunJson.JSON.valueToTree(r)));
            out.println(RunJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(array));
            return 0;
        }
        for (LocalBenchmark.Report report : reports) {
            out.printf(Locale.ROOT, "%n%s · %s (%s) · %d threads · context %d · median of %d runs after a warm-up (min–max)%n",
                    report.model(), report.engine(), report.engineBuild(), report.threads(), report.context(), report.runs());
            out.printf(Locale.ROOT, "%-24s %22s %22s %8s%n", "", "Parallax (end to end)", "llama.cpp (own timer)", "ratio");
            line(out, "prompt tokens/s", report.promptTps(), report.enginePromptTps(), report.promptRatio());
            line(out, "generation tokens/s", report.generationTps(), report.engineGenerationTps(), report.generationRatio());
            out.printf(Locale.ROOT, "%-24s %22s%n", "time to first token ms", fmt(report.ttftMs()));
        }
        if (reports.size() == 2) {
            LocalBenchmark.Report a = reports.get(0);
            LocalBenchmark.Report b = reports.get(1);
            out.printf(Locale.ROOT, "%n%s vs %s: generation %.2fx, prompt %.2fx (Parallax end-to-end medians)%n",
                    a.engine(), b.engine(), a.generationTps().median() / b.generationTps().median(),
                    a.promptTps().median() / b.promptTps().median());
        }
        return 0;
    }

    private List<EngineChoice> engines() {
        if (engine.equalsIgnoreCase("both")) {
            return root.services().localEngines().currentAvailable()
                    ? List.of(EngineChoice.CURRENT, EngineChoice.JAVA_LLAMA_CPP)
                    : List.of(EngineChoice.JAVA_LLAMA_CPP);
        }
        try {
            return List.of(EngineChoice.parse(engine));
        } catch (IllegalArgumentException e) {
            throw new CliFailure(e.getMessage(), 2);
        }
    }

    private static void line(PrintWriter out, String what, Spread ours, Spread theirs, Spread ratio) {
        out.printf(Locale.ROOT, "%-24s %22s %22s %8.3f%n", what, fmt(ours), fmt(theirs), ratio.median());
    }

    private static String fmt(Spread s) {
        return String.format(Locale.ROOT, "%.1f (%.1f–%.1f)", s.median(), s.min(), s.max());
    }
}
