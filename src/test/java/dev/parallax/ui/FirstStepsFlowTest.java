package dev.parallax.ui;

import static dev.parallax.ui.DesktopTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.testing.TestModels;
import dev.parallax.ui.shell.Page;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A new user's first minutes in a new data folder: the Playground, where the window opens, says there is no model
 * yet and leads to Discover, to an import, or to Settings for a cloud key; once a model is in, it steps aside.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FirstStepsFlowTest extends OfflineWindowTest {

    /** Clicks once the control is shown and laid out (it appears when the model folder has been read). */
    private void clickWhenShown(String id) throws Exception {
        waitFor(20, () -> lookup(id).match(org.testfx.util.NodeQueryUtils.isVisible()).tryQuery()
                .map(n -> n.getLayoutBounds().getWidth() > 0).orElse(false));
        WaitForAsyncUtils.waitForFxEvents();
        clickOn(id);
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
        dialogs.dialogs.filesToChoose = List.of(model);

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
