package dev.parallax.ui;

import dev.parallax.app.AppServices;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

import java.lang.management.ManagementFactory;

/** Starts the desktop window on the JavaFX thread; the window owns the services' lifetime. */
public final class DesktopApp {

    private DesktopApp() {
    }

    public static void launch(AppServices services) {
        Platform.setImplicitExit(true);
        Platform.startup(() -> {
            Stage stage = new Stage();
            Label title = new Label("Parallax");
            title.setStyle("-fx-font-size: 28px; -fx-font-weight: bold;");
            Label home = new Label("Data folder: " + services.home().root());
            VBox root = new VBox(12, title, home);
            root.setPadding(new Insets(24));
            stage.setTitle("Parallax");
            stage.setScene(new Scene(root, 960, 640));
            stage.setOnHidden(e -> {
                services.close();
                Platform.exit();
            });
            if (Boolean.getBoolean("parallax.exitAfterFirstFrame")) {
                exitAfterFirstFrame(stage, services);
            }
            stage.show();
        });
    }

    /** For bench/startup.sh: time from process start until the first frame is on screen, then quit. */
    private static void exitAfterFirstFrame(Stage stage, AppServices services) {
        new AnimationTimer() {
            private int pulses;

            @Override
            public void handle(long now) {
                // The first pulse while showing hands the first frame to the render thread; the next
                // comes a frame interval later. Approximate: the real UI should use a frame-rendered hook.
                if (!stage.isShowing() || ++pulses < 2) {
                    return;
                }
                stop();
                long sinceStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
                System.err.println("parallax: first frame after " + sinceStart + " ms");
                services.close();
                Platform.exit();
            }
        }.start();
    }
}
