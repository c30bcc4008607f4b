package dev.parallax.ui;

import com.sun.javafx.scene.input.DragboardHelper;
import com.sun.javafx.tk.TKClipboard;
import javafx.scene.image.Image;
import javafx.scene.input.DataFormat;
import javafx.util.Pair;
import java.security.AccessControlContext;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import dev.parallax.app.AppServices;
import dev.parallax.app.Settings;
import javafx.event.Event;
import javafx.scene.Node;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.DragEvent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;
import javafx.stage.Stage;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** Builds the real window on real services for TestFX flows, and drops files on it. */
final class DesktopTestSupport {

    /** Records what closing the window did instead of ending the test JVM. */
    static final class RecordingExit implements WindowExit {
        final AtomicInteger closing = new AtomicInteger();
        final AtomicBoolean closed = new AtomicBoolean();

        @Override
        public void closing() {
            closing.incrementAndGet();
        }

        @Override
        public void closed() {
            closed.set(true);
        }
    }

    private DesktopTestSupport() {
    }

    /** What a window system's drag carries: content, and the transfer modes the source allows (copy). */
    private static final class DragClipboard implements TKClipboard {
        private final Map<DataFormat, Object> content = new HashMap<>();

        @Override
        public void setSecurityContext(AccessControlContext context) {
        }

        @Override
        public Set<DataFormat> getContentTypes() {
            return content.keySet();
        }

        @SafeVarargs
        @Override
        public final boolean putContent(Pair<DataFormat, Object>... entries) {
            content.clear();
            for (Pair<DataFormat, Object> e : entries) {
                content.put(e.getKey(), e.getValue());
            }
            return true;
        }

        @Override
        public Object getContent(DataFormat format) {
            return content.get(format);
        }

        @Override
        public boolean hasContent(DataFormat format) {
            return content.containsKey(format);
        }

        @Override
        public Set<TransferMode> getTransferModes() {
            return EnumSet.of(TransferMode.COPY);
        }

        @Override
        public void setDragView(Image image) {
        }

        @Override
        public void setDragViewOffsetX(double offsetX) {
        }

        @Override
        public void setDragViewOffsetY(double offsetY) {
        }

        @Override
        public Image getDragView() {
            return null;
        }

        @Override
        public double getDragViewOffsetX() {
            return 0;
        }

        @Override
        public double getDragViewOffsetY() {
            return 0;
        }
    }

    /**
     * Services for a window whose Hub is out of reach (nothing listens on its port) and whose keys live in a file
     * under {@code passphrase}: no test reaches the network, and none prompts for a keychain.
     */
    static AppServices servicesWithUnreachableHub(Path home, String passphrase) throws java.io.IOException {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("HF_ENDPOINT", "http://127.0.0.1:" + closedPort);
        env.remove("HF_TOKEN");
        env.put("PARALLAX_KEYSTORE", "file");
        env.put("PARALLAX_KEY_PASSPHRASE", passphrase);
        return new AppServices(new dev.parallax.app.ParallaxHome(home), false, env);
    }

    static MainWindow openWindow(AppServices services, DialogServiceHolder dialogs, WindowExit exit) throws Exception {
        FxToolkit.registerPrimaryStage();
        return WaitForAsyncUtils.asyncFx(() -> {
            MainWindow w = new MainWindow(services, Settings.initial(), Optional.empty(), new Stage(),
                    stage -> dialogs.dialogs, exit);
            w.show();
            w.startServices();
            return w;
        }).get(60, TimeUnit.SECONDS);
    }

    /** The dialog fake, passed by holder so a test class can build it before the window. */
    static final class DialogServiceHolder {
        final FakeDialogService dialogs = new FakeDialogService();
    }

    static void waitFor(int seconds, Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(condition).get());
    }

    /** A drag of files onto {@code target}, as the window system delivers one: drag over, then drop. */
    static void dropFiles(Node target, List<Path> files) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            Dragboard board = DragboardHelper.createDragboard(new DragClipboard());
            ClipboardContent content = new ClipboardContent();
            content.putFiles(files.stream().map(Path::toFile).map(File::getAbsoluteFile).toList());
            board.setContent(content);
            double x = target.getLayoutBounds().getWidth() / 2;
            double y = target.getLayoutBounds().getHeight() / 2;
            Event.fireEvent(target, new DragEvent(target, target, DragEvent.DRAG_OVER, board, x, y, x, y,
                    TransferMode.COPY, null, null, null));
            Event.fireEvent(target, new DragEvent(target, target, DragEvent.DRAG_DROPPED, board, x, y, x, y,
                    TransferMode.COPY, null, null, null));
        }).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
    }
}
