package dev.parallax.ui.base;

import javafx.application.Platform;

/** The JavaFX application thread: runs at once when already on it. */
public final class FxUiThread implements UiThread {

    @Override
    public void run(Runnable action) {
        if (Platform.isFxApplicationThread()) {
            action.run();
        } else {
            Platform.runLater(action);
        }
    }
}
