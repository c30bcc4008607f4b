package dev.parallax.ui.report;

import dev.parallax.history.HistoryDatabase;
import dev.parallax.report.ReportFixture;
import dev.parallax.report.ReportFormat;
import dev.parallax.report.ReportService;
import dev.parallax.ui.FakeDialogService;
import dev.parallax.ui.base.CurrentThreadTaskExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The export dialog's logic: build, preview, choose a file, write; without the toolkit. */
class ExportViewModelTest {

    @TempDir
    Path dir;

    private HistoryDatabase db;
    private ReportService reports;
    private ReportFixture.Ids ids;
    private final FakeDialogService dialogs = new FakeDialogService();

    @BeforeEach
    void setUp() throws Exception {
        db = HistoryDatabase.inMemory();
        reports = ReportFixture.service(db);
        ids = ReportFixture.populate(db, 5, i -> "Paris " + i);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void previewsThenWritesTheChosenFormat() throws Exception {
        ExportViewModel vm = new ExportViewModel(() -> reports, new CurrentThreadTaskExecutor(), dialogs,
                ExportViewModel.Source.comparison(ids.comparisonId()));
        vm.load();
        assertTrue(vm.readyProperty().get());
        assertTrue(vm.previewProperty().get().startsWith("# Comparison "), vm.previewProperty().get());
        assertTrue(vm.summaryProperty().get().contains("2 target(s), 6 run(s)"), vm.summaryProperty().get());
        vm.formatProperty().set(ReportFormat.PDF);
        assertTrue(vm.summaryProperty().get().contains("Format: PDF"));
        Path chosen = dir.resolve("out");
        dialogs.saveFileToChoose = Optional.of(chosen);
        vm.chooseAndExport();
        Path pdf = dir.resolve("out.pdf");
        assertTrue(Files.size(pdf) > 1000, "the format's extension is added when the name has none");
        assertEquals(pdf.toString(), vm.writtenProperty().get());
        assertTrue(dialogs.shown.stream().anyMatch(s -> s.kind().equals("save")
                && s.message().equals("parallax-comparison-cmp-5-00.pdf")), dialogs.shown.toString());
        assertTrue(dialogs.shown.stream().anyMatch(s -> s.kind().equals("info") && s.message().contains(pdf.toString())));
    }

    @Test
    void aSelectionOfRunsAndFailuresAreReported() throws Exception {
        ExportViewModel runs = new ExportViewModel(() -> reports, new CurrentThreadTaskExecutor(), dialogs,
                ExportViewModel.Source.runs(List.of("run-c-0-0", "run-c-1-0")));
        runs.load();
        assertTrue(runs.readyProperty().get());
        runs.export(dir.resolve("sel.csv"));
        assertTrue(Files.exists(dir.resolve("sel.csv")));

        ExportViewModel missing = new ExportViewModel(() -> reports, new CurrentThreadTaskExecutor(), dialogs,
                ExportViewModel.Source.batch("nope"));
        missing.load();
        assertFalse(missing.readyProperty().get());
        assertTrue(missing.errorProperty().get().contains("no batch 'nope'"), missing.errorProperty().get());

        Path blocker = dir.resolve("blocker");
        Files.writeString(blocker, "a file, not a folder");
        runs.export(blocker.resolve("x.html"));
        assertTrue(runs.errorProperty().get().startsWith("Could not write " + blocker.resolve("x.html")), runs.errorProperty().get());
        assertTrue(dialogs.shown.stream().anyMatch(s -> s.kind().equals("error") && s.title().equals("Export failed")));
        dialogs.saveFileToChoose = Optional.empty();
        runs.chooseAndExport();
        assertEquals(1, dialogs.shown.stream().filter(s -> s.kind().equals("save")).count());
    }
}
