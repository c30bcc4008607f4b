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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

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
        java.util.concurrent.CountDownLatch reported = new java.util.concurrent.CountDownLatch(1);
        // Ctrl-C (or a TERM): cancel, and let the comparison be saved and printed with what finished before the JVM ends.
        Thread onCtrlC = new Thread(() -> {
            handle.cancel();
            try {
                handle.result().get(3, java.util.concurrent.TimeUnit.SECONDS);
                reported.await(2, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // Exiting anyway: runs still going are marked interrupted at the next start.
            }
        }, "parallax-compare-cancel");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        try {
            return report(root, handle, json, onCtrlC);
        } finally {
            reported.countDown();
        }
    }

    private static int report(ParallaxCommand root, CompareHandle handle, boolean json, Thread onCtrlC) throws Exception {
        Comparison c;
        try {
            c = handle.await();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException e) {
                // Already shutting down.
            }
        }
        if (json) {
            root.out().println(RunJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(BenchJson.comparison(c)));
        } else {
            BenchTables.comparison(root.out(), c);
        }
        boolean anyRan = c.targets().stream().anyMatch(t -> t.stats().succeeded() > 0);
        return anyRan ? 0 : 1;
    }
}
