package dev.parallax.report;

import dev.parallax.history.HistoryDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A batch of 10,000 dataset rows on two targets (20,000 runs), written into H2 and reported as HTML. */
class ReportScaleTest {

    @TempDir
    Path dir;

    @Test
    void aTenThousandRowBatchRendersInUnderTenSecondsAndTwentyMegabytes() throws Exception {
        try (HistoryDatabase db = HistoryDatabase.open(dir.resolve("home"))) {
            ReportFixture.Ids ids = ReportFixture.populate(db, 10_000,
                    i -> "The capital is Paris. " + "Answer number " + i + " with a few more words to read. ".repeat(6));
            ReportService reports = ReportFixture.service(db);
            Path file = dir.resolve("batch.html");
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long cpuStart = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            ReportModel m = reports.batch(ids.batchId());
            long built = System.nanoTime();
            reports.write(m, file);
            long end = System.nanoTime();
            long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
            long bytes = Files.size(file);
            System.out.printf(Locale.ROOT, "ReportScaleTest: %d runs; model built in %.2f s, HTML written in %.2f s, "
                    + "total %.2f s wall, %.2f s CPU of the exporting thread; HTML %.1f MB%n", m.rows().size(),
                    (built - start) / 1e9, (end - built) / 1e9, (end - start) / 1e9, cpu / 1e9, bytes / 1e6);
            assertEquals(20_000, m.rows().size());
            // CPU time of the thread that does the work (H2 embedded runs its queries on it): other processes
            // sharing the machine cannot push it over the limit the way they stretch wall time.
            assertTrue(cpu < 10_000_000_000L, "took " + cpu / 1e9 + " s of CPU");
            assertTrue(bytes < 20_000_000, bytes + " bytes");
        }
    }
}
