package dev.parallax.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.parallax.core.RunStatus;

class DurabilityTest {

    @TempDir
    Path home;

    @Test
    void aRunStartedJustBeforeAKillIsFoundAndMarkedInterrupted() throws Exception {
        Instant started = Instant.parse("2025-06-01T12:00:00.123456Z");
        ChildJvm.Outcome child = ChildJvm.run(StartThenHaltMain.class, home.toString(), "killed-run", started.toString());
        assertEquals(9, child.exitCode(), child.output());
        assertTrue(child.output().contains("RECORDED"), child.output());

        try (HistoryDatabase db = HistoryDatabase.open(home)) {
            RunRepository runs = new RunRepository(db);
            RunRecord found = runs.find("killed-run").orElseThrow(() -> new AssertionError("the start row was lost"));
            assertEquals(RunStatus.RUNNING, found.status());
            assertEquals(SampleRuns.fullSpec(), found.spec());
            assertEquals(started, found.startedAt());

            assertEquals(1, runs.markInterrupted());
            RunRecord interrupted = runs.find("killed-run").orElseThrow();
            assertEquals(RunStatus.INTERRUPTED, interrupted.status());
            assertEquals(Optional.of("Parallax stopped before this run ended"), interrupted.error());
        }
    }

    /** Each start is its own durable commit; this keeps an eye on what that costs. */
    @Test
    void aDurableStartCommitStaysCheap() {
        int n = 200;
        long[] start = new long[n];
        long[] end = new long[n];
        try (HistoryDatabase db = HistoryDatabase.open(home)) {
            RunRepository runs = new RunRepository(db);
            Instant t = Instant.parse("2025-01-01T00:00:00Z");
            for (int i = 0; i < 20; i++) {
                runs.recordStart("warm-" + i, SampleRuns.fullSpec(), SampleRuns.MODEL, SampleRuns.HOST, t);
            }
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                runs.recordStart("run-" + i, SampleRuns.fullSpec(), SampleRuns.MODEL, SampleRuns.HOST, t.plusSeconds(i));
                long t1 = System.nanoTime();
                runs.recordEnd(SampleRuns.fullResult("run-" + i, SampleRuns.fullSpec(), t.plusSeconds(i), "ok"));
                start[i] = t1 - t0;
                end[i] = System.nanoTime() - t1;
            }
        }
        double startMedianMs = report("recordStart", start);
        double endMedianMs = report("recordEnd", end);
        assertTrue(startMedianMs < 25, "recordStart took " + startMedianMs + " ms (median)");
        assertTrue(endMedianMs < 25, "recordEnd took " + endMedianMs + " ms (median)");
    }

    private static double report(String what, long[] nanos) {
        Arrays.sort(nanos);
        double medianMs = nanos[nanos.length / 2] / 1e6;
        System.out.printf("%s, durable commit: median %.2f ms, p95 %.2f ms, max %.2f ms%n", what, medianMs,
                nanos[nanos.length * 95 / 100] / 1e6, nanos[nanos.length - 1] / 1e6);
        return medianMs;
    }
}
