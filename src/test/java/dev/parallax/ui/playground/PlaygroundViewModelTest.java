package dev.parallax.ui.playground;

import dev.parallax.core.ChatMessage;
import dev.parallax.core.EngineTimings;
import dev.parallax.core.GenerationParams;
import dev.parallax.core.HostFacts;
import dev.parallax.core.PromptMode;
import dev.parallax.core.RunEvent;
import dev.parallax.core.RunListener;
import dev.parallax.core.RunResult;
import dev.parallax.core.RunSpec;
import dev.parallax.core.RunStatus;
import dev.parallax.core.TaskProgress;
import dev.parallax.core.Usage;
import dev.parallax.core.UsageBasis;
import dev.parallax.engine.local.LocalEngines;
import dev.parallax.engine.Engine;
import dev.parallax.engine.RunHandle;
import dev.parallax.history.HistoryDatabase;
import dev.parallax.history.RunRepository;
import dev.parallax.models.ImportMode;
import dev.parallax.models.ModelStore;
import dev.parallax.route.RunService;
import dev.parallax.testing.TestModels;
import dev.parallax.ui.FakeDialogService;
import dev.parallax.ui.base.CurrentThreadTaskExecutor;
import dev.parallax.ui.base.Formats;
import dev.parallax.ui.base.UiThread;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Playground's view-model without the JavaFX toolkit: the real run path (RunService, history) over
 * an engine the test drives event by event.
 */
class PlaygroundViewModelTest {

    /** An engine that emits exactly what the test tells it to. */
    static final class ScriptedEngine implements Engine {
        volatile RunListener listener;
        volatile RunSpec spec;
        volatile boolean cancelled;

        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public RunHandle stream(RunSpec spec, RunListener listener) {
            this.spec = spec;
            this.listener = listener;
            return new RunHandle() {
                @Override
                public void cancel() {
                    cancelled = true;
                    emit(new RunEvent.Cancelled(System.nanoTime()));
                }

                @Override
                public boolean await(Duration timeout) {
                    return true;
                }

                @Override
                public void await() {
                }
            };
        }

        void emit(RunEvent e) {
            listener.onEvent(e);
        }

        @Override
        public void close() {
        }
    }

    @TempDir
    Path home;

    private HistoryDatabase db;
    private RunRepository history;
    private ScriptedEngine engine;
    private FakeDialogService dialogs;
    private PlaygroundViewModel vm;
    private ModelStore store;

    @BeforeEach
    void setUp() throws Exception {
        store = new ModelStore(home.resolve("models"));
        store.importFile(TestModels.generatedTinyModel(), ImportMode.COPY, TaskProgress.none());
        db = HistoryDatabase.open(home);
        history = new RunRepository(db);
        engine = new ScriptedEngine();
        RunService runs = new RunService(store, LocalEngines.only(engine), history, new HostFacts("cpu", 2, 1L << 30, "os", "test"),
                Clock.systemUTC());
        dialogs = new FakeDialogService();
        vm = new PlaygroundViewModel(() -> runs, new CurrentThreadTaskExecutor(), UiThread.direct(), dialogs,
                new ParametersViewModel(GenerationParams.defaults(), PromptMode.AUTO));
        vm.setModels(store.list());
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private void startRun(String prompt) {
        vm.promptProperty().set(prompt);
        assertTrue(vm.canRunBinding().get());
        vm.run();
        assertTrue(vm.isRunning());
    }

    @Test
    void importedModelsArePickableAndTheFirstIsChosen() {
        assertEquals(1, vm.targets().size());
        assertEquals("local:tiny-llama", vm.targetProperty().get().target().toString());
        assertTrue(vm.targetProperty().get().detail().contains("llama"), vm.targetProperty().get().detail());
    }

    @Test
    void firstStepsShowOnlyWithoutAModelATargetOrAnAnswer() {
        vm.setModels(List.of());
        vm.targetProperty().set(null);
        assertFalse(vm.gettingStartedBinding().get(), "not while the model folder has not been read");
        vm.noLocalModelsProperty().set(true);
        assertTrue(vm.gettingStartedBinding().get());

        vm.targetProperty().set(vm.resolve("openai:gpt-4o-mini"));
        assertFalse(vm.gettingStartedBinding().get(), "a typed cloud target is a way to start");
        vm.targetProperty().set(null);
        assertTrue(vm.gettingStartedBinding().get());

        vm.noLocalModelsProperty().set(false);
        assertFalse(vm.gettingStartedBinding().get(), "a model was imported or downloaded");
    }

    @Test
    void tokensReachTheScreenInPacedBatchesAndFinalFiguresComeFromTheResult() {
        List<String> outputChanges = new java.util.ArrayList<>();
        vm.outputProperty().addListener((o, a, b) -> outputChanges.add(b));
        startRun("Once upon a time");
        assertEquals("Starting…", vm.statusProperty().get());
        assertEquals(PromptMode.RAW, engine.spec.mode(), "auto picks raw for a model without a chat template");

        long t = System.nanoTime();
        engine.emit(new RunEvent.Started(t, "scripted", "b1"));
        engine.emit(new RunEvent.Token(t + 5_000_000, "Once"));
        engine.emit(new RunEvent.Token(t + 6_000_000, " there"));
        engine.emit(new RunEvent.Token(t + 7_000_000, " was"));
        assertEquals("", vm.outputProperty().get(), "nothing reaches the screen between frames");

        vm.onFrame(nextFrame());
        assertEquals("Once there was", vm.outputProperty().get());
        assertEquals(1, outputChanges.size(), "one batch, one change");
        assertEquals("Generating…", vm.statusProperty().get());
        assertEquals("3", vm.completionTokensProperty().get());
        assertEquals(Formats.rate(2 * 1e9 / 2_000_000), vm.tokensPerSecondProperty().get(), "live estimate");

        long shown = frameClock;
        engine.emit(new RunEvent.Token(t + 8_000_000, " a"));
        vm.onFrame(shown + 16_000_000);
        vm.onFrame(shown + 99_000_000);
        assertEquals("Once there was", vm.outputProperty().get(), "after the first batch, at most ten updates a second");
        vm.onFrame(shown + 100_000_000);
        assertEquals("Once there was a", vm.outputProperty().get());
        assertEquals(2, outputChanges.size());

        engine.emit(new RunEvent.UsageReported(t + 9_000_000, new Usage(4, 4, UsageBasis.EXACT),
                Optional.of(new EngineTimings(4, 1.0, 4, 3.0))));
        engine.emit(new RunEvent.Completed(t + 9_000_000, "eos"));

        RunResult result = vm.lastResultProperty().get();
        assertFalse(vm.isRunning());
        assertEquals(RunStatus.COMPLETED, result.status());
        assertEquals("Once there was a", vm.outputProperty().get());
        assertEquals("Completed", vm.statusProperty().get());
        assertEquals(Formats.millis(result.timings().ttftMs()), vm.ttftProperty().get());
        assertEquals(Formats.rate(result.timings().completionTokensPerSecond()), vm.tokensPerSecondProperty().get());
        assertEquals("4", vm.promptTokensProperty().get());
        assertEquals("4", vm.completionTokensProperty().get());
        assertEquals(Formats.millis(result.timings().totalMs()), vm.elapsedProperty().get());
        Notice engineNote = vm.noticeProperty().get();
        assertEquals(Notice.Severity.INFO, engineNote.severity(), "only the engine's note, no warning");
        assertEquals("Engine", engineNote.title());
        assertEquals(RunStatus.COMPLETED, history.find(result.runId()).orElseThrow().status());
    }

    @Test
    void anEngineFailureShowsItsMessageInPlace() {
        startRun("hello");
        engine.emit(new RunEvent.Started(System.nanoTime(), "scripted", ""));
        engine.emit(new RunEvent.Failed(System.nanoTime(), "the local engine's worker process ended unexpectedly (exit code 134)"));
        Notice n = vm.noticeProperty().get();
        assertEquals(Notice.Severity.DANGER, n.severity());
        assertEquals("The run failed", n.title());
        assertEquals("The local engine's worker process ended unexpectedly (exit code 134)", n.text());
        assertEquals("Failed", vm.statusProperty().get());
        assertFalse(vm.isRunning());
    }

    @Test
    void stopCancelsTheRunAndKeepsThePartialAnswer() throws Exception {
        startRun("hello");
        engine.emit(new RunEvent.Token(System.nanoTime(), "partial"));
        vm.onFrame(nextFrame());
        vm.stop();
        assertTrue(engine.cancelled);
        assertEquals("Cancelled", vm.statusProperty().get());
        assertEquals("partial", vm.outputProperty().get());
        assertEquals(Notice.Severity.WARNING, vm.noticeProperty().get().severity());
        assertEquals(RunStatus.CANCELLED, history.find(vm.lastResultProperty().get().runId()).orElseThrow().status());
    }

    @Test
    void shutdownCancelsAndWaitsForTheSavedResult() throws Exception {
        startRun("hello");
        var ended = vm.stopForShutdown();
        ended.get(5, TimeUnit.SECONDS);
        assertEquals(RunStatus.CANCELLED, history.find(vm.lastResultProperty().get().runId()).orElseThrow().status());
        assertTrue(vm.stopForShutdown().isDone(), "nothing to wait for without a run");
    }

    @Test
    void aMissingModelFileIsRejectedWithTheStoresMessage() throws Exception {
        Path gone = home.resolve("gone.gguf");
        Files.copy(TestModels.generatedTinyModel(), gone);
        dialogs.filesToChoose = List.of(gone);
        vm.browse();
        assertEquals("gone.gguf", vm.targetProperty().get().label());
        Files.delete(gone);
        vm.promptProperty().set("hello");
        vm.run();
        assertFalse(vm.isRunning());
        Notice n = vm.noticeProperty().get();
        assertEquals("Cannot run this model", n.title());
        assertTrue(n.text().startsWith("Model file not found"), n.text());
    }

    @Test
    void anInvalidGgufIsRejectedBeforeTheEngine() throws Exception {
        Path bad = home.resolve("bad.gguf");
        Files.writeString(bad, "not a model");
        dialogs.filesToChoose = List.of(bad);
        vm.browse();
        vm.promptProperty().set("hello");
        vm.run();
        assertNull(engine.listener, "the engine never saw it");
        assertTrue(vm.noticeProperty().get().text().contains("is not a valid GGUF model"), vm.noticeProperty().get().text());
    }

    @Test
    void wrongParametersAreReportedWithoutStarting() {
        vm.parameters().seedProperty().set("twelve");
        vm.promptProperty().set("hello");
        vm.run();
        assertFalse(vm.isRunning());
        assertEquals("Check the parameters", vm.noticeProperty().get().title());
        assertEquals("Seed must be a whole number (-1 for a random seed), not 'twelve'", vm.noticeProperty().get().text());
    }

    @Test
    void aStoredRunComesBackWithItsPromptsAndParameters() {
        startRun("first prompt");
        engine.emit(new RunEvent.Completed(System.nanoTime(), "eos"));
        var record = history.find(vm.lastResultProperty().get().runId()).orElseThrow();
        vm.promptProperty().set("");
        vm.parameters().maxTokensProperty().set(7);
        vm.load(record);
        assertEquals("first prompt", vm.promptProperty().get());
        assertEquals(256, vm.parameters().maxTokensProperty().get());
        assertEquals(PromptMode.RAW, vm.parameters().modeValue(), "the mode the run really used");
    }

    @Test
    void cloudSuggestionsThatArriveFirstDoNotKeepTheDefaultOffThisMachine() throws Exception {
        PlaygroundViewModel fresh = new PlaygroundViewModel(() -> null, new CurrentThreadTaskExecutor(), UiThread.direct(),
                dialogs, new ParametersViewModel(GenerationParams.defaults(), PromptMode.AUTO));
        fresh.setCloudTargets(List.of(dev.parallax.core.Target.parse("openai:gpt-4o-mini")));
        assertEquals("openai:gpt-4o-mini", fresh.targetProperty().get().target().toString(), "the only target there is");
        fresh.setModels(store.list());
        assertEquals("local:tiny-llama", fresh.targetProperty().get().target().toString(),
                "nobody chose the cloud target: the default becomes this machine's model");

        fresh.targetProperty().set(fresh.resolve("openai:gpt-4o-mini"));
        fresh.setModels(store.list());
        assertEquals("openai:gpt-4o-mini", fresh.targetProperty().get().target().toString(), "a choice the user made stays");
    }

    @Test
    void aTypedProviderModelIsACloudTargetAndAnUnknownCostSaysSo() throws Exception {
        vm.setCloudTargets(List.of(dev.parallax.core.Target.parse("openai:gpt-4o-mini")));
        assertEquals(2, vm.targets().size());
        assertTrue(vm.localTargetBinding().get());
        vm.parameters().modeProperty().set(PromptMode.RAW);
        TargetChoice typed = vm.resolve("mylab:qwen3:8b");
        assertEquals("mylab", typed.target().provider());
        assertEquals("qwen3:8b", typed.target().model());
        vm.targetProperty().set(typed);
        assertFalse(vm.localTargetBinding().get());
        assertEquals(PromptMode.AUTO, vm.parameters().modeProperty().get(), "cloud APIs take chat only");
        vm.setModels(store.list());
        assertEquals(typed, vm.targetProperty().get(), "a typed cloud target survives a model refresh");
        assertEquals("tiny-llama", vm.resolve("tiny-llama").label());
        assertEquals(typed, vm.resolve(":nothing"));
        assertEquals("Not a target", vm.noticeProperty().get().title());

        vm.targetProperty().set(vm.resolve("tiny-llama"));
        startRun("hello");
        engine.emit(new RunEvent.Token(System.nanoTime(), "hi"));
        engine.emit(new RunEvent.Completed(System.nanoTime(), "eos"));
        assertTrue(vm.lastResultProperty().get().cost().isEmpty());
        assertEquals("unknown", vm.costProperty().get(), "no cost is unknown, never $0");
    }

    private void answer(String text) {
        long t = System.nanoTime();
        engine.emit(new RunEvent.Started(t, "scripted", "b1"));
        engine.emit(new RunEvent.Token(t + 1_000_000, text));
        engine.emit(new RunEvent.Completed(t + 2_000_000, "eos"));
    }

    @Test
    void aFollowUpSendsTheWholeConversationAndHistoryKeepsItsTurns() throws Exception {
        vm.parameters().modeProperty().set(PromptMode.CHAT);
        vm.systemPromptProperty().set("Be brief.");
        startRun("What is 2+2?");
        vm.promptProperty().set("edited while it streamed");
        answer("4");
        assertTrue(vm.canFollowUpBinding().get());

        vm.followUp();
        assertEquals(List.of(ChatMessage.user("What is 2+2?"), ChatMessage.assistant("4")), vm.conversation(),
                "the prompt as it was sent, and the answer");
        assertEquals("", vm.promptProperty().get());
        assertEquals("", vm.outputProperty().get());
        assertEquals(Formats.NONE, vm.ttftProperty().get(), "the figures belong to the next answer");
        assertFalse(vm.canFollowUpBinding().get(), "one turn per answer");

        assertEquals("", vm.outgoingText(), "nothing goes out without a prompt");
        vm.promptProperty().set("And times 3?");
        assertEquals("Be brief.\n\nWhat is 2+2?\n\n4\n\nAnd times 3?", vm.outgoingText(),
                "the privacy chip checks every turn that goes out, as the gate does");
        startRun("And times 3?");
        List<ChatMessage> sent = List.of(ChatMessage.system("Be brief."), ChatMessage.user("What is 2+2?"),
                ChatMessage.assistant("4"), ChatMessage.user("And times 3?"));
        assertEquals(sent, engine.spec.messages());
        answer("12");
        var record = history.find(vm.lastResultProperty().get().runId()).orElseThrow();
        assertEquals(sent, record.messages(), "History keeps the turns the run carried");
        assertEquals("And times 3?", record.prompt());

        vm.followUp();
        assertEquals(4, vm.conversation().size());
        vm.newConversation();
        assertTrue(vm.conversation().isEmpty());
        assertEquals("Be brief.", vm.systemPromptProperty().get(), "the system prompt stays");
        startRun("Hello");
        assertEquals(List.of(ChatMessage.system("Be brief."), ChatMessage.user("Hello")), engine.spec.messages());
        answer("Hi");

        vm.load(record);
        assertEquals(sent.subList(1, 3), vm.conversation(), "a conversation run opens with its earlier turns");
        assertEquals("And times 3?", vm.promptProperty().get());
        assertFalse(vm.canFollowUpBinding().get(), "nothing on screen to follow up yet");
        vm.run();
        assertEquals(sent, engine.spec.messages(), "run again sends the same conversation");
    }

    @Test
    void onlyAnAnswerCanBeFollowedUpAndARawCompletionHasNoTurns() {
        vm.parameters().modeProperty().set(PromptMode.CHAT);
        startRun("hello");
        engine.emit(new RunEvent.Failed(System.nanoTime(), "out of memory"));
        assertFalse(vm.canFollowUpBinding().get(), "a failed run has no answer to go on from");
        vm.followUp();
        assertTrue(vm.conversation().isEmpty());

        startRun("hello");
        answer("hi");
        vm.parameters().modeProperty().set(PromptMode.RAW);
        assertFalse(vm.canFollowUpBinding().get(), "a raw completion continues a text; it has no turns");
        vm.parameters().modeProperty().set(PromptMode.AUTO);
        vm.followUp();
        assertEquals(2, vm.conversation().size());

        vm.parameters().modeProperty().set(PromptMode.RAW);
        vm.promptProperty().set("next");
        vm.run();
        assertFalse(vm.isRunning());
        assertEquals("A raw completion has no turns", vm.noticeProperty().get().title());

        vm.parameters().modeProperty().set(PromptMode.CHAT);
        startRun("a follow-up too long for the context");
        engine.emit(new RunEvent.Failed(System.nanoTime(), "the prompt is 2100 tokens, but the context holds 2048: "
                + "raise the context size or shorten the prompt"));
        assertEquals("The conversation no longer fits the context", vm.noticeProperty().get().title());
        assertTrue(vm.noticeProperty().get().text().endsWith("shorten the prompt, or start a new conversation."),
                vm.noticeProperty().get().text());
    }

    /** Frames a second apart: every call moves what arrived to the screen (the view paces real frames to 10 a second). */
    private long frameClock = System.nanoTime();

    private long nextFrame() {
        frameClock += 1_000_000_000L;
        return frameClock;
    }
}
