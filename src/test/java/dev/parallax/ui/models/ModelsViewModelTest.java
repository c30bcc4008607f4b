package dev.parallax.ui.models;

import dev.parallax.models.FitEstimate;
import dev.parallax.models.ModelStore;
import dev.parallax.testing.TestModels;
import dev.parallax.ui.FakeDialogService;
import dev.parallax.ui.base.CurrentThreadTaskExecutor;
import dev.parallax.ui.models.ModelsViewModel.HostMemory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Models view-model over a real model store, without the JavaFX toolkit. */
class ModelsViewModelTest {

    private static final long GIB = 1L << 30;

    @TempDir
    Path home;

    private ModelStore store;
    private FakeDialogService dialogs;
    private ModelsViewModel vm;
    private Path model;

    @BeforeEach
    void setUp() throws Exception {
        store = new ModelStore(home.resolve("models"));
        dialogs = new FakeDialogService();
        vm = new ModelsViewModel(() -> store, () -> new HostMemory(8 * GIB, 16 * GIB), new CurrentThreadTaskExecutor(), dialogs);
        model = home.resolve("incoming").resolve("tiny.gguf");
        Files.createDirectories(model.getParent());
        Files.copy(TestModels.generatedTinyModel(), model);
    }

    @Test
    void importAddsTheModelWithItsFitAndMetadata() {
        vm.refresh();
        assertTrue(vm.rows().isEmpty());
        vm.importFiles(List.of(model));

        assertEquals(1, vm.rows().size());
        var row = vm.rows().get(0);
        assertEquals("tiny", row.model().name());
        assertEquals(FitEstimate.Verdict.FITS, row.fit().verdict());
        assertEquals(2048, row.fit().contextSize());
        assertEquals(row, vm.selectedProperty().get(), "the imported model is selected");
        assertTrue(vm.metadata().stream().anyMatch(e -> e.key().equals("general.architecture") && e.value().equals("llama")),
                vm.metadata().toString());
        assertEquals("Model imported", dialogs.ofKind("info").get(0).title());
        assertEquals(1, vm.models().size());
        assertFalse(vm.importingProperty().get());
        assertEquals(1.0, vm.importProgressProperty().get(), 1e-9, "progress was bound to the task's");
    }

    @Test
    void fitFollowsTheChosenContext() {
        vm.importFiles(List.of(model));
        long kv2k = vm.rows().get(0).fit().kvCacheBytes();
        vm.fitContextProperty().set(8192);
        assertEquals(4 * kv2k, vm.rows().get(0).fit().kvCacheBytes());
        assertEquals(vm.rows().get(0), vm.selectedProperty().get());
    }

    @Test
    void aFileThatIsNotGgufGetsAClearMessage() throws Exception {
        Path notes = home.resolve("notes.txt");
        Files.writeString(notes, "hello");
        vm.importFiles(List.of(notes));
        var error = dialogs.ofKind("error").get(0);
        assertEquals("Not a GGUF model", error.title());
        assertEquals("“notes.txt” is not a GGUF model file. Parallax imports models in the GGUF format (.gguf files), "
                + "the format llama.cpp runs.", error.message());
        assertTrue(vm.rows().isEmpty());
    }

    @Test
    void aDamagedGgufIsRefusedWithTheReadersReason() throws Exception {
        Path fake = home.resolve("fake.gguf");
        Files.writeString(fake, "GGUF but not really");
        vm.importFiles(List.of(fake, model));
        assertEquals(1, vm.rows().size(), "the good one is imported anyway");
        var error = dialogs.ofKind("error").get(0);
        assertEquals("A file was not imported", error.title());
        assertTrue(error.message().startsWith("fake.gguf is not a valid GGUF model"), error.message());
    }

    @Test
    void theSameFileAgainIsNamedAndSelectedNotCopied() throws Exception {
        vm.importFiles(List.of(model));
        Path again = home.resolve("again.gguf");
        Files.copy(model, again);
        vm.importFiles(List.of(again));
        assertEquals(1, vm.rows().size(), "no second copy");
        assertEquals("Already imported", dialogs.ofKind("info").get(1).title());
        assertEquals("again.gguf is already imported as tiny (the same SHA-256); nothing was copied",
                dialogs.ofKind("info").get(1).message());
        assertEquals("tiny", vm.selectedProperty().get().model().name(), "the model it is, selected");
        assertTrue(dialogs.ofKind("error").isEmpty());
    }

    @Test
    void cancellingAnImportLeavesNothingBehind() throws Exception {
        Path big = home.resolve("big.gguf");
        Files.copy(TestModels.stories260K(), big);
        vm.importProgressProperty().addListener((o, a, p) -> {
            if (p.doubleValue() > 0) {
                vm.cancelImport();
            }
        });
        vm.importFiles(List.of(big));
        assertEquals("Import cancelled", dialogs.ofKind("info").get(0).title());
        assertTrue(vm.rows().isEmpty());
        try (var files = Files.walk(home.resolve("models"))) {
            assertTrue(files.noneMatch(f -> f.toString().endsWith(".gguf") || f.toString().endsWith(".incomplete")));
        }
    }

    @Test
    void closingTheWindowCancelsAnImportAndWaitsForItsCleanUp() throws Exception {
        assertTrue(vm.cancelImportForShutdown().isDone(), "nothing to wait for");
        Path big = home.resolve("big.gguf");
        Files.copy(TestModels.stories260K(), big);
        var ended = new java.util.concurrent.atomic.AtomicReference<java.util.concurrent.CompletableFuture<Void>>();
        vm.importProgressProperty().addListener((o, a, p) -> {
            if (p.doubleValue() > 0 && ended.get() == null) {
                ended.set(vm.cancelImportForShutdown());
            }
        });
        vm.importFiles(List.of(big));
        assertTrue(ended.get().isDone());
        assertTrue(vm.rows().isEmpty());
    }

    @Test
    void deleteAsksFirst() {
        vm.importFiles(List.of(model));
        dialogs.confirmAnswer = false;
        vm.deleteSelected();
        assertEquals(1, vm.rows().size());
        dialogs.confirmAnswer = true;
        vm.deleteSelected();
        assertTrue(vm.rows().isEmpty());
        assertNull(vm.selectedProperty().get());
        assertEquals(2, dialogs.ofKind("confirm").size());
    }
}
