package dev.parallax.ui;

import static dev.parallax.ui.DesktopTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.app.AppServices;
import dev.parallax.testing.TestModels;
import dev.parallax.ui.shell.Page;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A new user's first minutes in a new data folder: the Playground, where the window opens, says there is no model
 * yet and leads to Discover, to an import, or to Settings for a cloud key; once a model is in, it steps aside.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FirstStepsFlowTest extends FxRobot {

    @TempDir
    static Path home;
    static AppServices services;
    static MainWindow window;
    static final DesktopTestSupport.DialogServiceHolder DIALOGS = new DesktopTestSupport.DialogServiceHolder();
    static final DesktopTestSupport.RecordingExit EXIT = new DesktopTestSupport.RecordingExit();

    @BeforeAll
    static void openWindow() throws Exception {
        services = DesktopTestSupport.servicesWithUnreachableHub(home, "first-steps-test");
        window = DesktopTestSupport.openWindow(services, DIALOGS, EXIT);
    }

    @AfterAll
    static void closeWindow() throws Exception {
        WaitForAsyncUtils.asyncFx(window::close).get();
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, EXIT.closed::get);
    }

    private boolean shown(String id) {
        return lookup(id).tryQuery().map(Node::isVisible).orElse(false);
    }

    /** Clicks once the control is shown and laid out (it appears when the model folder has been read). */
    private void clickWhenShown(String id) throws Exception {
        waitFor(20, () -> lookup(id).match(org.testfx.util.NodeQueryUtils.isVisible()).tryQuery()
                .map(n -> n.getLayoutBounds().getWidth() > 0).orElse(false));
        WaitForAsyncUtils.waitForFxEvents();
        clickOn(id);
    }

    private void show(Page page) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> window.shell().show(page)).get();
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    @Order(1)
    void anEmptyDataFolderOpensOnTheFirstSteps() throws Exception {
        assertEquals(Page.PLAYGROUND, window.shell().pageProperty().get());
        waitFor(20, () -> shown("#first-steps"));
        clickWhenShown("#first-steps-discover");
        assertEquals(Page.DISCOVER, window.shell().pageProperty().get());

        show(Page.PLAYGROUND);
        clickWhenShown("#first-steps-settings");
        assertEquals(Page.SETTINGS, window.shell().pageProperty().get());

        show(Page.MODELS);
        waitFor(10, () -> shown("#models-discover"));
        clickWhenShown("#models-discover");
        assertEquals(Page.DISCOVER, window.shell().pageProperty().get());
    }

    @Test
    @Order(2)
    void aTypedCloudTargetIsAWayToStartToo() throws Exception {
        show(Page.PLAYGROUND);
        waitFor(10, () -> shown("#first-steps"));
        WaitForAsyncUtils.asyncFx(() -> window.playground().targetProperty()
                .set(window.playground().resolve("openai:gpt-4o-mini"))).get();
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(shown("#first-steps"));
        WaitForAsyncUtils.asyncFx(() -> window.playground().targetProperty().set(null)).get();
        waitFor(10, () -> shown("#first-steps"));
    }

    @Test
    @Order(3)
    void importingAModelFromTheFirstStepsPutsItInThePlayground() throws Exception {
        Path model = home.resolve("incoming").resolve("first-model.gguf");
        Files.createDirectories(model.getParent());
        Files.copy(TestModels.generatedTinyModel(), model);
        DIALOGS.dialogs.filesToChoose = List.of(model);

        show(Page.PLAYGROUND);
        waitFor(10, () -> shown("#first-steps"));
        clickWhenShown("#first-steps-import");
        assertEquals(Page.MODELS, window.shell().pageProperty().get(), "the import's progress shows in Models");
        waitFor(30, () -> window.models().rows().stream().anyMatch(r -> r.model().name().equals("first-model")));

        show(Page.PLAYGROUND);
        waitFor(10, () -> !shown("#first-steps"));
        waitFor(10, () -> window.playground().targetProperty().get() != null
                && window.playground().targetProperty().get().target().toString().equals("local:first-model"));
        assertTrue(lookup("#answer-markdown").tryQuery().isPresent());
    }
}
