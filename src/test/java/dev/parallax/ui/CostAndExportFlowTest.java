package dev.parallax.ui;

import dev.parallax.app.AppServices;
import dev.parallax.app.ParallaxHome;
import dev.parallax.history.HistoryDatabase;
import dev.parallax.report.ReportFixture;
import dev.parallax.ui.cost.CostViewModel;
import dev.parallax.ui.history.HistoryRow;
import dev.parallax.ui.report.ExportViewModel;
import javafx.scene.control.Button;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static dev.parallax.ui.DesktopTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Cost screen and the export window in the real window, over a history written through the repositories. */
class CostAndExportFlowTest extends FxRobot {

    @TempDir
    static Path home;

    @TempDir
    static Path out;

    private static AppServices services;
    private static MainWindow window;
    private static ReportFixture.Ids ids;
    private static final DesktopTestSupport.DialogServiceHolder DIALOGS = new DesktopTestSupport.DialogServiceHolder();
    private static final DesktopTestSupport.RecordingExit EXIT = new DesktopTestSupport.RecordingExit();

    @BeforeAll
    static void openWindow() throws Exception {
        try (HistoryDatabase db = HistoryDatabase.open(home)) {
            ids = ReportFixture.populate(db, 8, i -> "Paris, answer " + i);
        }
        java.util.Map<String, String> env = new java.util.HashMap<>(System.getenv());
        env.put("PARALLAX_KEYSTORE", "file");
        env.put("PARALLAX_KEY_PASSPHRASE", "desktop-test");
        services = new AppServices(new ParallaxHome(home), false, env);
        window = DesktopTestSupport.openWindow(services, DIALOGS, EXIT);
    }

    @AfterAll
    static void closeWindow() throws Exception {
        WaitForAsyncUtils.asyncFx(window::close).get();
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, EXIT.closed::get);
    }

    @Test
    void costScreenEstimatesAndRecomputesAsYouType() throws Exception {
        clickOn("#nav-cost");
        CostViewModel vm = window.cost();
        waitFor(30, () -> vm.clouds().size() == 1);
        waitFor(10, () -> lookup("#cost-chart").queryAs(javafx.scene.chart.LineChart.class).getData().size() == 2);
        String before = vm.clouds().get(0).monthly();
        doubleClickOn("#cost-prompts").press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL).write("2000000");
        waitFor(10, () -> !vm.clouds().isEmpty() && !vm.clouds().get(0).monthly().equals(before));
        assertTrue(vm.clouds().get(0).breakEven().startsWith("month") || vm.clouds().get(0).breakEven().startsWith("never"));
    }

    @Test
    void historySelectionExportsAReport() throws Exception {
        clickOn("#nav-history");
        waitFor(30, () -> window.history().rowsProperty().get().size() > 2
                && window.history().rowsProperty().get().get(1).loaded());
        @SuppressWarnings("unchecked")
        TableView<HistoryRow> table = lookup("#history-table").queryAs(TableView.class);
        interact(() -> table.getSelectionModel().selectRange(0, 3));
        waitFor(10, () -> window.history().selectedRunIds().size() == 3);
        DIALOGS.dialogs.saveFileToChoose = Optional.of(out.resolve("selection.html"));
        clickOn("#history-export");
        waitFor(30, () -> lookup("#export-button").tryQueryAs(Button.class).map(b -> !b.isDisabled()).orElse(false));
        clickOn("#export-button");
        waitFor(30, () -> Files.exists(out.resolve("selection.html")));
        assertTrue(Files.readString(out.resolve("selection.html")).contains("History selection"));
        closeExportWindows();

        // The same window for a comparison, as the Compare screen will open it.
        interact(() -> window.openExport(ExportViewModel.Source.comparison(ids.comparisonId())));
        waitFor(30, () -> lookup("#export-button").tryQueryAs(Button.class).map(b -> !b.isDisabled()).orElse(false));
        DIALOGS.dialogs.saveFileToChoose = Optional.of(out.resolve("comparison.pdf"));
        clickOn("#export-button");
        waitFor(30, () -> Files.exists(out.resolve("comparison.pdf")) && Files.size(out.resolve("comparison.pdf")) > 1000);
        assertEquals("%PDF-", new String(Files.readAllBytes(out.resolve("comparison.pdf")), 0, 5,
                java.nio.charset.StandardCharsets.US_ASCII));
        closeExportWindows();
    }

    private void closeExportWindows() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            for (Window w : java.util.List.copyOf(Window.getWindows())) {
                if (w instanceof Stage s && s != window.stage() && s.getTitle() != null && s.getTitle().startsWith("Export")) {
                    s.close();
                }
            }
        }).get();
        WaitForAsyncUtils.waitForFxEvents();
    }
}
