package dev.parallax.ui;

import static dev.parallax.ui.DesktopTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.ui.shell.Page;
import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Discover with the Hub out of reach (nothing listens on its port): opening a recommended model says so in place,
 * and the window keeps its layout. It once grew the page so tall that the whole window slid off screen and showed
 * blank.
 */
class DiscoverUnreachableHubTest extends OfflineWindowTest {

    @Test
    void aRepositoryThatCannotBeReadSaysSoAndTheWindowKeepsItsLayout() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> window.shell().show(Page.DISCOVER)).get();
        waitFor(10, () -> lookup("#repo-problem").tryQuery().isPresent());
        WaitForAsyncUtils.asyncFx(() -> window.discover().open("bartowski/SmolLM2-135M-Instruct-GGUF")).get();
        waitFor(20, () -> !window.discover().repoProblemProperty().get().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        String problem = WaitForAsyncUtils.asyncFx(() -> window.discover().repoProblemProperty().get()).get();
        assertTrue(problem.contains("127.0.0.1"), problem);
        assertEquals(dev.parallax.ui.discover.DiscoverViewModel.ProblemKind.NETWORK,
                WaitForAsyncUtils.asyncFx(() -> window.discover().repoProblemKindProperty().get()).get());
        assertEquals(org.kordamp.ikonli.feather.Feather.WIFI_OFF, WaitForAsyncUtils.asyncFx(() ->
                ((org.kordamp.ikonli.javafx.FontIcon) lookup("#repo-problem").queryAs(atlantafx.base.controls.Message.class)
                        .getGraphic()).getIconCode()).get(), "a network failure shows no lock");

        List<String> outside = WaitForAsyncUtils.asyncFx(() -> {
            Scene scene = lookup("#nav-discover").query().getScene();
            scene.getRoot().applyCss();
            scene.getRoot().layout();
            List<String> found = new ArrayList<>();
            collectOutside(scene.getRoot(), scene.getHeight(), found);
            return found;
        }).get();
        assertTrue(outside.isEmpty(), "laid out beyond the window: " + outside);
        Bounds nav = WaitForAsyncUtils.asyncFx(() -> lookup("#nav-discover").query()
                .localToScene(lookup("#nav-discover").query().getLayoutBounds())).get();
        assertTrue(nav.getMinY() >= 0, "the sidebar slid up to y=" + nav.getMinY());
    }

    /** Visible nodes whose box starts above the window or is taller than it. */
    private static void collectOutside(Node node, double sceneHeight, List<String> into) {
        if (!node.isVisible()) {
            return;
        }
        Bounds b = node.localToScene(node.getLayoutBounds());
        if (b.getMinY() < -1 || b.getHeight() > sceneHeight + 1) {
            into.add(node.getClass().getSimpleName() + (node.getId() == null ? "" : "#" + node.getId())
                    + String.format(" y=%.0f h=%.0f", b.getMinY(), b.getHeight()));
        }
        if (node instanceof Parent p && into.size() < 20) {
            for (Node child : p.getChildrenUnmodifiable()) {
                collectOutside(child, sceneHeight, into);
            }
        }
    }
}
