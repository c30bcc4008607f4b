package dev.parallax.cli;

import dev.parallax.bench.batch.BatchHandle;
import dev.parallax.bench.batch.BatchListener;
import dev.parallax.bench.batch.BatchProgress;
import dev.parallax.bench.batch.BatchReport;
import dev.parallax.bench.batch.BatchState;

import java.io.PrintWriter;

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
        Thread onCtrlC = new Thread(() -> {
            handle.cancel();
            try {
                handle.finished().get(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                // Exiting anyway; the batch is marked interrupted at the next start.
            }
            root.err().println("parallax: batch " + handle.batchId() + " stopped; resume it with 'parallax batch resume "
                    + handle.batchId() + "'");
            root.err().flush();
        }, "parallax-batch-cancel");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        BatchProgress end;
        try {
            end = handle.await();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException e) {
                // Already shutting down.
            }
        }
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
        return 0;
    }
}
