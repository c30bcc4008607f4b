package dev.parallax.ui;

import dev.parallax.app.AppServices;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

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
            stage.show();
        });
    }
}
