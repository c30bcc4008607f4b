package dev.parallax.ui;

import dev.parallax.app.AppServices;
import dev.parallax.app.JvmExit;
import dev.parallax.app.Settings;
import dev.parallax.app.SettingsException;
import dev.parallax.ui.base.FxDialogService;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.stage.Stage;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Starts the desktop window. The settings are read on another thread while the toolkit starts; the
 * window is built and shown first, and the heavy services start once the first frame is on screen.
 *
 * <p>With {@code -Dparallax.exitAfterFirstFrame=true} it prints {@code parallax: first frame after N ms}
 * (N from the process start) to stderr once the first frame was drawn, and exits: a start-up benchmark's probe.
 */
public final class DesktopApp {

    static final String EXIT_AFTER_FIRST_FRAME = "parallax.exitAfterFirstFrame";
    /** Closing must end the process within 3 s even if a service hangs; halting is the last resort. */
    private static final long HALT_AFTER_MS = 2700;

    private DesktopApp() {
    }

    public static void launch(AppServices services) {
        launch(services, window -> { });
    }

    /** {@code onFirstFrame} runs on the JavaFX thread once the window's first frame has been drawn. */
    static void launch(AppServices services, Consumer<MainWindow> onFirstFrame) {
        boolean exitAfterFirstFrame = Boolean.getBoolean(EXIT_AFTER_FIRST_FRAME);
        CompletableFuture<Loaded> settings = CompletableFuture.supplyAsync(() -> load(services));
        Platform.setImplicitExit(false);
        try {
            Platform.startup(() -> open(services, settings, exitAfterFirstFrame, onFirstFrame));
        } catch (UnsupportedOperationException | IllegalStateException e) {
            // No display (an SSH session, a server): JavaFX cannot start; the command line still works.
            System.err.println("parallax: cannot open the desktop window (" + e.getMessage() + "); on a machine"
                    + " without a desktop, use the command line: parallax --help");
            services.close();
            JvmExit.exit(2);
        }
    }

    private static void open(AppServices services, CompletableFuture<Loaded> settings, boolean exitAfterFirstFrame,
                             Consumer<MainWindow> onFirstFrame) {
        Stage stage = new Stage();
        Loaded loaded = settings.join();
        MainWindow window;
        try {
            window = new MainWindow(services, loaded.settings(), loaded.problem(), stage, FxDialogService::new,
                    new ProcessExit());
        } catch (RuntimeException | Error e) {
            // Without a window nothing would ever end this process: say why and go.
            cannotOpen(services, e);
            return;
        }
        afterFirstFrame(() -> {
            if (exitAfterFirstFrame) {
                long ms = ProcessHandle.current().info().startInstant()
                        .map(start -> Duration.between(start, Instant.now()).toMillis()).orElse(-1L);
                System.err.println("parallax: first frame after " + ms + " ms");
                window.close();
                return;
            }
            window.startServices();
            onFirstFrame.accept(window);
        });
        window.show();
    }

    private static void cannotOpen(AppServices services, Throwable e) {
        System.err.println("parallax: the window could not open: " + e);
        e.printStackTrace();
        try {
            services.close();
        } catch (RuntimeException closing) {
            e.addSuppressed(closing);
        }
        Platform.exit();
        new Thread(() -> JvmExit.exit(1), "parallax-exit").start();
    }

    /** Runs {@code action} on the pulse after the one that drew the first frame. */
    private static void afterFirstFrame(Runnable action) {
        new AnimationTimer() {
            private int pulses;

            @Override
            public void handle(long now) {
                // The timer runs at the start of a pulse; the second one comes after the first frame was drawn.
                if (++pulses == 2) {
                    stop();
                    action.run();
                }
            }
        }.start();
    }

    private record Loaded(Settings settings, Optional<String> problem) {
    }

    private static Loaded load(AppServices services) {
        try {
            return new Loaded(services.settings().load(), Optional.empty());
        } catch (SettingsException e) {
            return new Loaded(Settings.initial(), Optional.of(e.getMessage()));
        }
    }

    /** Ends the toolkit and the process once the window has closed the services, within 3 s whatever happens. */
    private static final class ProcessExit implements WindowExit {

        @Override
        public void closing() {
            Thread watchdog = new Thread(() -> {
                try {
                    Thread.sleep(HALT_AFTER_MS);
                } catch (InterruptedException e) {
                    return;
                }
                // A service hung while closing. The worker ends by itself when this process's pipes close.
                Runtime.getRuntime().halt(0);
            }, "parallax-exit-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
        }

        @Override
        public void closed() {
            Platform.exit();
            new Thread(() -> JvmExit.exit(0), "parallax-exit").start();
        }
    }
}
