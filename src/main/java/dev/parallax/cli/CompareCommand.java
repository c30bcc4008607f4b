package dev.parallax.cli;

import dev.parallax.bench.compare.CompareHandle;
import dev.parallax.bench.compare.CompareListener;
import dev.parallax.bench.compare.CompareRequest;
import dev.parallax.bench.compare.Comparison;
import dev.parallax.core.Target;
import dev.parallax.history.RunMetrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** {@code parallax compare}: one prompt on 2–6 targets, side by side. */
@Command(name = "compare", sortOptions = false,
        description = "Run one prompt on 2 to 6 targets and compare speed, cost and answers (saved; see 'comparisons').")
final class CompareCommand implements Callable<Integer> {

    @ParentCommand
    ParallaxCommand root;

    @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "The prompt.")
    String prompt;

    @Option(names = "--target", required = true, paramLabel = "TARGET",
            description = "A target (repeat the option 2 to 6 times): local:MODEL or PROVIDER:MODEL.")
    List<String> targets = new ArrayList<>();

    @Option(names = "--system", paramLabel = "TEXT", description = "A system prompt.")
    String system;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "1",
            description = "Runs per target; with more than one, median and p95 are shown (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--sequential", description = "One run at a time across all targets, for fair timing "
            + "(otherwise cloud targets run at the same time; local ones always one after another).")
    boolean sequential;

    @Mixin
    GenerationOptions generation;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        CompareRequest request;
        try {
            request = new CompareRequest(prompt, Optional.ofNullable(system).filter(s -> !s.isBlank()),
                    targets.stream().map(Target::parse).toList(), repeat, sequential, generation.params(),
                    generation.engineChoice());
        } catch (IllegalArgumentException e) {
            throw new CliFailure(e.getMessage(), 2);
        }
        root.prepareChecksFor(request.targets());
        PrintWriter err = root.err();
        CompareHandle handle = root.services().compare().start(request, new CompareListener() {
            @Override
            public void runFinished(int targetIndex, int repeatNo, RunMetrics run) {
                if (!json) {
                    synchronized (err) {
                        err.printf("%s run %d/%d: %s%n", request.targets().get(targetIndex), repeatNo + 1, repeat,
                                run.status().label());
                        err.flush();
                    }
                }
            }

            @Override
            public void refused(int targetIndex, String reason) {
                synchronized (err) {
                    err.println("parallax: " + request.targets().get(targetIndex) + ": " + reason);
                    err.flush();
                }
            }
        });
        // Ctrl-C (or a TERM): the runs are cancelled, and the comparison saved and printed with what finished.
        CancelOnExit onExit = CancelOnExit.install("parallax-compare-cancel", handle::cancel, Duration.ofSeconds(3),
                timeout -> {
                    handle.result().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    return true;
                });
        try {
            return report(root, handle.await(), json);
        } finally {
            onExit.close();
        }
    }

    private static int report(ParallaxCommand root, Comparison c, boolean json) throws Exception {
        if (json) {
            root.out().println(RunJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(BenchJson.comparison(c)));
        } else {
            BenchTables.comparison(root.out(), c);
        }
        boolean anyRan = c.targets().stream().anyMatch(t -> t.stats().succeeded() > 0);
        return anyRan ? 0 : 1;
    }
}
