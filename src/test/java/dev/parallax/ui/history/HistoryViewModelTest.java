package dev.parallax.ui.history;

import dev.parallax.core.GenerationParams;
import dev.parallax.core.HostFacts;
import dev.parallax.core.ModelIdentity;
import dev.parallax.core.RunResult;
import dev.parallax.core.RunSpec;
import dev.parallax.core.RunStatus;
import dev.parallax.core.Target;
import dev.parallax.core.Timings;
import dev.parallax.core.Usage;
import dev.parallax.core.UsageBasis;
import dev.parallax.history.HistoryDatabase;
import dev.parallax.history.RunRecord;
import dev.parallax.history.RunRepository;
import dev.parallax.ui.FakeDialogService;
import dev.parallax.ui.base.CurrentThreadTaskExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** History over a real H2 database: lazy pages, filters, details, re-run and delete, without the toolkit. */
class HistoryViewModelTest {

    private static final Instant T0 = LocalDate.of(2026, 3, 1).atStartOfDay(ZoneId.systemDefault()).toInstant();

    @TempDir
    java.nio.file.Path home;

    private HistoryDatabase db;
    private RunRepository repo;
    private FakeDialogService dialogs;
    private HistoryViewModel vm;
    private final List<String> pageReads = new ArrayList<>();

    @BeforeEach
    void setUp() {
        db = HistoryDatabase.open(home);
        repo = new RunRepository(db);
        dialogs = new FakeDialogService();
        vm = new HistoryViewModel(() -> repo, new CurrentThreadTaskExecutor(), dialogs);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private static RunResult run(int i, String model, RunStatus status) {
        return run(i, model, status, Optional.empty());
    }

    private static RunResult run(int i, String model, RunStatus status, Optional<String> error) {
        RunSpec spec = RunSpec.chat(Target.local(model), "", "prompt " + i, GenerationParams.defaults());
        Timings t = new Timings(1, OptionalDouble.empty(), OptionalDouble.of(120 + i), 900,
                OptionalDouble.of(300), OptionalDouble.of(55.5), Optional.empty());
        Instant at = T0.plusSeconds(60L * i);
        return new RunResult("run-" + i, spec, status, "output " + i, error, new Usage(10, 20, UsageBasis.EXACT), t,
                ModelIdentity.unknown(model), new HostFacts("cpu", 2, 1, "os", "t"), at, at.plusMillis(900));
    }

    private void insert(int n) {
        List<RunResult> runs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            runs.add(run(i, i % 2 == 0 ? "even" : "odd", i % 10 == 0 ? RunStatus.FAILED : RunStatus.COMPLETED));
        }
        repo.insertAll(runs);
    }

    @Test
    void rowsAreReadLazilyPageByPageNewestFirst() {
        insert(1050);
        vm.refresh();
        LazyRunList rows = vm.rowsProperty().get();
        assertEquals(1050, rows.size());
        assertEquals("1,050 runs", vm.summaryProperty().get());
        assertEquals(0, rows.pagesRead(), "counting reads no rows");

        List<String> changes = new ArrayList<>();
        rows.addListener((javafx.collections.ListChangeListener<HistoryRow>) c -> {
            while (c.next()) {
                changes.add(c.getFrom() + ".." + c.getTo());
            }
        });
        HistoryRow first = rows.get(0);
        assertEquals("run-1049", first.run().orElseThrow().id());
        assertEquals(1, rows.pagesRead());
        assertEquals(List.of("0..100"), changes, "the page's rows are reported replaced");
        rows.get(99);
        assertEquals(1, rows.pagesRead(), "same page, no read");
        HistoryRow last = rows.get(1049);
        assertEquals("run-0", last.run().orElseThrow().id());
        assertEquals(2, rows.pagesRead());
        assertEquals("failed", last.status());
        assertEquals("10 → 20", last.tokens());
        assertEquals("55.5 tok/s", last.tokensPerSecond());
        assertEquals("120 ms", last.ttft());
    }

    @Test
    void onlyRecentPagesAreKept() {
        insert(LazyRunList.PAGE_SIZE * (LazyRunList.MAX_PAGES + 5));
        vm.refresh();
        LazyRunList rows = vm.rowsProperty().get();
        for (int p = 0; p < LazyRunList.MAX_PAGES + 5; p++) {
            rows.get(p * LazyRunList.PAGE_SIZE);
        }
        assertTrue(rows.peek(0).isEmpty(), "the oldest page was dropped");
        assertTrue(rows.peek(rows.size() - 1).isPresent());
    }

    @Test
    void filtersCombine() {
        insert(40);
        vm.refresh();
        assertEquals(List.of(HistoryViewModel.ALL_TARGETS, "local:even", "local:odd"), vm.targetChoices());
        vm.targetProperty().set("local:even");
        assertEquals(20, vm.rowsProperty().get().size());
        vm.statusProperty().set("failed");
        assertEquals(4, vm.rowsProperty().get().size(), "runs 0, 10, 20, 30: failed, all even");
        vm.textProperty().set("prompt 20");
        assertEquals(1, vm.rowsProperty().get().size());
        vm.clearFilters();
        assertEquals(40, vm.rowsProperty().get().size());
        vm.fromProperty().set(LocalDate.of(2026, 3, 2));
        assertEquals(0, vm.rowsProperty().get().size());
        vm.fromProperty().set(LocalDate.of(2026, 3, 1));
        vm.untilProperty().set(LocalDate.of(2026, 3, 1));
        assertEquals(40, vm.rowsProperty().get().size(), "until is inclusive");
    }

    @Test
    void detailsRerunAndDelete() {
        insert(3);
        vm.refresh();
        HistoryRow row = vm.rowsProperty().get().get(1);
        vm.selectedProperty().set(row);
        RunRecord details = vm.detailsProperty().get();
        assertEquals("run-1", details.id());
        List<RunDetails.Section> sections = RunDetails.of(details);
        assertEquals(List.of("Run", "Parameters", "Timings (Parallax)", "Model", "Host"),
                sections.stream().map(RunDetails.Section::title).toList());

        AtomicReference<RunRecord> opened = new AtomicReference<>();
        AtomicReference<RunRecord> again = new AtomicReference<>();
        vm.setOnOpenInPlayground(opened::set);
        vm.setOnRunAgain(again::set);
        vm.openSelectedInPlayground();
        vm.runSelectedAgain();
        assertEquals("run-1", opened.get().id());
        assertEquals("run-1", again.get().id());

        dialogs.confirmAnswer = false;
        vm.deleteSelected();
        assertTrue(repo.find("run-1").isPresent());
        dialogs.confirmAnswer = true;
        vm.deleteSelected();
        assertFalse(repo.find("run-1").isPresent());
        assertEquals(2, vm.rowsProperty().get().size());
    }

    @Test
    void theStatusLineGivesTheReasonOnlyWhenThereIsOneBeyondTheStatus() {
        repo.insertAll(List.of(run(0, "even", RunStatus.CANCELLED, Optional.of("cancelled")),
                run(1, "odd", RunStatus.FAILED, Optional.of("connection refused"))));
        vm.refresh();
        // A run stopped in Compare read "cancelled — cancelled".
        assertEquals("cancelled", status(repo.find("run-0").orElseThrow()));
        assertEquals("failed — connection refused", status(repo.find("run-1").orElseThrow()));
    }

    private static String status(RunRecord r) {
        return RunDetails.of(r).get(0).fields().stream().filter(f -> f.label().equals("Status")).findFirst().orElseThrow()
                .value();
    }

    @Test
    void aBrokenDatabaseIsReportedInPlace() {
        HistoryViewModel broken = new HistoryViewModel(() -> {
            throw new IllegalStateException("the history database is used by another Parallax");
        }, new CurrentThreadTaskExecutor(), dialogs);
        broken.refresh();
        assertEquals("Could not read the history: the history database is used by another Parallax",
                broken.errorProperty().get());
    }
}
