package dev.parallax.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parallax.ui.shell.Page;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.text.Text;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The window at its minimum size (a small laptop screen, or a narrowed window): every page keeps the sidebar in
 * view. The Playground's content is wider than that, and the whole frame used to outgrow the window and be cut on
 * both sides, the sidebar's labels included; a page now scrolls instead.
 */
class SmallWindowLayoutTest extends OfflineWindowTest {

    private static final String LONG_STATUS = "Saved comparison of 2026-11-28 14:04:09 · read-only; Run makes a new one";

    @BeforeAll
    static void startAtTheMinimumSize() throws Exception {
        resizeToMinimum();
    }

    @Test
    void everyPageKeepsTheSidebarInViewAtTheMinimumSize() throws Exception {
        List<String> cut = new ArrayList<>();
        for (Page page : Page.values()) {
            WaitForAsyncUtils.asyncFx(() -> window.shell().show(page)).get();
            WaitForAsyncUtils.waitForFxEvents();
            String problem = WaitForAsyncUtils.asyncFx(() -> {
                Node nav = lookup("#nav-" + page.name().toLowerCase(Locale.ROOT)).query();
                Scene scene = nav.getScene();
                scene.getRoot().applyCss();
                scene.getRoot().layout();
                Bounds b = nav.localToScene(nav.getLayoutBounds());
                if (b.getMinX() < 0 || b.getMaxX() > scene.getWidth()) {
                    return page + ": its sidebar entry spans x=" + Math.round(b.getMinX()) + ".." + Math.round(b.getMaxX())
                            + " in a " + Math.round(scene.getWidth()) + " px wide window";
                }
                return null;
            }).get();
            if (problem != null) {
                cut.add(problem);
            }
        }
        assertTrue(cut.isEmpty(), "cut off at the window's minimum size: " + cut);
    }

    /**
     * A page's title and its header's buttons keep their words at the minimum size, however long the header's status
     * line is (Compare's "Saved comparison of 2026-11-28 14:04:09 · read-only; Run makes a new one" made the title
     * "Co…" and Export "E…"); only the status line may shorten.
     */
    @Test
    void everyPageHeaderKeepsItsTitleAndButtonsWholeAtTheMinimumSize() throws Exception {
        List<String> cut = new ArrayList<>();
        for (Page page : Page.values()) {
            WaitForAsyncUtils.asyncFx(() -> window.shell().show(page)).get();
            WaitForAsyncUtils.waitForFxEvents();
            cut.addAll(WaitForAsyncUtils.asyncFx(() -> {
                Scene scene = window.stage().getScene();
                for (Node header : lookup(".page-header").queryAll()) {
                    for (Node n : descendants(header)) {
                        if (n instanceof Label l && !l.getStyleClass().contains("title-3") && l.textProperty().isBound()) {
                            l.textProperty().unbind();
                            l.setText(LONG_STATUS);
                        }
                    }
                }
                scene.getRoot().applyCss();
                scene.getRoot().layout();
                List<String> out = new ArrayList<>();
                for (Node header : lookup(".page-header").queryAll()) {
                    if (!onScreen(header)) {
                        continue;
                    }
                    for (Node n : descendants(header)) {
                        if (n instanceof Labeled l && n.isVisible() && (l instanceof ButtonBase || l.getStyleClass().contains("title-3"))
                                && l.getText() != null && !l.getText().isEmpty()) {
                            Node text = l.lookup(".text");
                            if (text instanceof Text t && !l.getText().equals(t.getText())) {
                                out.add(page + ": '" + l.getText() + "' shows as '" + t.getText() + "'");
                            }
                        }
                    }
                }
                return out;
            }).get());
        }
        assertTrue(cut.isEmpty(), "cut short at the window's minimum size: " + cut);
    }

    /**
     * Compare and Datasets with their side panel opened by hand in a window of the minimum size: the page fits, so the
     * header's panel button (the way to fold it again) and Run stay in view. Compare's form used to be too wide for
     * it: the page scrolled sideways with its header's buttons past the window's right edge.
     */
    @Test
    void aSidePanelOpenedInANarrowWindowLeavesTheHeaderInView() throws Exception {
        List<String> outside = new ArrayList<>();
        for (Page page : List.of(Page.COMPARE, Page.DATASETS)) {
            show(page);
            String toggle = page == Page.COMPARE ? "#compare-side-toggle" : "#datasets-side-toggle";
            boolean opened = !lookup(toggle).queryAs(javafx.scene.control.ToggleButton.class).isSelected();
            if (opened) {
                toggle(toggle);
            }
            List<String> ids = page == Page.COMPARE ? List.of(toggle, "#compare-run", "#compare-stop")
                    : List.of(toggle, "#datasets-open", "#batch-run");
            outside.addAll(WaitForAsyncUtils.asyncFx(() -> {
                Scene scene = window.stage().getScene();
                scene.getRoot().applyCss();
                scene.getRoot().layout();
                List<String> out = new ArrayList<>();
                for (String id : ids) {
                    Node n = lookup(id).query();
                    Bounds b = n.localToScene(n.getLayoutBounds());
                    if (b.getMaxX() > scene.getWidth() + 0.5) {
                        out.add(page + " " + id + " ends at x=" + Math.round(b.getMaxX()) + " in a "
                                + Math.round(scene.getWidth()) + " px wide window");
                    }
                }
                return out;
            }).get());
            if (opened) {
                toggle(toggle);
            }
        }
        assertTrue(outside.isEmpty(), "past the window's right edge with the side panel open: " + outside);
    }

    /**
     * In a narrow window the Playground folds its parameters away, so the prompt, the answer and the header's
     * controls fit without scrolling; the header's button shows them at any width, and a wide window opens them.
     */
    @Test
    void thePlaygroundFoldsItsParametersInANarrowWindow() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> window.shell().show(Page.PLAYGROUND)).get();
        WaitForAsyncUtils.waitForFxEvents();
        try {
            assertTrue(!shown("#parameters-panel"), "folded at the minimum size");
            String outside = WaitForAsyncUtils.asyncFx(() -> {
                Scene scene = window.stage().getScene();
                scene.getRoot().applyCss();
                scene.getRoot().layout();
                List<String> out = new ArrayList<>();
                for (String id : List.of("#target", "#browse", "#engine", "#parameters-toggle", "#answer-markdown")) {
                    Node n = lookup(id).query();
                    Bounds b = n.localToScene(n.getLayoutBounds());
                    if (b.getMaxX() > scene.getWidth() + 0.5) {
                        out.add(id + " ends at x=" + Math.round(b.getMaxX()));
                    }
                }
                return out.isEmpty() ? null : out + " in a " + Math.round(scene.getWidth()) + " px wide window";
            }).get();
            assertTrue(outside == null, "past the window's right edge: " + outside);

            toggle("#parameters-toggle");
            assertTrue(shown("#parameters-panel"), "the button shows them in a narrow window too");

            resize(1280, 800);
            assertTrue(shown("#parameters-panel"));
            toggle("#parameters-toggle");
            assertTrue(!shown("#parameters-panel"), "hidden by hand in a wide window");
            resize(window.stage().getMinWidth(), window.stage().getMinHeight());
            assertTrue(!shown("#parameters-panel"));
            resize(1280, 800);
            assertTrue(shown("#parameters-panel"), "widening the window opens them again");
        } finally {
            resize(window.stage().getMinWidth(), window.stage().getMinHeight());
        }
    }

    private static List<Node> descendants(Node n) {
        List<Node> all = new ArrayList<>(List.of(n));
        if (n instanceof Parent p) {
            for (Node child : p.getChildrenUnmodifiable()) {
                all.addAll(descendants(child));
            }
        }
        return all;
    }

    private static boolean onScreen(Node n) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        return n.getScene() != null;
    }
}
