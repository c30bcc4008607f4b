package dev.parallax.ui.base;

import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;

/**
 * Tab and Shift+Tab leave a text area for the next or previous control, as they leave a text field. A JavaFX text area
 * types a tab character instead, and moves on only with Ctrl+Tab: in Compare, Tab from the system prompt put tabs in
 * it and never reached the prompt, Repeat or Run. A prompt has no use for a tab character.
 */
public final class TabLeaves {

    private TabLeaves() {
    }

    public static void install(TextArea... areas) {
        for (TextArea area : areas) {
            area.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
                if (e.getCode() == KeyCode.TAB && !e.isControlDown() && !e.isAltDown() && !e.isMetaDown()) {
                    e.consume();
                    // Ctrl+Tab is the text area's own way out, forwards or (with Shift) backwards.
                    area.fireEvent(new KeyEvent(KeyEvent.KEY_PRESSED, e.getCharacter(), e.getText(), KeyCode.TAB,
                            e.isShiftDown(), true, false, false));
                }
            });
        }
    }
}
