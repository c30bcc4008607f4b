package dev.parallax.models;

import dev.parallax.core.TaskCancelledException;
import dev.parallax.core.TaskProgress;
import dev.parallax.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelStoreTest {

    @TempDir
    Path home;

    private ModelStore store() {
        return new ModelStore(home.resolve("models"));
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @Test
    void importCopiesValidatesAndHashes() throws Exception {
        Path source = TestModels.stories260K();
        ModelStore store = store();
        LocalModel m = store.importFile(source, ImportMode.COPY, TaskProgress.none());
        assertEquals(source.getFileName().toString().replace(".gguf", ""), m.name());
        assertTrue(m.imported());
        assertEquals(sha256(source), m.sha256().orElseThrow());
        assertEquals(Files.size(source), m.sizeBytes());
        assertEquals("llama", m.facts().architecture());
        assertTrue(m.file().startsWith(store.root()));

        List<LocalModel> listed = store.list();
        assertEquals(1, listed.size());
        assertEquals(m.sha256(), listed.get(0).sha256());
        assertEquals(m.file(), store.resolve(m.name()).file(), "found by name");
        assertEquals(m.file(), store.resolve(m.name().toUpperCase() + ".gguf").file(), "names are case-insensitive");
    }

    @Test
    void anotherFileOfTheSameNameGetsANewName() throws Exception {
        ModelStore store = store();
        LocalModel a = store.importFile(TestModels.stories260K(), ImportMode.COPY, TaskProgress.none());
        Path sameName = Files.createDirectories(home.resolve("elsewhere")).resolve(TestModels.stories260K().getFileName());
        Files.copy(TestModels.generatedModelWithoutByteFallback(), sameName);
        LocalModel b = store.importFile(sameName, ImportMode.COPY, TaskProgress.none());
        assertEquals(a.name() + "-2", b.name());
        assertEquals(2, store.list().size());
    }

    @Test
    void theSameFileAgainIsFoundNotCopied() throws Exception {
        ModelStore store = store();
        LocalModel a = store.importFile(TestModels.stories260K(), ImportMode.COPY, TaskProgress.none());
        Path renamed = home.resolve("the-same-bytes.gguf");
        Files.copy(TestModels.stories260K(), renamed);
        for (ImportMode mode : ImportMode.values()) {
            AlreadyImportedException e = assertThrows(AlreadyImportedException.class,
                    () -> store.importFile(renamed, mode, TaskProgress.none()));
            assertEquals(a.name(), e.existing().name());
            assertEquals("the-same-bytes.gguf is already imported as " + a.name() + " (the same SHA-256); nothing was copied",
                    e.getMessage());
        }
        assertEquals(1, store.list().size(), "no second copy");
    }

    @Test
    void linkingKeepsOneCopy() throws Exception {
        Path source = TestModels.stories260K();
        LocalModel m = store().importFile(source, ImportMode.LINK, TaskProgress.none());
        assertTrue(Files.isSymbolicLink(m.file()));
        assertEquals(sha256(source), m.sha256().orElseThrow());
    }

    @Test
    void corruptFilesAreRefusedAndLeaveNothingBehind() throws Exception {
        Path bad = home.resolve("broken.gguf");
        byte[] model = Files.readAllBytes(TestModels.stories260K());
        Files.write(bad, java.util.Arrays.copyOf(model, model.length / 2));
        ModelStore store = store();
        ModelStoreException e = assertThrows(ModelStoreException.class,
                () -> store.importFile(bad, ImportMode.COPY, TaskProgress.none()));
        assertTrue(e.getMessage().startsWith("broken.gguf is not a valid GGUF model: "), e.getMessage());
        assertTrue(store.list().isEmpty());
        assertThrows(ModelStoreException.class, () -> store.resolve(bad.toString()), "and a run by path is refused too");
    }

    @Test
    void aCancelledImportLeavesNoPartialFile() throws Exception {
        ModelStore store = store();
        TaskProgress cancelAtOnce = new TaskProgress() {
            @Override
            public void progress(long done, long total) {
            }

            @Override
            public void message(String text) {
            }

            @Override
            public boolean isCancelled() {
                return true;
            }
        };
        assertThrows(TaskCancelledException.class,
                () -> store.importFile(TestModels.stories260K(), ImportMode.COPY, cancelAtOnce));
        try (Stream<Path> files = Files.walk(store.root())) {
            assertFalse(files.anyMatch(p -> p.toString().endsWith(".gguf") || p.toString().endsWith(".incomplete")));
        }
    }

    @Test
    void unknownNamesListWhatIsThere() throws Exception {
        ModelStore store = store();
        LocalModel m = store.importFile(TestModels.stories260K(), ImportMode.COPY, TaskProgress.none());
        ModelStoreException e = assertThrows(ModelStoreException.class, () -> store.resolve("nosuch"));
        assertTrue(e.getMessage().contains("Imported: " + m.name()), e.getMessage());
    }

    @Test
    void aFolderIsNotAModelFile() throws Exception {
        ModelStore store = store();
        Path folder = Files.createDirectories(home.resolve("downloads"));
        assertEquals(folder + " is a folder; give the .gguf file inside it", assertThrows(ModelStoreException.class,
                () -> store.importFile(folder, ImportMode.COPY, TaskProgress.none())).getMessage());
        assertEquals(folder + " is a folder; give the .gguf file inside it",
                assertThrows(ModelStoreException.class, () -> store.resolve(folder.toString())).getMessage());
    }

    @Test
    void deleteRemovesOnlyStoreFiles() throws Exception {
        ModelStore store = store();
        LocalModel m = store.importFile(TestModels.stories260K(), ImportMode.COPY, TaskProgress.none());
        store.delete(m);
        assertTrue(store.list().isEmpty());
        LocalModel outside = store.resolve(TestModels.stories260K().toString());
        assertThrows(ModelStoreException.class, () -> store.delete(outside));
        assertTrue(Files.exists(TestModels.stories260K()));
    }
}
