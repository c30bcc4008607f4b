package dev.parallax.ui;

import dev.parallax.app.AppServices;
import dev.parallax.ui.shell.Page;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.ToggleButton;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real window on real services in a new data folder, its Hub out of reach, one per test class: the layout and
 * first-run tests' common ground, and the ways they show pages, size the window and read what is shown.
 */
abstract class OfflineWindowTest extends FxRobot {

    @TempDir
    static Path home;
    static AppServices services;
    static MainWindow window;
    static DesktopTestSupport.DialogServiceHolder dialogs;
    static DesktopTestSupport.RecordingExit exit;

    @BeforeAll
    static void openOfflineWindow() throws Exception {
        dialogs = new DesktopTestSupport.DialogServiceHolder();
        exit = new DesktopTestSupport.RecordingExit();
        services = DesktopTestSupport.servicesWithUnreachableHub(home, "offline-window-test");
        window = DesktopTestSupport.openWindow(services, dialogs, exit);
    }

    @AfterAll
    static void closeOfflineWindow() throws Exception {
        WaitForAsyncUtils.asyncFx(window::close).get();
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, exit.closed::get);
    }

    static void show(Page page) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> window.shell().show(page)).get();
        WaitForAsyncUtils.waitForFxEvents();
    }

    static void resize(double width, double height) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            window.stage().setWidth(width);
            window.stage().setHeight(height);
        }).get();
        WaitForAsyncUtils.waitForFxEvents();
    }

    static void resizeToMinimum() throws Exception {
        resize(window.stage().getMinWidth(), window.stage().getMinHeight());
    }

    /**
     * In the window and visible: the node and every node above it. From any thread (conditions of
     * {@link DesktopTestSupport#waitFor} run on the FX thread).
     */
    boolean shown(String id) throws Exception {
        java.util.concurrent.Callable<Boolean> check = () -> lookup(id).tryQuery().filter(n -> {
            for (Node at = n; at != null; at = at.getParent()) {
                if (!at.isVisible()) {
                    return false;
                }
            }
            return n.getScene() != null;
        }).isPresent();
        return Platform.isFxApplicationThread() ? check.call() : WaitForAsyncUtils.asyncFx(check).get();
    }

    /** Presses a panel's toggle as a click would (fired on the FX thread: a robot click can land mid-layout). */
    void toggle(String id) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> lookup(id).queryAs(ToggleButton.class).fire()).get();
        WaitForAsyncUtils.waitForFxEvents();
    }
}
