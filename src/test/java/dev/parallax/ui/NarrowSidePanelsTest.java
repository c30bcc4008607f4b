package dev.parallax.ui;

import static dev.parallax.ui.DesktopTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.ui.shell.Page;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableView;
import javafx.scene.text.Text;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Compare and Datasets in a half-screen window (960 px on a 1920 px display, the window's minimum): their side panels
 * used to stay open, cut at the window's right edge, with the page scrolling sideways and Compare's Repeat squashed.
 * Now the panels fold away and the header and the form fit whole; the header's sidebar button shows a panel at any
 * width, and a wide window opens them again.
 */
class NarrowSidePanelsTest extends OfflineWindowTest {

    @TempDir
    static Path files;
    @BeforeAll
    static void startAtTheMinimumSize() throws Exception {
        resizeToMinimum();
    }

    @Test
    void compareFoldsItsSidePanelInANarrowWindow() throws Exception {
        show(Page.COMPARE);
        try {
            assertFalse(shown("#past-comparisons"), "folded at the minimum size");
            assertFits(".compare", List.of("#compare-export", "#compare-side-toggle", "#compare-target", "#compare-add",
                    "#compare-system", "#compare-prompt", "#compare-repeat", "#compare-sequential", "#compare-run",
                    "#compare-stop"));
            double repeat = WaitForAsyncUtils.asyncFx(() -> lookup("#compare-repeat").query().getLayoutBounds().getWidth()).get();
            assertTrue(repeat >= 80, "Repeat wide enough to read its number: " + repeat);

            toggle("#compare-side-toggle");
            assertTrue(shown("#past-comparisons"), "the button shows the panel in a narrow window too");

            resize(1280, 800);
            assertTrue(shown("#past-comparisons"), "open in a wide window");
            toggle("#compare-side-toggle");
            show(Page.PLAYGROUND);
            show(Page.COMPARE);
            assertFalse(shown("#past-comparisons"), "hidden by hand, still hidden after another page");
            resizeToMinimum();
            assertFalse(shown("#past-comparisons"));
            resize(1280, 800);
            assertTrue(shown("#past-comparisons"), "widening the window opens it again");
        } finally {
            resizeToMinimum();
        }
    }

    @Test
    void datasetsFoldsTheBatchSetupInANarrowWindowAndLeadsBackToIt() throws Exception {
        show(Page.DATASETS);
        try {
            assertFalse(shown("#batch-run"), "folded at the minimum size");
            List<String> header = List.of("#datasets-open", "#datasets-side-toggle", "#datasets-run-batch",
                    "#dataset-delete", "#datasets-table");
            assertFits(".datasets", header);

            Path file = files.resolve("capitals.csv");
            Files.writeString(file, "prompt,expected,topic\nCapital of France?,Paris,geo\nCapital of Peru?,Lima,geo\n",
                    StandardCharsets.UTF_8);
            WaitForAsyncUtils.asyncFx(() -> window.datasets().open(file)).get();
            waitFor(30, () -> window.datasets().previewRows().size() == 2);
            List<String> preview = new ArrayList<>(List.of("#mapping-prompt", "#mapping-system", "#mapping-expected",
                    "#mapping-checks", "#mapping-template", "#dataset-name", "#dataset-import"));
            preview.addAll(header);
            assertFits(".datasets", preview);

            press("#dataset-import");
            waitFor(60, () -> window.datasets().datasets().size() == 1 && !window.datasets().importingProperty().get());
            assertFalse(shown("#batch-run"));
            press("#datasets-run-batch");
            assertTrue(shown("#batch-run"), "the button beside the datasets opens the batch set-up");
            assertFalse(shown("#datasets-run-batch"), "which is then shown");
            assertEquals("capitals.csv · 2 rows", WaitForAsyncUtils.asyncFx(
                    () -> lookup("#batch-dataset").queryAs(Label.class).getText()).get());
            assertFits(".datasets", List.of("#batch-run", "#datasets-side-toggle"));

            toggle("#datasets-side-toggle");
            assertFalse(shown("#batch-run"));
            resize(1280, 800);
            assertTrue(shown("#batch-run"), "open in a wide window");
            assertFalse(shown("#datasets-run-batch"));
            double divider = WaitForAsyncUtils.asyncFx(
                    () -> lookup(".datasets .split-pane").queryAs(SplitPane.class).getDividerPositions()[0]).get();
            assertEquals(0.64, divider, 0.01, "as wide as it first was, not squeezed to its minimum");
        } finally {
            resizeToMinimum();
        }
    }

    /**
     * The page no wider than the window (so it does not scroll sideways), each of {@code ids} shown ends inside it, and
     * no caption or button on the page is cut short to "…" (lists and tables aside, whose cells may be).
     */
    private void assertFits(String page, List<String> ids) throws Exception {
        String problem = WaitForAsyncUtils.asyncFx(() -> {
            Scene scene = window.stage().getScene();
            scene.getRoot().applyCss();
            scene.getRoot().layout();
            List<String> out = new ArrayList<>();
            Node root = lookup(page).query();
            double right = scene.getWidth() + 0.5;
            if (root.localToScene(root.getLayoutBounds()).getMaxX() > right) {
                out.add("the page ends at x=" + Math.round(root.localToScene(root.getLayoutBounds()).getMaxX()));
            }
            for (String id : ids) {
                Node n = lookup(id).query();
                Bounds b = n.localToScene(n.getLayoutBounds());
                if (n.isVisible() && b.getMaxX() > right) {
                    out.add(id + " ends at x=" + Math.round(b.getMaxX()));
                }
            }
            cutShort(root, out);
            return out.isEmpty() ? null : out + " in a " + Math.round(scene.getWidth()) + " px wide window";
        }).get();
        assertTrue(problem == null, problem);
    }

    private static void cutShort(Node node, List<String> out) {
        if (!node.isVisible() || node instanceof TableView<?> || node instanceof ListView<?>) {
            return;
        }
        if (node instanceof Labeled l && l.getText() != null && !l.getText().isEmpty()) {
            for (Node c : l.getChildrenUnmodifiable()) {
                // The label's own text node (an icon beside it is a Text too).
                if (c instanceof Text t && t.getStyleClass().contains("text") && !l.getText().equals(t.getText())) {
                    out.add("\"" + l.getText() + "\" shown as \"" + t.getText() + "\"");
                }
            }
        }
        if (node instanceof Parent p) {
            p.getChildrenUnmodifiable().forEach(c -> cutShort(c, out));
        }
    }

    /** Presses a button once it is shown and enabled (the import selects its dataset a moment after it lands). */
    private void press(String id) throws Exception {
        waitFor(30, () -> lookup(id).tryQueryAs(javafx.scene.control.Button.class)
                .map(b -> b.isVisible() && !b.isDisabled()).orElse(false));
        WaitForAsyncUtils.asyncFx(() -> lookup(id).queryAs(javafx.scene.control.Button.class).fire()).get();
        WaitForAsyncUtils.waitForFxEvents();
    }
}
