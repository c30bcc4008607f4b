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

    private static void resize(Stage stage, double width) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> stage.setWidth(width)).get();
        WaitForAsyncUtils.waitForFxEvents();
    }
}
