package dev.parallax.ui;

import static dev.parallax.ui.DesktopTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.app.AppServices;
import dev.parallax.app.ParallaxHome;
import dev.parallax.core.DownloadStatus;
import dev.parallax.history.DownloadRepository;
import dev.parallax.history.HistoryDatabase;
import dev.parallax.models.download.DownloadManager;
import dev.parallax.models.download.DownloadRequest;
import dev.parallax.testing.FakeHub;
import dev.parallax.testing.LargeGguf;
import dev.parallax.testing.TestModels;
import dev.parallax.ui.discover.DiscoverViewModel;
import dev.parallax.ui.shell.Page;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TableView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A new user's first model, through the window: the status bar's cue for a download the last run was killed
 * during, Discover, search the Hub (a fake one on 127.0.0.1 through HF_ENDPOINT), filter the results and a
 * repository's files, open SmolLM2, see that it fits, download it, resume the cut-off one, and find it in Models.
 */
class DiscoverFlowTest extends FxRobot {

    static final String SMOL = "bartowski/SmolLM2-135M-Instruct-GGUF";
    static final String FILE = "SmolLM2-135M-Instruct-Q8_0.gguf";
    static final String BLOB = "tester/Blob-GGUF";
    static final String BLOB_FILE = "Blob-Q8_0.gguf";
    static final long BLOB_SIZE = 3 * 1024 * 1024 + 123;

    @TempDir
    static Path home;
    static FakeHub hub;
    static AppServices services;
    static MainWindow window;
    static final DesktopTestSupport.DialogServiceHolder DIALOGS = new DesktopTestSupport.DialogServiceHolder();
    static final DesktopTestSupport.RecordingExit EXIT = new DesktopTestSupport.RecordingExit();

    @BeforeAll
    static void openWindow(@TempDir Path files) throws Exception {
        hub = FakeHub.start();
        Path tiny = TestModels.generatedTinyModel(true);
        hub.repo(SMOL, 700_000, 420, 12).file(SMOL, FILE, tiny).file(SMOL, "SmolLM2-135M-Instruct-Q4_K_M.gguf", tiny);
        hub.repo("someone/SmolLM2-135M-roleplay-GGUF", 900, 3, 1)
                .file("someone/SmolLM2-135M-roleplay-GGUF", "rp-Q4_K_M.gguf", tiny)
                .file("someone/SmolLM2-135M-roleplay-GGUF", "rp-IQ2_M.gguf", tiny);
        hub.searchPageSize(1);
        hub.file(BLOB, BLOB_FILE, LargeGguf.write(files.resolve(BLOB_FILE), BLOB_SIZE, 7));
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("HF_ENDPOINT", hub.endpoint().toString());
        env.remove("HF_TOKEN");
        env.put("PARALLAX_KEYSTORE", "file");
        env.put("PARALLAX_KEY_PASSPHRASE", "discover-test");
        interruptedDownload(env);
        services = new AppServices(new ParallaxHome(home), false, env);
        window = DesktopTestSupport.openWindow(services, DIALOGS, EXIT);
    }

    /** A download the last Parallax was killed during: part of the file on disk, its row still "running" in H2. */
    static void interruptedDownload(Map<String, String> env) throws Exception {
        hub.throttle(200_000);
        String id;
        try (AppServices before = new AppServices(new ParallaxHome(home), false, env)) {
            DownloadManager downloads = before.downloads();
            id = downloads.enqueue(new DownloadRequest(BLOB, "main", BLOB_FILE, BLOB_SIZE, Optional.empty(), 1,
                    Optional.empty())).id();
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (downloads.get(id).orElseThrow().bytesDone() == 0) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the download never started");
                }
                Thread.sleep(10);
            }
        }
        hub.throttle(0);
        try (HistoryDatabase db = HistoryDatabase.open(home)) {
            new DownloadRepository(db, Clock.systemUTC()).updateStatus(id, DownloadStatus.RUNNING, Optional.empty());
        }
    }

    @AfterAll
    static void closeWindow() throws Exception {
        WaitForAsyncUtils.asyncFx(window::close).get();
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, EXIT.closed::get);
        hub.close();
    }

    @Test
    void searchPickSeeItFitsDownloadAndFindItInModels() throws Exception {
        // Before Discover was ever opened, the status bar says a download was cut off, and leads to it.
        waitFor(20, () -> lookup("#status-downloads").tryQuery().map(Node::isVisible).orElse(false));
        assertEquals("1 download interrupted — resume",
                WaitForAsyncUtils.asyncFx(() -> lookup("#status-downloads").queryAs(Hyperlink.class).getText()).get());
        clickOn("#status-downloads");
        waitFor(10, () -> window.shell().pageProperty().get() == Page.DISCOVER);
        waitFor(10, () -> lookup("#downloads-table").tryQuery().isPresent());
        assertEquals("interrupted: resume to continue", window.downloads().rows().stream()
                .filter(r -> r.name().equals(BLOB_FILE)).findFirst().orElseThrow().state());
        waitFor(20, () -> !window.discover().results().isEmpty());
        assertTrue(WaitForAsyncUtils.asyncFx(() -> lookup("#mirror-notice").queryAs(Label.class).getText()).get()
                .contains(hub.endpoint().toString()), "the mirror in use is named");

        clickOn("#discover-query").write("SmolLM2-135M");
        clickOn("#discover-search");
        waitFor(20, () -> !window.discover().searchingProperty().get() && window.discover().moreAvailableProperty().get());
        DiscoverViewModel.ResultRow first = window.discover().results().get(0);
        assertEquals(SMOL, first.repo(), "the catalog's recommendation comes first");
        assertEquals(700_000, first.downloads());

        // Filters: this machine fits both; only SmolLM2 offers Q8_0. The next page is filtered the same way (and
        // the quantization it brings to the choices leaves the one chosen in place); the list says what it hid.
        clickOn("#filter-fits");
        clickOn("#filter-quant");
        clickOn(lookup((Node n) -> n instanceof ListCell<?> c && "Q8_0".equals(c.getText())).<Node>query());
        waitFor(10, () -> "Q8_0".equals(window.discover().quantizationProperty().get()));
        clickOn("#discover-more");
        waitFor(20, () -> !window.discover().searchingProperty().get() && !window.discover().hiddenResultsProperty().get().isEmpty());
        assertEquals(List.of(SMOL), window.discover().results().stream().map(DiscoverViewModel.ResultRow::repo).toList());
        String hidden = WaitForAsyncUtils.asyncFx(() -> lookup("#results-hidden").queryAs(Label.class).getText()).get();
        assertEquals("Hidden: 1 without Q8_0", hidden);
        assertTrue(window.discover().quantizationChoices().contains("IQ2_M"));
        assertEquals("Q8_0", WaitForAsyncUtils.asyncFx(() -> lookup("#filter-quant").<ComboBox<String>>query().getValue()).get());

        clickOn(from(lookup("#discover-results").<javafx.scene.Node>query()).lookup(".list-cell")
                .match((ListCell<?> c) -> c.getItem() instanceof DiscoverViewModel.ResultRow r && r.repo().equals(SMOL))
                .<ListCell<?>>query());
        waitFor(20, () -> !window.discover().files().isEmpty() && window.discover().selectedFileProperty().get() != null);
        assertEquals(1, lookup("#files-table").queryAs(TableView.class).getItems().size(), "Q8_0 only");
        assertEquals("1 of 2 files hidden by filters (1 without Q8_0): Q4_K_M",
                WaitForAsyncUtils.asyncFx(() -> lookup("#files-hidden").queryAs(Label.class).getText()).get());
        clickOn("#files-show-all");
        waitFor(10, () -> lookup("#files-table").queryAs(TableView.class).getItems().size() == 2);
        assertEquals(2, window.discover().results().size(), "clearing the filters shows every result again");
        assertEquals("Q8_0", window.discover().selectedFileProperty().get().quantization());
        String fit = WaitForAsyncUtils.asyncFx(() -> lookup("#fit-message").queryAs(Label.class).getText()).get();
        assertTrue(fit.startsWith("Memory: fits: needs about"), fit);
        String engine = WaitForAsyncUtils.asyncFx(() -> lookup("#engine-message").queryAs(Label.class).getText()).get();
        assertTrue(engine.startsWith("Engine: "), engine);

        clickOn("#file-details");
        waitFor(20, () -> window.discover().detailsProperty().get() != null);
        assertEquals("llama", WaitForAsyncUtils.asyncFx(() -> lookup("#details-architecture").queryAs(Label.class).getText()).get());

        // In a half-screen window (the minimum size) the Download button is in view, not under the Downloads list.
        double[] size = WaitForAsyncUtils.asyncFx(() -> new double[] {window.stage().getWidth(), window.stage().getHeight()}).get();
        WaitForAsyncUtils.asyncFx(() -> {
            window.stage().setWidth(window.stage().getMinWidth());
            window.stage().setHeight(window.stage().getMinHeight());
        }).get();
        WaitForAsyncUtils.waitForFxEvents();
        // Checked until the layout settles (a label that wraps at the new width takes another pulse or two on a busy
        // machine); a layout that really hides them still fails after the wait.
        java.util.concurrent.Callable<String> outOfViewNow = () -> WaitForAsyncUtils.asyncFx(() -> {
            // The button and what the card says beside it (fit, engine), within every scroll pane around them: the
            // page's, and the card's own.
            for (String id : List.of("#download-file", "#fit-message", "#engine-message")) {
                Node node = lookup(id).query();
                javafx.geometry.Bounds b = node.localToScene(node.getLayoutBounds());
                for (Node n = node.getParent(); n != null; n = n.getParent()) {
                    if (n instanceof javafx.scene.control.ScrollPane sp) {
                        javafx.geometry.Bounds view = sp.localToScene(sp.getLayoutBounds());
                        if (!view.contains(b)) {
                            return id + " at y " + b.getMinY() + "-" + b.getMaxY() + ", a scroll pane around it shows y "
                                    + view.getMinY() + "-" + view.getMaxY();
                        }
                    }
                }
            }
            return null;
        }).get();
        String outOfView = outOfViewNow.call();
        for (int tries = 0; outOfView != null && tries < 20; tries++) {
            Thread.sleep(100);
            WaitForAsyncUtils.waitForFxEvents();
            outOfView = outOfViewNow.call();
        }
        WaitForAsyncUtils.asyncFx(() -> {
            window.stage().setWidth(size[0]);
            window.stage().setHeight(size[1]);
        }).get();
        WaitForAsyncUtils.waitForFxEvents();
        assertNull(outOfView, outOfView);

        clickOn("#download-file");
        waitFor(60, () -> window.models().models().stream().anyMatch(m -> m.file().getFileName().toString().equals(FILE)));
        waitFor(10, () -> window.downloads().rows().stream().anyMatch(r -> r.checksum().equals("sha256 verified")));
        assertTrue(Files.isRegularFile(home.resolve("models/bartowski/SmolLM2-135M-Instruct-GGUF/" + FILE)));
        assertTrue(DIALOGS.dialogs.ofKind("error").isEmpty(), () -> DIALOGS.dialogs.ofKind("error").toString());

        clickOn("#downloads-resume-all");
        waitFor(30, () -> window.downloads().rows().stream().filter(r -> r.name().equals(BLOB_FILE))
                .allMatch(r -> r.checksum().equals("sha256 verified")));
        waitFor(10, () -> !lookup("#status-downloads").query().isVisible());

        clickOn("#nav-models");
        TableView<?> models = lookup("#models-table").queryAs(TableView.class);
        waitFor(10, () -> models.getItems().stream().anyMatch(r -> ((dev.parallax.ui.models.ModelsViewModel.ModelRow) r)
                .model().file().getFileName().toString().equals(FILE)));
    }
}
