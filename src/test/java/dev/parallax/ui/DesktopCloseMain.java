package dev.parallax.ui;

import dev.parallax.app.AppServices;
import dev.parallax.app.ParallaxHome;
import javafx.stage.WindowEvent;

import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The real desktop app in its own process, as {@code java -jar parallax.jar} starts it, driven to close
 * its window in the middle of a generation. Prints the worker's pid, then "closing" just before the
 * close request, for {@link DesktopProcessTest} to time the exit.
 */
public final class DesktopCloseMain {

    private DesktopCloseMain() {
    }

    public static void main(String[] args) {
        AppServices services = new AppServices(new ParallaxHome(Path.of(args[0])), false);
        DesktopApp.launch(services, window -> {
            var playground = window.playground();
            Runnable start = () -> {
                if (playground.targetProperty().get() == null || playground.isRunning()
                        || playground.lastResultProperty().get() != null) {
                    return;
                }
                var p = playground.parameters();
                p.maxTokensProperty().set(4000);
                p.contextSizeProperty().set(4096);
                p.threadsProperty().set(2);
                playground.promptProperty().set("Once upon a time");
                playground.run();
            };
            playground.targetProperty().addListener((o, a, b) -> start.run());
            start.run();
            playground.outputProperty().addListener((o, a, text) -> {
                OptionalLong pid = services.localEngine().workerPid();
                if (text.length() > 20 && pid.isPresent() && window.stage().isShowing()) {
                    System.out.println("worker " + pid.getAsLong());
                    System.out.println("closing");
                    System.out.flush();
                    window.stage().fireEvent(new WindowEvent(window.stage(), WindowEvent.WINDOW_CLOSE_REQUEST));
                }
            });
        });
    }
}
