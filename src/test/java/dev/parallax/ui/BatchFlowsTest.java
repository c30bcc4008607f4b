package dev.parallax.ui;

import dev.parallax.app.AppServices;
import dev.parallax.app.ParallaxHome;
import dev.parallax.core.RunStatus;
import dev.parallax.core.TaskProgress;
import dev.parallax.models.ImportMode;
import dev.parallax.testing.TestModels;
import dev.parallax.ui.results.ResultRow;
import dev.parallax.ui.results.StatsRow;
import dev.parallax.ui.shell.Page;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static dev.parallax.ui.DesktopTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A dataset dropped on the window, imported, run as a batch on the tiny local model, and its results on the
 * Results screen: the real window on real services in a temporary home, headless under Monocle.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BatchFlowsTest extends FxRobot {

    @TempDir
    static Path home;

    @TempDir
    static Path files;

    private static AppServices services;
    private static MainWindow window;
    private static final DesktopTestSupport.DialogServiceHolder DIALOGS = new DesktopTestSupport.DialogServiceHolder();
    private static final DesktopTestSupport.RecordingExit EXIT = new DesktopTestSupport.RecordingExit();
    private static String modelName;

    @BeforeAll
    static void openWindow() throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("PARALLAX_KEYSTORE", "file");
        env.put("PARALLAX_KEY_PASSPHRASE", "batch-test");
        services = new AppServices(new ParallaxHome(home), false, env);
        modelName = services.models().importFile(TestModels.stories260K(), ImportMode.COPY, TaskProgress.none()).name();
        window = DesktopTestSupport.openWindow(services, DIALOGS, EXIT);
        waitFor(30, () -> !window.batchSetup().targets().isEmpty());
    }

    @AfterAll
    static void closeWindow() throws Exception {
        WaitForAsyncUtils.asyncFx(window::close).get();
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, EXIT.closed::get);
    }

    @Test
    @Order(1)
    void aDroppedCsvIsPreviewedImportedRunOnTheLocalModelAndItsResultsShown() throws Exception {
        StringBuilder csv = new StringBuilder("prompt,expected\n");
        for (int i = 0; i < 5; i++) {
            csv.append("Once upon a time number ").append(i).append(",the\n");
        }
        Path file = files.resolve("stories.csv");
        Files.writeString(file, csv, StandardCharsets.UTF_8);

        // The same drop the window system delivers: a DragEvent on the window's root, routed by the shell.
        DesktopTestSupport.dropFiles(window.stage().getScene().getRoot(), List.of(file));
        waitFor(30, () -> window.shell().pageProperty().get() == Page.DATASETS
                && window.datasets().previewRows().size() == 5);
        TableView<?> preview = lookup("#dataset-preview").queryAs(TableView.class);
        waitFor(10, () -> preview.getItems().size() == 5);
        assertTrue(window.datasets().fileSummaryProperty().get().startsWith("CSV · UTF-8"));

        clickOn("#dataset-import");
        waitFor(60, () -> window.datasets().datasets().size() == 1 && !window.datasets().importingProperty().get());
        assertEquals(5, window.datasets().datasets().get(0).rowCount());
        assertEquals(window.datasets().datasets().get(0), window.batchSetup().datasetProperty().get());
        assertTrue(lookup("#datasets-table").queryAs(TableView.class).getItems().size() == 1);

        interact(() -> window.batchSetup().maxTokensProperty().set(8));
        CheckBox local = lookup("#batch-targets .check-box").queryAllAs(CheckBox.class).stream()
                .filter(c -> c.getText().equals(modelName)).findFirst().orElseThrow();
        clickOn(local);
        waitFor(5, () -> window.batchSetup().chosen().size() == 1);
        clickOn("#batch-run");

        waitFor(10, () -> window.shell().pageProperty().get() == Page.RESULTS);
        waitFor(180, () -> !window.results().activeProperty().get() && !window.results().loadingProperty().get()
                && window.results().rows().size() == 5 && window.results().rows().stream().allMatch(ResultRow::answered));
        assertTrue(DIALOGS.dialogs.ofKind("error").isEmpty(), () -> DIALOGS.dialogs.shown.toString());
        assertEquals("Completed", window.results().stateTextProperty().get());
        assertEquals("5 / 5 done", window.results().progressTextProperty().get());

        TableView<?> grid = lookup("#results-grid").queryAs(TableView.class);
        waitFor(10, () -> grid.getItems().size() == 5);
        assertEquals(4, grid.getColumns().size(), "line, prompt, expected and one column for the target");
        for (ResultRow row : window.results().rows()) {
            ResultRow.Cell cell = row.cells().get(0).orElseThrow();
            assertEquals(RunStatus.COMPLETED, cell.first().run().status(), () -> cell.first().run().error().orElse(""));
            assertFalse(cell.first().run().output().isEmpty());
        }
        interact(() -> window.results().selectedRowProperty().set(window.results().rows().get(0)));
        Node answers = lookup("#results-answers").query();
        waitFor(5, () -> ((javafx.scene.layout.HBox) answers).getChildren().size() == 2);

        List<StatsRow> stats = window.results().stats();
        assertEquals(1, stats.size());
        assertEquals("5", stats.get(0).runs());
        assertEquals("100%\n5 of 5", stats.get(0).success());
        assertTrue(stats.get(0).totalMedian().contains("["), "the median comes with its interval");
        assertEquals(1, window.results().charts().size());
        assertTrue(window.results().charts().get(0).latency().isPresent());

        WaitForAsyncUtils.asyncFx(() -> window.results().refreshBatches()).get();
        waitFor(10, () -> window.results().pastBatches().size() == 1
                && window.results().pastBatches().get(0).status().equals("completed"));
    }

    @Test
    @Order(2)
    void aFileThatIsNoDatasetDroppedOnDatasetsGetsAClearMessage() throws Exception {
        interact(() -> window.shell().show(Page.DATASETS));
        Path pdf = files.resolve("report.pdf");
        Files.write(pdf, "%PDF-1.4\n".getBytes(StandardCharsets.US_ASCII));
        int errors = DIALOGS.dialogs.ofKind("error").size();
        DesktopTestSupport.dropFiles(window.stage().getScene().getRoot(), List.of(pdf));
        waitFor(10, () -> DIALOGS.dialogs.ofKind("error").size() == errors + 1);
        FakeDialogService.Shown shown = DIALOGS.dialogs.ofKind("error").get(errors);
        assertEquals("Not a dataset", shown.title());
        assertTrue(shown.message().contains("PDF"), shown.message());
        assertEquals(Page.DATASETS, window.shell().pageProperty().get());
    }

    @Test
    @Order(3)
    void aHundredThousandRowImportRunsInTheBackgroundWhileTheWindowKeepsDrawing() throws Exception {
        Path big = files.resolve("big.csv");
        StringBuilder csv = new StringBuilder(4_000_000).append("prompt,expected,tags\n");
        for (int i = 0; i < 100_000; i++) {
            csv.append("\"Question number ").append(i).append(" about \"\"quoted, text\"\"\",answer ").append(i).append(",t\n");
        }
        Files.writeString(big, csv, StandardCharsets.UTF_8);
        int errors = DIALOGS.dialogs.ofKind("error").size();
        interact(() -> window.datasets().open(big));
        waitFor(30, () -> window.datasets().previewRows().size() == 20 || DIALOGS.dialogs.ofKind("error").size() > errors);
        assertEquals("Question number 0 about \"quoted, text\"", window.datasets().previewRows().get(0).prompt(),
                () -> DIALOGS.dialogs.shown.toString());

        // The UI thread is pinged every 10 ms during the import; the longest wait for a ping is how long it was busy.
        AtomicLong last = new AtomicLong(System.nanoTime());
        AtomicLong longest = new AtomicLong();
        Thread pinger = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                long sent = System.nanoTime();
                java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
                Platform.runLater(() -> {
                    longest.accumulateAndGet(System.nanoTime() - sent, Math::max);
                    last.set(System.nanoTime());
                    done.countDown();
                });
                try {
                    done.await();
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "fx-pinger");
        long t0 = System.nanoTime();
        interact(() -> window.datasets().importFile());
        pinger.start();
        try {
            waitFor(120, () -> !window.datasets().importingProperty().get()
                    && window.datasets().datasets().stream().anyMatch(r -> r.name().equals("big.csv"))
                    || DIALOGS.dialogs.ofKind("error").size() > errors);
        } finally {
            pinger.interrupt();
            pinger.join(5_000);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Optional<dev.parallax.history.DatasetRecord> d = window.datasets().datasets().stream()
                .filter(r -> r.name().equals("big.csv")).findFirst();
        assertTrue(d.isPresent(), () -> DIALOGS.dialogs.shown.toString());
        assertEquals(100_000, d.get().rowCount());
        System.out.printf("100k-row CSV import through the Datasets screen: %.2f s, longest UI-thread wait %.0f ms%n",
                seconds, longest.get() / 1e6);
        // Generous: the machine running the tests may be shared; a blocked UI thread would wait the whole import.
        assertTrue(longest.get() / 1e9 < Math.max(1.0, seconds / 2), "the UI thread kept answering during the import: "
                + longest.get() / 1e6 + " ms longest wait in " + seconds + " s");
    }
}
