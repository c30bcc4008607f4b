package dev.parallax.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.parallax.core.RunResult;
import dev.parallax.core.RunStatus;
import dev.parallax.core.Target;

/** A history of 100,000 runs must still scroll: a page deep in the middle comes back in well under 200 ms. */
class HistoryPagingPerformanceTest {

    private static final int ROWS = 100_000;

    @TempDir
    Path home;

    @Test
    void aPageAtOffset50000Of100000IsFast() {
        Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
        Target[] targets = {Target.local("llama-3.2-1b"), new Target("openai", "gpt-4o-mini"),
                new Target("anthropic", "claude-3-5-haiku")};
        RunStatus[] statuses = {RunStatus.COMPLETED, RunStatus.COMPLETED, RunStatus.COMPLETED, RunStatus.FAILED};
        List<RunResult> results = new ArrayList<>(ROWS);
        for (int i = 0; i < ROWS; i++) {
            results.add(SampleRuns.simple(String.format("run-%06d", i), targets[i % targets.length],
                    statuses[i % statuses.length], "Prompt number " + i + " about something",
                    "Output number " + i + " with a few words of text", t0.plusSeconds(i)));
        }

        try (HistoryDatabase db = HistoryDatabase.open(home)) {
            RunRepository runs = new RunRepository(db);
            long insertStart = System.nanoTime();
            runs.insertAll(results);
            long insertMs = (System.nanoTime() - insertStart) / 1_000_000;
            results.clear();

            assertEquals(ROWS, runs.count(HistoryQuery.all()));
            runs.page(HistoryQuery.all(), 1000, 50);

            long best = Long.MAX_VALUE;
            List<RunRecord> page = List.of();
            for (int round = 0; round < 5; round++) {
                long begin = System.nanoTime();
                page = runs.page(HistoryQuery.all(), 50_000, 50);
                best = Math.min(best, System.nanoTime() - begin);
            }
            long first = System.nanoTime();
            runs.page(HistoryQuery.all(), 0, 50);
            long firstMs = (System.nanoTime() - first) / 1_000_000;

            long filteredStart = System.nanoTime();
            List<RunRecord> filtered = runs.page(HistoryQuery.all().withStatus(RunStatus.FAILED), 10_000, 50);
            long filteredMs = (System.nanoTime() - filteredStart) / 1_000_000;

            long textStart = System.nanoTime();
            HistoryQuery text = HistoryQuery.all().withText("NUMBER 4242 ");
            long textCount = runs.count(text);
            List<RunRecord> textPage = runs.page(text, 0, 50);
            long textMs = (System.nanoTime() - textStart) / 1_000_000;

            System.out.printf("insert %d runs: %d ms; page at offset 50,000: %.1f ms (best of 5); first page: %d ms;"
                    + " failed-only page at offset 10,000: %d ms; text search count + page (full scan): %d ms%n",
                    ROWS, insertMs, best / 1e6, firstMs, filteredMs, textMs);

            assertEquals(1, textCount);
            assertEquals(List.of("run-004242"), textPage.stream().map(RunRecord::id).toList());

            assertEquals(50, page.size());
            assertEquals(String.format("run-%06d", ROWS - 1 - 50_000), page.get(0).id());
            assertEquals(String.format("run-%06d", ROWS - 50 - 50_000), page.get(49).id());
            assertEquals(50, filtered.size());
            assertTrue(filtered.stream().allMatch(r -> r.status() == RunStatus.FAILED));
            assertTrue(best < 200_000_000L, "a page at offset 50,000 took " + best / 1_000_000 + " ms");
        }
    }
}
