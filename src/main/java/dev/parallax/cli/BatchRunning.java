package dev.parallax.cli;

import dev.parallax.bench.batch.BatchHandle;
import dev.parallax.bench.batch.BatchListener;
import dev.parallax.bench.batch.BatchProgress;
import dev.parallax.bench.batch.BatchReport;
import dev.parallax.bench.batch.BatchState;

import dev.parallax.bench.stats.TargetStats;

import java.io.PrintWriter;
import java.util.Optional;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Follows a batch on the command line: progress on stderr, Ctrl-C cancels (resumable), the report at the end. */
final class BatchRunning {

    /** Progress lines at most this often. */
    static final long EVERY_NANOS = 2_000_000_000L;

    private BatchRunning() {
    }

    /** A listener that prints a progress line to {@code err} now and then (never with --json). */
    static BatchListener progressTo(PrintWriter err, boolean quiet) {
        return new BatchListener() {
            // The first line comes after the interval: a batch that ends sooner prints only its report.
            private long last = System.nanoTime();

            @Override
            public void progress(BatchProgress p) {
                if (quiet) {
                    return;
                }
                long now = System.nanoTime();
                synchronized (this) {
                    if (now - last < EVERY_NANOS && p.state() == BatchState.RUNNING) {
                        return;
                    }
                    last = now;
                }
                synchronized (err) {
                    err.println(BenchTables.progress(p));
                    err.flush();
                }
            }
        };
    }

    /** Waits for the end, prints the report; exit code 0 when the batch completed. */
    static int finish(ParallaxCommand root, BatchHandle handle, boolean json, boolean agreement) throws Exception {
        // Ctrl-C (or a TERM): the batch is cancelled (resumable), and its report printed with what finished.
        BatchProgress end;
        CancelOnExit onExit = CancelOnExit.install("parallax-batch-cancel", handle::cancel, Duration.ofSeconds(5),
                timeout -> {
                    handle.finished().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    return true;
                }, () -> {
                    root.err().println("parallax: batch " + handle.batchId() + " stopped; resume it with 'parallax batch resume "
                            + handle.batchId() + "'");
                    root.err().flush();
                });
        try {
            end = handle.await();
            return report(root, handle, end, json, agreement);
        } finally {
            onExit.close();
        }
    }

    private static int report(ParallaxCommand root, BatchHandle handle, BatchProgress end, boolean json, boolean agreement)
            throws Exception {
        BatchReport report = root.services().batchReports().report(handle.batchId(), agreement);
        if (json) {
            root.out().println(RunJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(BenchJson.batch(report)));
        } else {
            BenchTables.batch(root.out(), report);
        }
        root.out().flush();
        if (end.state() != BatchState.COMPLETED) {
            root.err().println("parallax: batch " + end.state().label() + end.message().map(m -> ": " + m).orElse("")
                    + "; resume it with 'parallax batch resume " + handle.batchId() + "'");
            return 1;
        }
        return failures(root, report);
    }

    /**
     * Runs that failed say why (the table only counts them), and a batch none of whose runs succeeded exits 1, as a
     * comparison does: every row answered "connection refused" is no benchmark.
     */
    private static int failures(ParallaxCommand root, BatchReport report) {
        int runs = report.targets().stream().mapToInt(TargetStats::runs).sum();
        int failed = report.targets().stream().mapToInt(TargetStats::failed).sum();
        if (failed == 0) {
            return 0;
        }
        Optional<String> first = root.services().batches().items(report.batch().id()).stream()
                .map(i -> i.run().error()).flatMap(Optional::stream).findFirst();
        boolean none = report.targets().stream().mapToInt(TargetStats::succeeded).sum() == 0;
        root.err().println("parallax: " + (none ? "no run succeeded (" + failed + " failed)" : failed + " of " + runs
                + " runs failed") + first.map(e -> "; the first: " + e).orElse(""));
        root.err().flush();
        return none ? 1 : 0;
    }
}
