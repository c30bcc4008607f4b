package dev.parallax.ui.base;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** A side panel folds when its window narrows past the threshold, opens when it widens past it, and otherwise obeys. */
class WindowWidthTest {

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @Test
    void aPanelFollowsTheWindowOnlyAcrossTheThreshold() throws Exception {
        StackPane page = new StackPane();
        Label caption = new Label("Target");
        page.getChildren().add(caption);
        ToggleButton toggle = WaitForAsyncUtils.asyncFx(() -> new ToggleButton()).get();
        WindowWidth width = WindowWidth.of(page, 1000).foldsWith(toggle);
        width.onlyWhenWide(caption);
        assertTrue(width.isWide(), "wide until shown in a window");

        Stage stage = WaitForAsyncUtils.asyncFx(() -> {
            Stage s = new Stage();
            s.setScene(new Scene(page, 800, 400));
            s.show();
            return s;
        }).get();
        try {
            WaitForAsyncUtils.waitForFxEvents();
            assertFalse(width.isWide());
            assertFalse(toggle.isSelected(), "folded in a window that opens narrow");
            assertFalse(caption.isVisible() || caption.isManaged());

            WaitForAsyncUtils.asyncFx(() -> toggle.setSelected(true)).get();
            resize(stage, 900);
            assertTrue(toggle.isSelected(), "the user's choice stands while the window stays narrow");

            resize(stage, 1200);
            assertTrue(width.isWide());
            assertTrue(caption.isVisible());
            WaitForAsyncUtils.asyncFx(() -> toggle.setSelected(false)).get();
            resize(stage, 1300);
            assertFalse(toggle.isSelected(), "and while it stays wide");

            resize(stage, 900);
            assertFalse(toggle.isSelected());
            resize(stage, 1100);
            assertTrue(toggle.isSelected(), "widening past the threshold opens the panel");
        } finally {
            WaitForAsyncUtils.asyncFx(stage::close).get();
        }
    }

    /** A page out of its window (another page shown) keeps the user's choice, and catches up on a crossing missed. */
    @Test
    void aPageShownAgainKeepsTheChoiceUnlessTheWindowCrossedMeanwhile() throws Exception {
        StackPane page = new StackPane();
        StackPane frame = new StackPane(page);
        ToggleButton toggle = WaitForAsyncUtils.asyncFx(() -> new ToggleButton()).get();
        WindowWidth.of(page, 1000).foldsWith(toggle);
        Stage stage = WaitForAsyncUtils.asyncFx(() -> {
            Stage s = new Stage();
            s.setScene(new Scene(frame, 1200, 400));
            s.show();
            return s;
        }).get();
        try {
            WaitForAsyncUtils.waitForFxEvents();
            assertTrue(toggle.isSelected());
            choose(toggle, false);
            away(frame, page, () -> { });
            assertFalse(toggle.isSelected(), "hidden by hand in a wide window, still hidden when the page comes back");
            choose(toggle, true);
            away(frame, page, () -> stage.setWidth(800));
            assertFalse(toggle.isSelected(), "the window narrowed past the threshold while the page was away");

            choose(toggle, true);
            away(frame, page, () -> { });
            assertTrue(toggle.isSelected(), "shown by hand in a narrow window, still shown when the page comes back");
            choose(toggle, false);
            away(frame, page, () -> stage.setWidth(1300));
            assertTrue(toggle.isSelected(), "the window widened past the threshold while the page was away");
        } finally {
            WaitForAsyncUtils.asyncFx(stage::close).get();
        }
    }

    /** Takes the page out of its window, does {@code meanwhile}, and puts it back. */
    private static void away(StackPane frame, StackPane page, Runnable meanwhile) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> frame.getChildren().clear()).get();
        WaitForAsyncUtils.asyncFx(meanwhile).get();
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.asyncFx(() -> frame.getChildren().add(page)).get();
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static void choose(ToggleButton toggle, boolean shown) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> toggle.setSelected(shown)).get();
    }

    private static void resize(Stage stage, double width) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> stage.setWidth(width)).get();
        WaitForAsyncUtils.waitForFxEvents();
    }
}
