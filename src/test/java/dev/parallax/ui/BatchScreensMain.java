package dev.parallax.ui;

import static dev.parallax.ui.FxCalls.fx;

import dev.parallax.app.AppServices;
import dev.parallax.app.ParallaxHome;
import dev.parallax.app.Settings;
import dev.parallax.ui.base.FxDialogService;
import dev.parallax.ui.datasets.BatchSetupViewModel;
import dev.parallax.ui.playground.TargetChoice;
import dev.parallax.ui.shell.Page;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Screenshots of the Datasets and Results screens on a real batch, for the README: run under Xvfb with a Parallax
 * home that has a local model (and, for a cloud target, OPENAI_BASE_URL/OPENAI_API_KEY pointing at a fake server).
 * Drops the CSV through the window's own drop handler, imports it, runs it on every target whose name contains one
 * of the given words, and writes datasets.png, results.png, results-stats.png and results-charts.png.
 *
 * <p>Args: HOME CSV OUT_DIR TARGET_WORD...
 */
public final class BatchScreensMain {

    private BatchScreensMain() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        Path csv = Path.of(args[1]).toAbsolutePath();
        Path out = Path.of(args[2]);
        List<String> words = List.of(args).subList(3, args.length);
        Files.createDirectories(out);
        AppServices services = new AppServices(new ParallaxHome(home), false);
        Platform.startup(() -> { });
        MainWindow w = fx(() -> {
            Stage stage = new Stage();
            MainWindow m = new MainWindow(services, Settings.initial(), Optional.empty(), stage, FxDialogService::new,
                    () -> { });
            m.show();
            m.startServices();
            return m;
        });
        waitFor(60, () -> words.stream().allMatch(word -> w.batchSetup().targets().stream()
                .anyMatch(t -> t.target().toString().contains(word))));

        fx(() -> {
            w.filesDropped(List.of(csv));
            return null;
        });
        waitFor(30, () -> !w.datasets().previewRows().isEmpty());
        fx(() -> {
            w.datasets().importFile();
            return null;
        });
        waitFor(60, () -> !w.datasets().datasets().isEmpty() && !w.datasets().importingProperty().get());
        fx(() -> {
            for (TargetChoice t : w.batchSetup().targets()) {
                if (words.stream().anyMatch(word -> t.target().toString().contains(word))) {
                    w.batchSetup().choose(t, true);
                }
            }
            w.batchSetup().checkKindProperty().set(BatchSetupViewModel.CheckKind.MAX_LATENCY);
            w.batchSetup().checkArgumentProperty().set("400");
            w.batchSetup().addCheck();
            w.batchSetup().checkKindProperty().set(BatchSetupViewModel.CheckKind.REGEX);
            w.batchSetup().checkArgumentProperty().set("\\w+ \\w+ \\w+");
            w.batchSetup().addCheck();
            w.batchSetup().maxTokensProperty().set(48);
            w.batchSetup().repeatProperty().set(1);
            w.filesDropped(List.of(csv));
            return null;
        });
        waitFor(30, () -> !w.datasets().previewRows().isEmpty());
        Thread.sleep(1000);
        shot(w, out.resolve("datasets.png"));

        fx(() -> {
            w.datasets().discard();
            w.batchSetup().run();
            return null;
        });
        waitFor(20, () -> w.results().activeProperty().get());
        waitFor(600, () -> !w.results().activeProperty().get());
        waitFor(60, () -> !w.results().loadingProperty().get() && !w.results().rows().isEmpty()
                && w.results().rows().get(0).answered());
        Thread.sleep(1500);
        fx(() -> {
            w.shell().show(Page.RESULTS);
            w.results().selectedRowProperty().set(w.results().rows().get(0));
            return null;
        });
        Thread.sleep(1000);
        shot(w, out.resolve("results.png"));
        tab(w, 1);
        shot(w, out.resolve("results-stats.png"));
        tab(w, 2);
        shot(w, out.resolve("results-charts.png"));
        System.out.println("BATCH " + w.results().currentBatchIdProperty().get());
        fx(() -> {
            w.close();
            return null;
        });
        w.awaitClosed(20_000);
        Platform.exit();
        System.exit(0);
    }

    private static void tab(MainWindow w, int index) throws Exception {
        fx(() -> {
            TabPane tabs = (TabPane) w.stage().getScene().lookup("#results-tabs");
            tabs.getSelectionModel().select(index);
            return null;
        });
        Thread.sleep(1200);
    }

    private static void shot(MainWindow w, Path file) throws Exception {
        var image = fx(() -> {
            Scene scene = w.stage().getScene();
            return scene.snapshot(null);
        });
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", file.toFile());
        System.out.println("WROTE " + file);
    }

    private static void waitFor(int seconds, Callable<Boolean> condition) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            if (fx(condition)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("timed out after " + seconds + " s");
    }
}
