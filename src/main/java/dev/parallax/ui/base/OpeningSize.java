package dev.parallax.ui.base;

import javafx.animation.PauseTransition;
import javafx.beans.value.ChangeListener;
import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.util.Duration;

/**
 * The size a new window asked for, held against a window manager that shrinks it while mapping it. Under openbox
 * (LXDE, LXQt), JavaFX 21's GTK windows open at their minimum size: a 1280×800 window at 960×600, whatever the screen
 * (xfwm4 and metacity open it as asked; decision 0016). Once the window's size has settled after it is shown, a window
 * left at exactly its minimum, smaller than it asked for and than the screen allows, is given the size it asked for
 * once more. The check is made once, when the opening's burst of resizes has settled: a window manager that sizes
 * windows on purpose (a tiling one) does not leave them at their minimum, and a later resize is the user's. Headless
 * (Monocle: the tests) there is no window manager, and nothing to check.
 */
public final class OpeningSize {

    private static final Duration SETTLED = Duration.millis(250);
    private static final Duration WATCH = Duration.seconds(3);

    private OpeningSize() {
    }

    /** Call right after {@code stage.show()}. */
    public static void hold(Stage stage, double width, double height) {
        if ("Monocle".equalsIgnoreCase(System.getProperty("glass.platform"))) {
            return;
        }
        PauseTransition settled = new PauseTransition(SETTLED);
        ChangeListener<Number> resized = (o, was, now) -> settled.playFromStart();
        PauseTransition stop = new PauseTransition(WATCH);
        Runnable unwatch = () -> {
            stage.widthProperty().removeListener(resized);
            stage.heightProperty().removeListener(resized);
            settled.stop();
            stop.stop();
        };
        settled.setOnFinished(e -> {
            unwatch.run();
            if (stage.isMaximized() || stage.isFullScreen() || stage.isIconified()) {
                return;
            }
            Rectangle2D screen = Screen.getScreensForRectangle(stage.getX(), stage.getY(), 1, 1).stream().findFirst()
                    .orElse(Screen.getPrimary()).getVisualBounds();
            double[] wanted = restoreTo(stage.getWidth(), stage.getHeight(), stage.getMinWidth(), stage.getMinHeight(),
                    width, height, screen.getWidth(), screen.getHeight());
            if (wanted != null) {
                stage.setWidth(wanted[0]);
                stage.setHeight(wanted[1]);
            }
        });
        stage.widthProperty().addListener(resized);
        stage.heightProperty().addListener(resized);
        stop.setOnFinished(e -> unwatch.run());
        stop.play();
        settled.playFromStart();
    }

    /**
     * The size to ask for again, or null: only for a window left at its minimum size that asked for more, and only as
     * much as the screen holds.
     */
    static double[] restoreTo(double width, double height, double minWidth, double minHeight, double askedWidth,
                              double askedHeight, double screenWidth, double screenHeight) {
        boolean atMinimum = Math.abs(width - minWidth) <= 2 && Math.abs(height - minHeight) <= 2;
        double w = Math.min(askedWidth, screenWidth);
        double h = Math.min(askedHeight, screenHeight);
        if (!atMinimum || (w <= width + 2 && h <= height + 2)) {
            return null;
        }
        return new double[] {Math.max(w, width), Math.max(h, height)};
    }
}
