package dev.parallax.ui.history;

import dev.parallax.core.GenerationParams;
import dev.parallax.core.HostFacts;
import dev.parallax.core.ModelIdentity;
import dev.parallax.core.RunSpec;
import dev.parallax.core.RunStatus;
import dev.parallax.core.Target;
import dev.parallax.core.Timings;
import dev.parallax.core.Usage;
import dev.parallax.history.HistoryQuery;
import dev.parallax.history.RunRecord;
import dev.parallax.ui.base.FxTaskExecutor;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.Scene;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A table over 100,000 runs reads only the pages it shows, always off the UI thread, and a scroll step
 * costs the UI thread no database time.
 */
class LazyHistoryScrollTest {

    private static final int RUNS = 100_000;
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static FxTaskExecutor tasks;
    private static Stage stage;

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
        tasks = new FxTaskExecutor();
    }

    @AfterAll
    static void close() throws Exception {
        tasks.close();
        if (stage != null) {
            WaitForAsyncUtils.asyncFx(stage::close).get();
        }
    }

    private static RunRecord record(int newestFirstIndex) {
        int n = RUNS - 1 - newestFirstIndex;
        Instant at = T0.plusSeconds(n);
        RunSpec spec = RunSpec.chat(Target.local("m"), "", "prompt " + n, GenerationParams.defaults());
        return new RunRecord("run-" + n, at, at, Optional.of(at.plusMillis(500)), RunStatus.COMPLETED, spec,
                ModelIdentity.unknown("m"), "output " + n, Optional.empty(), Usage.none(), Timings.none(),
                new HostFacts("cpu", 2, 1, "os", "t"), Optional.empty(), Optional.empty());
    }

    @Test
    void scrollingThroughAHundredThousandRunsReadsOnlyTheVisitedPages() throws Exception {
        List<String> readThreads = new CopyOnWriteArrayList<>();
        LazyRunList.PageSource source = (HistoryQuery q, int offset, int limit) -> {
            readThreads.add(Thread.currentThread().getName());
            List<RunRecord> page = new ArrayList<>();
            for (int i = offset; i < Math.min(RUNS, offset + limit); i++) {
                page.add(record(i));
            }
            return page;
        };
        LazyRunList rows = new LazyRunList(source, HistoryQuery.all(), RUNS, tasks, e -> { });
        TableView<HistoryRow> table = WaitForAsyncUtils.asyncFx(() -> {
            TableView<HistoryRow> t = new TableView<>(rows);
            t.setFixedCellSize(34);
            TableColumn<HistoryRow, String> time = new TableColumn<>("Time");
            time.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().run().map(RunRecord::id).orElse("…")));
            t.getColumns().add(time);
            stage = new Stage();
            stage.setScene(new Scene(t, 600, 500));
            stage.show();
            return t;
        }).get(10, TimeUnit.SECONDS);

        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> rows.peek(0).isPresent());
        assertEquals("run-99999", rows.peek(0).orElseThrow().id());

        // 200 scroll steps of one screenful each, spread over the whole list, measured on the UI thread.
        long worst = 0;
        long total = 0;
        for (int step = 0; step < 200; step++) {
            int index = (int) ((long) step * (RUNS - 1) / 199);
            long took = WaitForAsyncUtils.asyncFx(() -> {
                long t0 = System.nanoTime();
                table.scrollTo(index);
                table.layout();
                return System.nanoTime() - t0;
            }).get(10, TimeUnit.SECONDS);
            worst = Math.max(worst, took);
            total += took;
        }
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> rows.peek(RUNS - 1).isPresent());
        assertEquals("run-0", rows.peek(RUNS - 1).orElseThrow().id());

        System.out.printf("100k-run table: 200 scroll steps, mean %.2f ms, worst %.2f ms on the UI thread; %d pages read%n",
                total / 200 / 1e6, worst / 1e6, rows.pagesRead());
        assertTrue(rows.pagesRead() <= 2 * 200 + 2, "pages read: " + rows.pagesRead());
        assertFalse(readThreads.isEmpty());
        assertTrue(readThreads.stream().noneMatch(t -> t.contains("JavaFX")), "never read on the UI thread: " + readThreads);
        assertTrue(total / 200 < 50_000_000L, "a scroll step took " + total / 200 / 1e6 + " ms on average");
    }
}
