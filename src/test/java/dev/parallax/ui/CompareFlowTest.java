package dev.parallax.ui;

import dev.parallax.app.AppServices;
import dev.parallax.app.ParallaxHome;
import dev.parallax.bench.compare.Comparison;
import dev.parallax.bench.compare.TargetResult;
import dev.parallax.core.RunStatus;
import dev.parallax.core.TaskProgress;
import dev.parallax.history.ComparisonRecord;
import dev.parallax.history.RunMetrics;
import dev.parallax.models.ImportMode;
import dev.parallax.testing.FakeHttpServer;
import dev.parallax.testing.TestModels;
import dev.parallax.ui.base.Formats;
import dev.parallax.ui.compare.CompareColumn;
import dev.parallax.ui.playground.TargetChoice;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.Map;
import java.util.HashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.parallax.ui.DesktopTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Compare screen on real services, headless: a tiny local model and a cloud provider served by a fake
 * OpenAI-compatible server on 127.0.0.1, compared side by side, then reopened from the past comparisons.
 */
class CompareFlowTest extends FxRobot {

    @TempDir
    static Path home;

    private static AppServices services;
    private static MainWindow window;
    private static final DesktopTestSupport.DialogServiceHolder DIALOGS = new DesktopTestSupport.DialogServiceHolder();
    private static final DesktopTestSupport.RecordingExit EXIT = new DesktopTestSupport.RecordingExit();

    @BeforeAll
    static void openWindow() throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("PARALLAX_KEYSTORE", "file");
        env.put("PARALLAX_KEY_PASSPHRASE", "compare-test");
        services = new AppServices(new ParallaxHome(home), false, env);
        services.models().importFile(TestModels.stories260K(), ImportMode.COPY, TaskProgress.none());
        window = DesktopTestSupport.openWindow(services, DIALOGS, EXIT);
        waitFor(30, () -> !window.compare().available().isEmpty());
    }

    @AfterAll
    static void closeWindow() throws Exception {
        WaitForAsyncUtils.asyncFx(window::close).get();
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, EXIT.closed::get);
    }

    private static String sse(String delta, String finish) {
        return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"tiny-chat\",\"choices\":[{\"index\":0,"
                + "\"delta\":" + delta + ",\"finish_reason\":" + (finish == null ? "null" : "\"" + finish + "\"") + "}]}\n\n";
    }

    private String label(String id) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> lookup(id).queryAs(Label.class).getText()).get();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aLocalModelAndACloudTargetAreComparedSideBySideAndReopenedFromPastComparisons() throws Exception {
        try (FakeHttpServer server = new FakeHttpServer((req, ex) -> {
            if (req.body().contains("\"locked\"")) {
                ex.respond(401, "application/json", "{\"error\":{\"message\":\"Incorrect API key provided\","
                        + "\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}");
                return;
            }
            ex.stream(200, "text/event-stream");
            ex.send(sse("{\"role\":\"assistant\",\"content\":\"\"}", null)).pause(40);
            for (String t : new String[] {"Hello", " from", " the", " cloud"}) {
                ex.send(sse("{\"content\":\"" + t + "\"}", null)).pause(15);
            }
            ex.send(sse("{}", "stop"));
            ex.send("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":"
                    + "{\"prompt_tokens\":12,\"completion_tokens\":4,\"total_tokens\":16}}\n\n");
            ex.send("data: [DONE]\n\n").finish();
        })) {
            clickOn("#nav-settings");
            interact(() -> {
                lookup("#new-provider-name").queryAs(TextField.class).setText("fakecloud");
                lookup("#new-provider-url").queryAs(TextField.class).setText(server.url("/v1"));
                lookup("#add-provider").queryButton().fire();
            });
            waitFor(15, () -> window.providers().selectedProperty().get() != null
                    && window.providers().selectedProperty().get().name().equals("fakecloud"));
            interact(() -> {
                lookup("#provider-key").queryAs(PasswordField.class).setText("sk-compare-0042");
                lookup("#provider-store-key").queryButton().fire();
                lookup("#price-provider").queryAs(TextField.class).setText("fakecloud");
                lookup("#price-model").queryAs(TextField.class).setText("tiny-chat");
                lookup("#price-input").queryAs(TextField.class).setText("2");
                lookup("#price-output").queryAs(TextField.class).setText("10");
                lookup("#price-save").queryButton().fire();
            });
            waitFor(15, () -> window.compare().available().stream()
                    .anyMatch(c -> c.target().toString().equals("fakecloud:tiny-chat")));

            clickOn("#nav-compare");
            String localName = TestModels.stories260K().getFileName().toString().replace(".gguf", "");
            interact(() -> {
                var p = window.compare().parameters();
                p.maxTokensProperty().set(24);
                p.threadsProperty().set(2);
                p.seedProperty().set("42");
                var picker = (ComboBox<TargetChoice>) lookup("#compare-target").query();
                for (String typed : new String[] {localName, "fakecloud:tiny-chat", "fakecloud:locked"}) {
                    picker.getEditor().setText(typed);
                    lookup("#compare-add").queryButton().fire();
                }
            });
            assertEquals(3, window.compare().chosen().size(), "three chips");
            assertEquals(3, lookup(".compare-chip").queryAll().size());
            AtomicInteger localChanges = new AtomicInteger();
            clickOn("#compare-prompt").write("Once upon a time");
            clickOn("#compare-run");
            waitFor(10, () -> window.compare().columns().size() == 3);
            interact(() -> window.compare().columns().get(0).outputProperty()
                    .addListener((o, a, b) -> localChanges.incrementAndGet()));
            assertTrue(lookup("#column-0").tryQuery().isPresent() && lookup("#column-2").tryQuery().isPresent());

            waitFor(120, () -> !window.compare().isRunning() && window.compare().lastComparisonProperty().get() != null);
            Comparison c = window.compare().lastComparisonProperty().get();
            TargetResult local = c.targets().get(0);
            TargetResult cloud = c.targets().get(1);
            RunMetrics localRun = local.runs().get(0);
            RunMetrics cloudRun = cloud.runs().get(0);
            assertEquals(RunStatus.COMPLETED, localRun.status(), () -> localRun.error().orElse(""));
            assertEquals(RunStatus.COMPLETED, cloudRun.status(), () -> cloudRun.error().orElse(""));
            assertTrue(localChanges.get() <= localRun.completionTokens() + 2,
                    "tokens reach the column in batches: " + localChanges.get() + " changes for "
                            + localRun.completionTokens() + " tokens");

            assertEquals("Completed", label("#column-0-status"));
            assertEquals("Completed", label("#column-1-status"));
            assertEquals(Formats.millis(localRun.ttftMs()), label("#column-0-ttft"));
            assertNotEquals(Formats.NONE, label("#column-0-ttft"));
            assertEquals(Formats.rate(localRun.tokensPerSecond()).replace(" tok/s", ""), label("#column-0-tps"));
            assertEquals(Formats.millis(cloudRun.ttftMs()), label("#column-1-ttft"));
            assertEquals("4", label("#column-1-tokens"));
            // 12 × $2/1M + 4 × $10/1M
            assertEquals(Formats.usd(new java.math.BigDecimal("0.000064")), label("#column-1-cost"));
            assertEquals("Hello from the cloud", cloud.answer());

            assertEquals(CompareColumn.State.FAILED, window.compare().columns().get(2).stateProperty().get());
            String error = WaitForAsyncUtils.asyncFx(() -> lookup("#column-2-error")
                    .queryAs(atlantafx.base.controls.Message.class).getDescription()).get();
            assertTrue(error.contains("401") || error.toLowerCase().contains("key"), error);
            assertFalse(c.winners().isEmpty());
            assertTrue(lookup(".compare-badge").queryAll().size() >= 2, "fastest first token and fastest total");

            ListView<ComparisonRecord> past = lookup("#past-comparisons").queryAs(ListView.class);
            waitFor(15, () -> past.getItems().size() == 1);
            interact(() -> {
                window.compare().promptProperty().set("");
                window.compare().chosen().clear();
                past.getSelectionModel().select(0);
            });
            clickOn("#past-open");
            waitFor(15, () -> window.compare().reopenedProperty().get());
            assertEquals("Once upon a time", window.compare().promptProperty().get());
            assertEquals(3, window.compare().chosen().size());
            assertEquals("Completed", label("#column-0-status"));
            assertEquals(Formats.millis(localRun.ttftMs()), label("#column-0-ttft"));
            assertEquals(Formats.usd(new java.math.BigDecimal("0.000064")), label("#column-1-cost"));
            assertEquals(localRun.output(), window.compare().columns().get(0).outputProperty().get());
            assertTrue(label("#compare-status").contains("read-only"), label("#compare-status"));
            assertEquals(c.id(), window.compare().currentComparisonId().orElseThrow());
            assertTrue(DIALOGS.dialogs.ofKind("error").isEmpty(), () -> DIALOGS.dialogs.shown.toString());
        }
    }
}
