package dev.parallax.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.app.AppServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A data folder whose history database or settings file cannot be read: one question at start, and nothing lost
 * either way.
 */
class UnreadableFilesWindowTest extends FxRobot {

    @TempDir
    Path home;

    private byte[] damage() throws Exception {
        byte[] garbage = new byte[64 * 1024];
        new Random(11).nextBytes(garbage);
        Files.write(home.resolve("parallax.mv.db"), garbage);
        return garbage;
    }

    private static List<Path> setAside(Path home) throws Exception {
        try (Stream<Path> files = Files.list(home)) {
            return files.filter(f -> f.getFileName().toString().startsWith("parallax.mv.db.damaged-")).toList();
        }
    }

    /** The window on this data folder, its one question answered {@code answer}. */
    private record Opened(MainWindow window, FakeDialogService dialogs, DesktopTestSupport.RecordingExit exit) {
        void close() throws Exception {
            WaitForAsyncUtils.asyncFx(window::close).get();
            WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, exit.closed::get);
        }
    }

    private Opened open(boolean answer) throws Exception {
        DesktopTestSupport.DialogServiceHolder dialogs = new DesktopTestSupport.DialogServiceHolder();
        dialogs.dialogs.confirmAnswer = answer;
        DesktopTestSupport.RecordingExit exit = new DesktopTestSupport.RecordingExit();
        AppServices services = DesktopTestSupport.servicesWithUnreachableHub(home, "unreadable-files-test");
        return new Opened(DesktopTestSupport.openWindow(services, dialogs, exit), dialogs.dialogs, exit);
    }

    @Test
    void startingANewHistoryKeepsTheDamagedFileAndTheWindowWorks() throws Exception {
        byte[] garbage = damage();
        Opened opened = open(true);
        MainWindow window = opened.window();
        FakeDialogService dialogs = opened.dialogs();
        try {
            DesktopTestSupport.waitFor(30, () -> setAside(home).size() == 1 && Files.exists(home.resolve("parallax.mv.db")));
            var asked = dialogs.ofKind("confirm");
            assertEquals(1, asked.size(), "one question, not an error from every page");
            assertEquals("The history cannot be read", asked.get(0).title());
            assertTrue(asked.get(0).message().contains("cannot be read: "), asked.get(0).message());
            assertArrayEquals(garbage, Files.readAllBytes(setAside(home).get(0)), "the old file is kept as it was");
            DesktopTestSupport.waitFor(30, () -> window.history().summaryProperty().get().equals("0 runs"));
            assertEquals(List.of(), dialogs.ofKind("error"), "the pages start on the new history");
        } finally {
            opened.close();
        }
    }

    @Test
    void cancelClosesParallaxAndLeavesTheFileAsItIs() throws Exception {
        byte[] garbage = damage();
        Opened opened = open(false);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, opened.exit().closed::get);
        assertEquals(1, opened.dialogs().ofKind("confirm").size());
        assertArrayEquals(garbage, Files.readAllBytes(home.resolve("parallax.mv.db")));
        assertEquals(List.of(), setAside(home));
    }

    @Test
    void anInvalidSettingsFileIsSetAsideForDefaultsWithOneQuestion() throws Exception {
        String broken = "{\"providers\": {\"mylab\": {\"baseUrl\": \"http://127.0.0.1:1/v1\"},\n";
        Files.writeString(home.resolve("config.json"), broken);
        Opened opened = open(true);
        MainWindow window = opened.window();
        FakeDialogService dialogs = opened.dialogs();
        try {
            DesktopTestSupport.waitFor(30, () -> window.history().summaryProperty().get().equals("0 runs"));
            var asked = dialogs.ofKind("confirm");
            assertEquals(1, asked.size(), "one question, not an error from every page");
            assertEquals("The settings cannot be read", asked.get(0).title());
            assertTrue(asked.get(0).message().contains("is not valid JSON (line 2)"), asked.get(0).message());
            List<Path> aside;
            try (Stream<Path> files = Files.list(home)) {
                aside = files.filter(f -> f.getFileName().toString().startsWith("config.json.invalid-")).toList();
            }
            assertEquals(1, aside.size());
            assertEquals(broken, Files.readString(aside.get(0)), "the user's file is kept as it was");
            assertEquals(List.of(), dialogs.ofKind("error"), "the pages start on the defaults");
        } finally {
            opened.close();
        }
    }
}
