package dev.parallax.ui;

import dev.parallax.app.AppServices;
import dev.parallax.app.ParallaxHome;
import dev.parallax.core.RunResult;
import dev.parallax.core.RunStatus;
import dev.parallax.core.TaskProgress;
import dev.parallax.models.ImportMode;
import dev.parallax.testing.FakeHttpServer;
import dev.parallax.testing.TestModels;
import dev.parallax.ui.base.Formats;
import dev.parallax.ui.models.ModelsViewModel;
import dev.parallax.ui.shell.Page;
import javafx.scene.control.Label;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import dev.parallax.ui.history.HistoryRow;
import javafx.scene.control.TextArea;
import javafx.scene.layout.VBox;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.parallax.ui.DesktopTestSupport.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The desktop window on real services (H2, model store, the java-llama.cpp worker) in a temporary
 * home, driven through its controls, headless under Monocle. One window for the class: the flows
 * build on each other as a user's session would.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DesktopFlowsTest extends FxRobot {

    @TempDir
    static Path home;

    private static AppServices services;
    private static MainWindow window;
    private static final DesktopTestSupport.DialogServiceHolder DIALOGS = new DesktopTestSupport.DialogServiceHolder();
    private static final DesktopTestSupport.RecordingExit EXIT = new DesktopTestSupport.RecordingExit();
    /** The built-in openai preset, pointed here: a cloud provider as far as the privacy gate is concerned. */
    private static dev.parallax.testing.CountingOpenAiServer counting;

    @BeforeAll
    static void openWindow() throws Exception {
        java.util.Map<String, String> env = new java.util.HashMap<>(System.getenv());
        env.put("PARALLAX_KEYSTORE", "file");
        env.put("PARALLAX_KEY_PASSPHRASE", "desktop-test");
        counting = new dev.parallax.testing.CountingOpenAiServer();
        env.put("OPENAI_BASE_URL", counting.baseUrl());
        env.put("OPENAI_API_KEY", "sk-test-0000000000000000000000");
        services = new AppServices(new ParallaxHome(home), false, env);
        services.models().importFile(TestModels.stories260K(), ImportMode.COPY, TaskProgress.none());
        window = DesktopTestSupport.openWindow(services, DIALOGS, EXIT);
        waitFor(30, () -> window.playground().targetProperty().get() != null);
    }

    @AfterAll
    static void closeWindow() throws Exception {
        WaitForAsyncUtils.asyncFx(window::close).get();
        WaitForAsyncUtils.waitFor(15, java.util.concurrent.TimeUnit.SECONDS, EXIT.closed::get);
        assertEquals(1, EXIT.closing.get());
        counting.close();
    }

    private static String text(String query) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
            var node = new FxRobot().lookup(query).query();
            return node instanceof Label l ? l.getText() : ((TextArea) node).getText();
        }).get();
    }

    @Test
    @Order(1)
    void aPlaygroundRunStreamsTheAnswerAndFillsTheMetrics() throws Exception {
        AtomicBoolean grewWhileRunning = new AtomicBoolean();
        AtomicInteger outputChanges = new AtomicInteger();
        interact(() -> {
            window.playground().outputProperty().addListener((o, a, b) -> {
                outputChanges.incrementAndGet();
                if (window.playground().isRunning() && !b.isEmpty()) {
                    grewWhileRunning.set(true);
                }
            });
            var p = window.playground().parameters();
            p.maxTokensProperty().set(48);
            p.threadsProperty().set(2);
            p.seedProperty().set("42");
        });
        clickOn("#prompt").write("Once upon a time");
        press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);

        waitFor(90, () -> window.playground().lastResultProperty().get() != null);
        RunResult result = window.playground().lastResultProperty().get();
        assertEquals(RunStatus.COMPLETED, result.status(), () -> result.error().orElse(""));
        assertFalse(result.text().isBlank());
        assertTrue(grewWhileRunning.get(), "the answer appeared while the run was going");
        assertTrue(outputChanges.get() <= result.usage().completionTokens() + 1,
                "tokens reach the screen in batches: " + outputChanges.get() + " changes for "
                        + result.usage().completionTokens() + " tokens");

        assertEquals(result.text(), text("#answer-text"));
        assertEquals("Completed", text("#run-status"));
        assertEquals(Formats.millis(result.timings().ttftMs()), text("#metric-ttft"));
        assertEquals(Formats.rate(result.timings().completionTokensPerSecond()).replace(" tok/s", ""), text("#metric-tps"));
        assertEquals(Formats.count(result.usage().promptTokens()), text("#metric-prompt-tokens"));
        assertEquals(Formats.count(result.usage().completionTokens()), text("#metric-completion-tokens"));
        assertEquals(Formats.millis(result.timings().totalMs()), text("#metric-elapsed"));
        assertNotEquals(Formats.NONE, text("#metric-tps"), () -> "no tokens/s: engine " + result.model().engine()
                + ", notice " + window.playground().noticeProperty().get() + ", usage " + result.usage()
                + ", timings " + result.timings() + ", text " + result.text());
        // The shared stories260K.gguf, or the fixture's own tiny model on a clone without ../shared.
        String modelFile = TestModels.stories260K().getFileName().toString();
        waitFor(10, () -> window.shell().loadedModelProperty().get().equals(modelFile));
    }

    @Test
    @Order(2)
    void stopCancelsARunningGeneration() throws Exception {
        interact(() -> {
            var p = window.playground().parameters();
            p.maxTokensProperty().set(4000);
            p.contextSizeProperty().set(4096);
        });
        clickOn("#run");
        waitFor(60, () -> window.playground().isRunning() && !window.playground().outputProperty().get().isEmpty());
        waitFor(10, () -> window.shell().engineStateProperty().get().equals("Generating"));
        clickOn("#stop");
        waitFor(30, () -> !window.playground().isRunning());
        RunResult result = window.playground().lastResultProperty().get();
        assertEquals(RunStatus.CANCELLED, result.status());
        assertTrue(result.usage().completionTokens() < 4000);
        assertEquals("Cancelled", text("#run-status"));
        assertTrue(lookup("#notice").query().isVisible());
        assertEquals(RunStatus.CANCELLED, services.runs().find(result.runId()).orElseThrow().status());
    }

    @Test
    @Order(3)
    @SuppressWarnings("unchecked")
    void historyShowsTheRunsAndTheirDetails() throws Exception {
        clickOn("#nav-history");
        TableView<?> table = lookup("#history-table").queryAs(TableView.class);
        waitFor(20, () -> table.getItems().size() == 2 && ((HistoryRow) table.getItems().get(1)).loaded());
        assertEquals("2 runs", text("#history-summary"));
        clickOn(lookup(".table-row-cell").match((TableRow<?> r) -> r.getIndex() == 1 && !r.isEmpty()
                && r.getTableView() == table).queryAs(TableRow.class));
        waitFor(10, () -> window.history().detailsProperty().get() != null);
        assertEquals(RunStatus.COMPLETED, window.history().detailsProperty().get().status());
        assertEquals("Once upon a time", text("#details-prompt"));
        assertEquals(window.history().detailsProperty().get().output(), text("#details-output"));

        interact(() -> window.playground().promptProperty().set(""));
        clickOn("#history-open");
        assertEquals(Page.PLAYGROUND, window.shell().pageProperty().get());
        assertEquals("Once upon a time", window.playground().promptProperty().get());
        assertEquals(48, window.playground().parameters().maxTokensProperty().get());
    }

    @Test
    @Order(4)
    void droppingAGgufAnywhereImportsIt() throws Exception {
        Path drop = home.resolve("incoming").resolve("dropped-model.gguf");
        Files.createDirectories(drop.getParent());
        // Another model than the one imported at the start: the same bytes again would be found, not imported.
        Files.copy(TestModels.generatedModelWithoutByteFallback(), drop);
        DesktopTestSupport.dropFiles(window.stage().getScene().getRoot(), List.of(drop));
        assertEquals(Page.MODELS, window.shell().pageProperty().get());
        waitFor(30, () -> window.models().rows().stream().anyMatch(r -> r.model().name().equals("dropped-model")));
        TableView<?> table = lookup("#models-table").queryAs(TableView.class);
        waitFor(10, () -> table.getItems().size() == 2);
        assertTrue(Files.isRegularFile(services.models().root().resolve("imported").resolve("dropped-model.gguf")));
        waitFor(10, () -> window.playground().targets().stream().filter(c -> c.target().isLocal()).count() == 2);
        waitFor(10, () -> !window.models().metadata().isEmpty());
    }

    @Test
    @Order(5)
    void droppingAnotherFileSaysWhatParallaxImports() throws Exception {
        // Neither a model nor a dataset (a .txt file would go to Datasets as one prompt a line).
        Path notes = home.resolve("incoming").resolve("notes.docx");
        Files.writeString(notes, "not a model");
        int before = DIALOGS.dialogs.ofKind("error").size();
        DesktopTestSupport.dropFiles(lookup("#answer-text").tryQuery().orElse(window.stage().getScene().getRoot()), List.of(notes));
        waitFor(10, () -> DIALOGS.dialogs.ofKind("error").size() == before + 1);
        var error = DIALOGS.dialogs.ofKind("error").get(before);
        assertEquals("Not a GGUF model", error.title());
        assertTrue(error.message().contains("“notes.docx” is not a GGUF model file"), error.message());
        assertFalse(ModelsViewModel.isGgufFile(notes));
    }

    private static String sse(String delta, String finish) {
        return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"tiny-chat\",\"choices\":[{\"index\":0,"
                + "\"delta\":" + delta + ",\"finish_reason\":" + (finish == null ? "null" : "\"" + finish + "\"") + "}]}\n\n";
    }

    @Test
    @Order(6)
    @SuppressWarnings("unchecked")
    void aCloudProviderAddedInSettingsRunsFromThePlaygroundWithItsCost() throws Exception {
        try (FakeHttpServer server = new FakeHttpServer((req, ex) -> {
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
                lookup("#new-provider-name").queryAs(javafx.scene.control.TextField.class).setText("fakecloud");
                lookup("#new-provider-url").queryAs(javafx.scene.control.TextField.class).setText(server.url("/v1"));
                lookup("#add-provider").queryButton().fire();
            });
            waitFor(15, () -> window.providers().selectedProperty().get() != null
                    && window.providers().selectedProperty().get().name().equals("fakecloud"));
            assertEquals("none (optional)", window.providers().selectedProperty().get().key());
            interact(() -> {
                lookup("#provider-key").queryAs(javafx.scene.control.PasswordField.class).setText("sk-desktop-0042");
                lookup("#provider-store-key").queryButton().fire();
                lookup("#price-provider").queryAs(javafx.scene.control.TextField.class).setText("fakecloud");
                lookup("#price-model").queryAs(javafx.scene.control.TextField.class).setText("tiny-chat");
                lookup("#price-input").queryAs(javafx.scene.control.TextField.class).setText("2");
                lookup("#price-output").queryAs(javafx.scene.control.TextField.class).setText("10");
                lookup("#price-save").queryButton().fire();
            });
            waitFor(15, () -> window.playground().targets().stream()
                    .anyMatch(c -> c.target().toString().equals("fakecloud:tiny-chat")));
            assertTrue(services.keyStore().has("fakecloud"));
            assertEquals("", lookup("#provider-key").queryAs(javafx.scene.control.PasswordField.class).getText());

            clickOn("#nav-playground");
            interact(() -> {
                var target = (javafx.scene.control.ComboBox<dev.parallax.ui.playground.TargetChoice>) lookup("#target").query();
                target.getEditor().setText("fakecloud:tiny-chat");
                target.commitValue();
                window.playground().promptProperty().set("Say hello");
            });
            assertEquals("fakecloud:tiny-chat", window.playground().targetProperty().get().target().toString());
            assertTrue(lookup("#engine").query().isDisabled(), "the engine choice is for local models");
            clickOn("#run");
            try {
                waitFor(30, () -> !window.playground().isRunning() && window.playground().lastResultProperty().get() != null
                        && window.playground().lastResultProperty().get().spec().target().provider().equals("fakecloud"));
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("no cloud result: " + window.playground().statusProperty().get() + " / "
                        + window.playground().noticeProperty().get() + " / " + server.requests() + " / " + server.failures(), e);
            }
            RunResult result = window.playground().lastResultProperty().get();
            assertEquals(RunStatus.COMPLETED, result.status(), () -> result.error().orElse(""));
            assertEquals("Hello from the cloud", text("#answer-text"));
            assertEquals("Bearer sk-desktop-0042", server.requests().get(0).header("authorization"));
            assertEquals(Formats.millis(result.timings().ttftMs()), text("#metric-ttft"));
            assertNotEquals(Formats.NONE, text("#metric-ttft"));
            assertEquals(Formats.rate(result.timings().completionTokensPerSecond()).replace(" tok/s", ""), text("#metric-tps"));
            assertEquals("12", text("#metric-prompt-tokens"));
            assertEquals("4", text("#metric-completion-tokens"));
            // 12 × $2/1M + 4 × $10/1M
            assertEquals(0, new java.math.BigDecimal("0.000064").compareTo(result.cost().orElseThrow().usd()));
            String cost = Formats.usd(result.cost().orElseThrow().usd());
            assertEquals(cost, text("#metric-cost"));
            assertEquals("Cost · exact", text("#metric-cost-basis"));

            clickOn("#nav-history");
            TableView<?> table = lookup("#history-table").queryAs(TableView.class);
            waitFor(20, () -> table.getItems().stream().anyMatch(r -> ((HistoryRow) r).loaded()
                    && ((HistoryRow) r).cost().equals(cost)));
        }
    }

    @Test
    @Order(7)
    void thePrivacyChipShowsAnEmailInThePromptBeforeItIsSent() throws Exception {
        clickOn("#nav-playground");
        interact(() -> window.playground().promptProperty().set("Reply to jane.doe@example.com today"));
        waitFor(20, () -> lookup("#privacy-chip").queryButton().isVisible()
                && lookup("#privacy-chip").queryButton().getText().contains("1 finding: email"));
        assertTrue(lookup("#privacy-chip").queryButton().getText().contains("fakecloud"),
                lookup("#privacy-chip").queryButton().getText());
        clickOn("#privacy-chip");
        waitFor(10, () -> lookup("#privacy-spans").tryQuery().isPresent());
        assertTrue(lookup(".privacy-span").queryAs(Label.class).getText().equals("jane.doe@example.com"));
        press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
    }

    @Test
    @Order(8)
    @SuppressWarnings("unchecked")
    void aFindingMarkedNotSensitiveIsSentAsWrittenAndTheAuditSaysItWasDismissed() throws Exception {
        dev.parallax.testing.CountingOpenAiServer server = counting;
        {
            clickOn("#nav-settings");
            waitFor(20, () -> lookup("#privacy-provider-openai").tryQuery().isPresent());
            interact(() -> {
                var policy = (javafx.scene.control.ComboBox<java.util.Optional<dev.parallax.privacy.PrivacyAction>>)
                        lookup("#privacy-provider-openai").query();
                policy.setValue(java.util.Optional.of(dev.parallax.privacy.PrivacyAction.REDACT));
                lookup("#privacy-save").queryButton().fire();
            });
            waitFor(15, () -> services.privacy().settings().policy().providers().get("openai")
                    == dev.parallax.privacy.PrivacyAction.REDACT);

            clickOn("#nav-playground");
            interact(() -> {
                var target = (javafx.scene.control.ComboBox<dev.parallax.ui.playground.TargetChoice>) lookup("#target").query();
                target.getEditor().setText("openai:gpt-4o-mini");
                target.commitValue();
            });
            interact(() -> window.playground().promptProperty().set(""));
            clickOn("#prompt").write("Please ask jane.doe@example.com for the slides");
            try {
                waitFor(20, () -> lookup("#privacy-chip").queryButton().getText()
                        .equals("Privacy: 1 finding: email · sent redacted to openai"));
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("chip: " + lookup("#privacy-chip").queryButton().getText() + " / target "
                        + window.playground().targetProperty().get() + " / prompt " + window.playground().promptProperty().get(), e);
            }
            clickOn("#privacy-chip");
            waitFor(10, () -> lookup("#dismiss-finding-0").tryQuery().isPresent());
            clickOn("#dismiss-finding-0");
            waitFor(20, () -> lookup("#privacy-chip").queryButton().getText()
                    .equals("Privacy: nothing found (1 dismissed) · sent as is to openai"));
            assertEquals(0, server.connections(), "nothing leaves before the run");

            clickOn("#run");
            waitFor(30, () -> !window.playground().isRunning() && window.playground().lastResultProperty().get() != null
                    && window.playground().lastResultProperty().get().spec().target().provider().equals("openai"));
            assertEquals(RunStatus.COMPLETED, window.playground().lastResultProperty().get().status());
            assertEquals(1, server.connections());
            assertTrue(server.received().contains("jane.doe@example.com"), "sent as written, as the user chose");
            assertEquals("Sent as written", window.playground().noticeProperty().get().title());

            clickOn("#nav-audit");
            TableView<dev.parallax.ui.audit.AuditRow> table = lookup("#audit-table").queryAs(TableView.class);
            waitFor(20, () -> table.getItems().stream().anyMatch(r -> r.requested().equals("openai:gpt-4o-mini")));
            dev.parallax.ui.audit.AuditRow row = table.getItems().stream()
                    .filter(r -> r.requested().equals("openai:gpt-4o-mini")).findFirst().orElseThrow();
            assertEquals("allow", row.decision());
            assertEquals("dismissed_by_user", row.rule());
            assertEquals(1, row.dismissed());
            interact(() -> {
                var provider = (javafx.scene.control.ComboBox<String>) lookup("#audit-provider").query();
                provider.setValue("openai");
            });
            assertEquals(1, table.getItems().size());
            clickOn(lookup(".table-row-cell").match((TableRow<?> r) -> r.getIndex() == 0 && !r.isEmpty())
                    .queryAs(TableRow.class));
            waitFor(10, () -> text("#audit-details").contains("dismissed by the user"));
            assertFalse(text("#audit-details").contains("jane.doe"), text("#audit-details"));
        }
    }
    @Test
    @Order(9)
    void aFollowUpGoesOnWithTheConversationAndANewOneForgetsIt() throws Exception {
        clickOn("#nav-playground");
        interact(() -> {
            var vm = window.playground();
            String stories = TestModels.stories260K().getFileName().toString().replace(".gguf", "");
            vm.targetProperty().set(vm.targets().stream().filter(c -> c.label().equals(stories)).findFirst().orElseThrow());
            vm.parameters().modeProperty().set(dev.parallax.core.PromptMode.CHAT);
            vm.parameters().maxTokensProperty().set(12);
            vm.parameters().seedProperty().set("42");
            vm.systemPromptProperty().set("");
            vm.promptProperty().set("");
        });
        clickOn("#prompt").write("Tell me about a cat");
        press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
        waitFor(90, () -> !window.playground().isRunning() && lookup("#follow-up").tryQuery().map(n -> n.isVisible()).orElse(false));
        RunResult first = window.playground().lastResultProperty().get();
        assertEquals(RunStatus.COMPLETED, first.status(), () -> first.error().orElse(""));
        assertFalse(lookup("#conversation").query().isVisible(), "no earlier turns before a follow-up");

        clickOn("#follow-up");
        assertTrue(lookup("#conversation").query().isVisible());
        assertEquals("", text("#prompt"));
        assertEquals("", window.playground().outputProperty().get());
        assertTrue(lookup("#new-conversation").query().isVisible());
        VBox turns = lookup("#conversation-turns").queryAs(VBox.class);
        assertEquals(2, turns.getChildren().size(), "the prompt and its answer");

        write("What was its name?");
        press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
        waitFor(90, () -> window.playground().lastResultProperty().get() != first && !window.playground().isRunning());
        RunResult second = window.playground().lastResultProperty().get();
        assertEquals(RunStatus.COMPLETED, second.status(), () -> second.error().orElse(""));
        assertEquals(java.util.List.of(dev.parallax.core.ChatMessage.user("Tell me about a cat"),
                dev.parallax.core.ChatMessage.assistant(first.text()), dev.parallax.core.ChatMessage.user("What was its name?")),
                services.runs().find(second.runId()).orElseThrow().messages(), "the stored run carries the conversation");
        assertTrue(second.usage().promptTokens() > first.usage().promptTokens(), "the model read the earlier turn");

        clickOn("#new-conversation");
        assertFalse(lookup("#conversation").query().isVisible());
        assertTrue(window.playground().conversation().isEmpty());
        assertEquals("", text("#prompt"));
    }
}
