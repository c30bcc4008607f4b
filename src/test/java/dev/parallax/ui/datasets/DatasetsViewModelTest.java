package dev.parallax.ui.datasets;

import dev.parallax.app.AppServices;
import dev.parallax.app.ParallaxHome;
import dev.parallax.bench.batch.BatchRequest;
import dev.parallax.bench.dataset.ColumnMapping;
import dev.parallax.bench.dataset.DatasetImport;
import dev.parallax.core.TaskProgress;
import dev.parallax.core.Target;
import dev.parallax.history.DatasetRecord;
import dev.parallax.ui.FakeDialogService;
import dev.parallax.ui.base.CurrentThreadTaskExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Datasets screen's view-model on a real dataset service and H2 database, without the JavaFX toolkit. */
class DatasetsViewModelTest {

    @TempDir
    Path home;

    @TempDir
    Path files;

    private AppServices services;
    private FakeDialogService dialogs;
    private DatasetsViewModel vm;

    @BeforeEach
    void setUp() {
        services = new AppServices(new ParallaxHome(home), false, Map.of("PARALLAX_KEYSTORE", "file"));
        dialogs = new FakeDialogService();
        vm = new DatasetsViewModel(services::datasets, new CurrentThreadTaskExecutor(), dialogs);
    }

    @AfterEach
    void tearDown() {
        services.close();
    }

    private Path write(String name, byte[] bytes) throws Exception {
        Path f = files.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    @Test
    void aDroppedCsvIsPreviewedWithItsEncodingAndBadRowsThenImportedWithTheMapping() throws Exception {
        String csv = "question,answer,topic\r\n"
                + "\"What is the capital\nof France?\",Paris,geo\r\n"
                + ",nothing,empty\r\n"
                + "2 + 2 = ?,4,math 😀\r\n";
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = csv.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, all, 0, 3);
        System.arraycopy(body, 0, all, 3, body.length);
        Path file = write("quiz.csv", all);
        List<DatasetRecord> imported = new ArrayList<>();
        vm.setOnImported(imported::add);

        vm.openFiles(List.of(file));

        assertEquals(file, vm.fileProperty().get());
        assertEquals("quiz.csv", vm.nameProperty().get(), "named as the command line names it");
        assertTrue(vm.fileSummaryProperty().get().startsWith("CSV · UTF-8 with BOM · 3 columns"), vm.fileSummaryProperty().get());
        assertEquals(List.of(DatasetsViewModel.AUTOMATIC, "question", "answer", "topic"), vm.columnChoices());
        assertEquals(2, vm.previewRows().size());
        assertEquals("What is the capital\nof France?", vm.previewRows().get(0).prompt());
        assertEquals(Optional.of("Paris"), vm.previewRows().get(0).expected());
        assertEquals(1, vm.badRows().size());
        assertEquals(4, vm.badRows().get(0).line(), "the empty prompt is on line 4 (the quoted newline counts)");
        assertEquals("Prompt from “question” · expected answer from “answer” · tags from “topic”",
                vm.mappingSummaryProperty().get());
        assertEquals("", vm.mappingProblemProperty().get());

        vm.templateProperty().set("Answer briefly ({{topic}}): {{question}}");
        assertEquals("Answer briefly (geo): What is the capital\nof France?", vm.previewRows().get(0).prompt());
        assertEquals(DatasetsViewModel.AUTOMATIC, vm.promptProperty().get(), "the role choices survive a new preview");
        assertEquals(3, vm.previewRows().size(), "with the template the row without a question has a prompt too");
        vm.templateProperty().set("");
        assertEquals(2, vm.previewRows().size());

        vm.importFile();
        assertTrue(dialogs.ofKind("error").isEmpty(), () -> dialogs.shown.toString());
        assertNull(vm.fileProperty().get(), "the preview closes after the import");
        assertFalse(vm.importingProperty().get());
        assertEquals(1, vm.datasets().size());
        DatasetRecord d = vm.datasets().get(0);
        assertEquals("quiz.csv", d.name());
        assertEquals(2, d.rowCount());
        assertEquals(1, d.skipped().size());
        assertEquals(d, vm.selectedProperty().get(), "the new dataset is selected, ready for a batch");
        assertEquals(List.of(d), imported);
        assertEquals("2 + 2 = ?", services.datasets().rows(d.id(), 0, 10).get(1).prompt());
        assertEquals(Optional.of("math 😀"), services.datasets().rows(d.id(), 0, 10).get(1).tags());
        assertTrue(dialogs.ofKind("info").stream().anyMatch(s -> s.title().equals("Dataset imported")
                && s.message().contains("line 4")), () -> dialogs.shown.toString());

        // `parallax datasets import quiz.csv` (default name and mapping) finds the same dataset instead of a copy.
        DatasetImport again = services.datasets().importFile(file, ColumnMapping.auto(), Optional.empty(),
                TaskProgress.none());
        assertTrue(again.reused());
        assertEquals(d.id(), again.dataset().id());
    }

    @Test
    void aFileThatIsNoDatasetGetsAClearMessageAndNothingIsPreviewed() throws Exception {
        Path pdf = write("paper.pdf", "%PDF-1.7\n%âãÏÓ\n".getBytes(StandardCharsets.ISO_8859_1));
        vm.openFiles(List.of(pdf));
        assertNull(vm.fileProperty().get());
        assertEquals(1, dialogs.ofKind("error").size());
        assertEquals("Not a dataset", dialogs.ofKind("error").get(0).title());
        assertTrue(dialogs.ofKind("error").get(0).message().contains("PDF"), dialogs.ofKind("error").get(0).message());

        Path empty = write("empty.csv", new byte[0]);
        vm.openFiles(List.of(empty));
        assertEquals(2, dialogs.ofKind("error").size());
        assertTrue(dialogs.ofKind("error").get(1).message().contains("empty"));
    }

    @Test
    void columnsWithoutAUsualNameMustBeMappedBeforeImport() throws Exception {
        Path file = write("odd.csv", "a,b\nhello,1\nworld,2\n".getBytes(StandardCharsets.UTF_8));
        vm.open(file);
        assertFalse(vm.mappingProblemProperty().get().isEmpty());
        assertTrue(vm.mappingProblemProperty().get().contains("a, b"), vm.mappingProblemProperty().get());
        vm.importFile();
        assertEquals("Map the columns first", dialogs.ofKind("error").get(0).title());
        assertTrue(vm.datasets().isEmpty());

        vm.promptProperty().set("a");
        assertEquals("", vm.mappingProblemProperty().get());
        assertEquals("hello", vm.previewRows().get(0).prompt());
        vm.importFile();
        assertEquals(1, vm.datasets().size());
        assertEquals(2, vm.datasets().get(0).rowCount());
    }

    @Test
    void deletingAsksFirstAndRemovesTheDataset() throws Exception {
        vm.open(write("one.txt", "first prompt\nsecond prompt\n".getBytes(StandardCharsets.UTF_8)));
        vm.importFile();
        assertEquals(1, vm.datasets().size());
        dialogs.confirmAnswer = false;
        vm.deleteSelected();
        assertEquals(1, vm.datasets().size());
        dialogs.confirmAnswer = true;
        vm.deleteSelected();
        assertTrue(vm.datasets().isEmpty());
        assertTrue(services.datasets().list().isEmpty());
    }

    @Test
    void datasetFilesAreToldFromOthersByName() {
        for (String n : List.of("a.csv", "b.TSV", "c.jsonl", "d.json", "e.txt", "f.xlsx")) {
            assertTrue(DatasetsViewModel.isDatasetFile(Path.of(n)), n);
        }
        for (String n : List.of("m.gguf", "p.pdf", "noext")) {
            assertFalse(DatasetsViewModel.isDatasetFile(Path.of(n)), n);
        }
    }

    @Test
    void theBatchSetupBuildsARequestAndSaysWhatIsMissing() throws Exception {
        BatchSetupViewModel setup = new BatchSetupViewModel(dialogs);
        assertEquals("Pick a dataset (import one first).", setup.problemProperty().get());
        vm.open(write("p.txt", "one\ntwo\n".getBytes(StandardCharsets.UTF_8)));
        vm.importFile();
        setup.datasetProperty().bind(vm.selectedProperty());
        assertEquals("Pick at least one target.", setup.problemProperty().get());
        setup.setCloudTargets(List.of(new Target("openai", "gpt-4o-mini"), new Target("groq", "llama")));
        setup.targets().forEach(t -> setup.choose(t, true));
        assertEquals("", setup.problemProperty().get());

        setup.checkKindProperty().set(BatchSetupViewModel.CheckKind.REGEX);
        setup.checkArgumentProperty().set("[unclosed");
        assertFalse(setup.addCheck());
        assertTrue(dialogs.ofKind("error").get(0).message().contains("regular expression"));
        setup.checkArgumentProperty().set("^\\d+$");
        assertTrue(setup.addCheck());
        setup.checkKindProperty().set(BatchSetupViewModel.CheckKind.SIMILAR);
        assertTrue(setup.addCheck());
        setup.checkKindProperty().set(BatchSetupViewModel.CheckKind.MAX_LATENCY);
        assertFalse(setup.addCheck(), "a latency check needs its limit");
        assertEquals(List.of("regex:^\\d+$", "similar"), setup.checks());

        assertEquals(List.of("openai", "groq"), setup.cloudLanes());
        setup.laneLimit("openai").set(8);
        setup.repeatProperty().set(3);
        setup.budgetProperty().set("abc");
        assertTrue(setup.problemProperty().get().contains("not an amount"));
        setup.budgetProperty().set("$0.25");
        BatchRequest r = setup.request();
        assertEquals(vm.selectedProperty().get().id(), r.datasetId());
        assertEquals(Map.of("openai", 8, "groq", 4), r.limits(), "each provider its own limit, 4 unless changed");
        assertEquals(3, r.repeat());
        assertEquals(Optional.of(new BigDecimal("0.25")), r.budgetUsd());
        assertEquals(List.of("regex:^\\d+$", "similar"), r.checks());

        List<BatchRequest> started = new ArrayList<>();
        setup.setOnRun(started::add);
        setup.run();
        assertEquals(1, started.size());
        setup.chosen().clear();
        assertThrows(IllegalArgumentException.class, setup::request);
    }
}
