package dev.parallax.ui;

import static dev.parallax.ui.DesktopTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.app.AppServices;
import dev.parallax.app.ParallaxHome;
import dev.parallax.testing.FakeHub;
import dev.parallax.testing.TestModels;
import dev.parallax.ui.discover.DiscoverViewModel;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TableView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A new user's first model, through the window: Discover, search the Hub (a fake one on 127.0.0.1 through
 * HF_ENDPOINT), open SmolLM2, see that it fits, download it, and find it in Models.
 */
class DiscoverFlowTest extends FxRobot {

    static final String SMOL = "bartowski/SmolLM2-135M-Instruct-GGUF";
    static final String FILE = "SmolLM2-135M-Instruct-Q8_0.gguf";

    @TempDir
    static Path home;
    static FakeHub hub;
    static AppServices services;
    static MainWindow window;
    static final DesktopTestSupport.DialogServiceHolder DIALOGS = new DesktopTestSupport.DialogServiceHolder();
    static final DesktopTestSupport.RecordingExit EXIT = new DesktopTestSupport.RecordingExit();

    @BeforeAll
    static void openWindow() throws Exception {
        hub = FakeHub.start();
        Path tiny = TestModels.generatedTinyModel(true);
        hub.repo(SMOL, 700_000, 420, 12).file(SMOL, FILE, tiny).file(SMOL, "SmolLM2-135M-Instruct-Q4_K_M.gguf", tiny);
        hub.repo("someone/SmolLM2-135M-roleplay-GGUF", 900, 3, 1)
                .file("someone/SmolLM2-135M-roleplay-GGUF", "rp-Q4_K_M.gguf", tiny);
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("HF_ENDPOINT", hub.endpoint().toString());
        env.remove("HF_TOKEN");
        env.put("PARALLAX_KEYSTORE", "file");
        env.put("PARALLAX_KEY_PASSPHRASE", "discover-test");
        services = new AppServices(new ParallaxHome(home), false, env);
        window = DesktopTestSupport.openWindow(services, DIALOGS, EXIT);
    }

    @AfterAll
    static void closeWindow() throws Exception {
        WaitForAsyncUtils.asyncFx(window::close).get();
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, EXIT.closed::get);
        hub.close();
    }

    @Test
    void searchPickSeeItFitsDownloadAndFindItInModels() throws Exception {
        clickOn("#nav-discover");
        waitFor(20, () -> !window.discover().results().isEmpty());
        assertTrue(WaitForAsyncUtils.asyncFx(() -> lookup("#mirror-notice").queryAs(Label.class).getText()).get()
                .contains(hub.endpoint().toString()), "the mirror in use is named");

        clickOn("#discover-query").write("SmolLM2-135M");
        clickOn("#discover-search");
        waitFor(20, () -> !window.discover().searchingProperty().get()
                && window.discover().results().stream().anyMatch(r -> r.repo().equals("someone/SmolLM2-135M-roleplay-GGUF")));
        DiscoverViewModel.ResultRow first = window.discover().results().get(0);
        assertEquals(SMOL, first.repo(), "the catalog's recommendation comes first");
        assertEquals(700_000, first.downloads());

        clickOn(from(lookup("#discover-results").<javafx.scene.Node>query()).lookup(".list-cell")
                .match((ListCell<?> c) -> c.getItem() instanceof DiscoverViewModel.ResultRow r && r.repo().equals(SMOL))
                .<ListCell<?>>query());
        waitFor(20, () -> !window.discover().files().isEmpty() && window.discover().selectedFileProperty().get() != null);
        assertEquals(2, lookup("#files-table").queryAs(TableView.class).getItems().size());
        String fit = WaitForAsyncUtils.asyncFx(() -> lookup("#fit-message").queryAs(Label.class).getText()).get();
        assertTrue(fit.startsWith("Memory: fits: needs about"), fit);
        String engine = WaitForAsyncUtils.asyncFx(() -> lookup("#engine-message").queryAs(Label.class).getText()).get();
        assertTrue(engine.startsWith("Engine: "), engine);

        clickOn("#file-details");
        waitFor(20, () -> window.discover().detailsProperty().get() != null);
        assertEquals("llama", WaitForAsyncUtils.asyncFx(() -> lookup("#details-architecture").queryAs(Label.class).getText()).get());

        clickOn("#download-file");
        waitFor(60, () -> window.models().models().stream().anyMatch(m -> m.file().getFileName().toString().equals(FILE)));
        waitFor(10, () -> window.downloads().rows().stream().anyMatch(r -> r.checksum().equals("sha256 verified")));
        assertTrue(Files.isRegularFile(home.resolve("models/bartowski/SmolLM2-135M-Instruct-GGUF/" + FILE)));
        assertTrue(DIALOGS.dialogs.ofKind("error").isEmpty(), () -> DIALOGS.dialogs.ofKind("error").toString());

        clickOn("#nav-models");
        TableView<?> models = lookup("#models-table").queryAs(TableView.class);
        waitFor(10, () -> models.getItems().stream().anyMatch(r -> ((dev.parallax.ui.models.ModelsViewModel.ModelRow) r)
                .model().file().getFileName().toString().equals(FILE)));
    }
}
