package dev.parallax.ui.base;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** Tab moves on from a prompt box, Shift+Tab back, and neither types a tab character into it. */
class TabLeavesTest {

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @Test
    void tabAndShiftTabLeaveTheTextAreaWithoutTypingIntoIt() throws Exception {
        TextArea system = WaitForAsyncUtils.asyncFx(() -> new TextArea()).get();
        TextArea prompt = WaitForAsyncUtils.asyncFx(() -> new TextArea("Once upon a time")).get();
        Button run = WaitForAsyncUtils.asyncFx(() -> new Button("Run")).get();
        Stage stage = WaitForAsyncUtils.asyncFx(() -> {
            TabLeaves.install(system, prompt);
            Stage s = new Stage();
            s.setScene(new Scene(new VBox(system, prompt, run), 300, 300));
            s.show();
            prompt.requestFocus();
            return s;
        }).get();
        WaitForAsyncUtils.waitForFxEvents();
        try {
            Node afterTab = WaitForAsyncUtils.asyncFx(() -> {
                press(prompt, false);
                return stage.getScene().getFocusOwner();
            }).get();
            assertSame(run, afterTab, "Tab goes on to Run");
            Node afterShiftTab = WaitForAsyncUtils.asyncFx(() -> {
                prompt.requestFocus();
                press(prompt, true);
                return stage.getScene().getFocusOwner();
            }).get();
            assertSame(system, afterShiftTab, "Shift+Tab goes back to the system prompt");
            assertEquals("Once upon a time", prompt.getText());
            assertEquals("", system.getText());
        } finally {
            WaitForAsyncUtils.asyncFx(stage::close).get();
        }
    }

    private static void press(Node target, boolean shift) {
        target.fireEvent(new KeyEvent(KeyEvent.KEY_PRESSED, "\t", "\t", KeyCode.TAB, shift, false, false, false));
        target.fireEvent(new KeyEvent(KeyEvent.KEY_TYPED, "\t", "", KeyCode.UNDEFINED, shift, false, false, false));
        target.fireEvent(new KeyEvent(KeyEvent.KEY_RELEASED, "\t", "\t", KeyCode.TAB, shift, false, false, false));
    }
}
