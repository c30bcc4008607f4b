package dev.parallax.ui.playground;

import dev.parallax.core.ChatMessage;
import dev.parallax.core.GenerationParams;
import dev.parallax.core.PromptMode;
import dev.parallax.core.RunEvent;
import dev.parallax.core.RunResult;
import dev.parallax.core.RunSpec;
import dev.parallax.core.RunStatus;
import dev.parallax.core.Target;
import dev.parallax.core.UsageBasis;
import dev.parallax.engine.local.EngineChoice;
import dev.parallax.privacy.Dismissals;
import dev.parallax.privacy.PrivacyAction;
import dev.parallax.history.RunRecord;
import dev.parallax.models.LocalModel;
import dev.parallax.route.ActiveRun;
import dev.parallax.route.RunOptions;
import dev.parallax.route.RunRejectedException;
import dev.parallax.route.RunService;
import dev.parallax.ui.base.BackgroundTask;
import dev.parallax.ui.base.DialogService;
import dev.parallax.ui.base.Formats;
import dev.parallax.ui.base.StreamPacer;
import dev.parallax.ui.base.TaskExecutor;
import dev.parallax.ui.base.UiThread;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * The Playground: one prompt to one model, streamed, and as many follow-ups as the user wants: after an answer,
 * {@link #followUp} makes that prompt and answer the conversation's latest turn, and the next run sends the whole
 * conversation (the privacy gate checks all of it). Run events arrive on the engine's thread and go
 * into a queue; the view calls {@link #onFrame} once per animation frame, which drains the queue and
 * appends the whole batch at once. The figures shown after a run are the {@link RunResult}'s; while it
 * streams, rough live figures come from the token events' own timestamps.
 */
public final class PlaygroundViewModel {

    private final Supplier<RunService> runService;
    private final TaskExecutor tasks;
    private final UiThread ui;
    private final DialogService dialogs;
    private final ParametersViewModel parameters;
    private final Dismissals dismissals;

    private final ObservableList<TargetChoice> targets = FXCollections.observableArrayList();
    private final List<TargetChoice> browsed = new ArrayList<>();
    private List<TargetChoice> local = List.of();
    private List<TargetChoice> cloud = List.of();
    private final ObjectProperty<EngineChoice> engine = new SimpleObjectProperty<>(this, "engine", EngineChoice.AUTO);
    private final ReadOnlyStringWrapper cost = new ReadOnlyStringWrapper(this, "cost", Formats.NONE);
    private final ObjectProperty<TargetChoice> target = new SimpleObjectProperty<>(this, "target");
    private final StringProperty systemPrompt = new SimpleStringProperty(this, "systemPrompt", "");
    private final StringProperty prompt = new SimpleStringProperty(this, "prompt", "");
    private final BooleanProperty markdown = new SimpleBooleanProperty(this, "markdown", true);

    private final ReadOnlyStringWrapper output = new ReadOnlyStringWrapper(this, "output", "");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running", false);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "Ready");
    private final ReadOnlyStringWrapper ttft = new ReadOnlyStringWrapper(this, "ttft", Formats.NONE);
    private final ReadOnlyStringWrapper tokensPerSecond = new ReadOnlyStringWrapper(this, "tokensPerSecond", Formats.NONE);
    private final ReadOnlyStringWrapper promptTokens = new ReadOnlyStringWrapper(this, "promptTokens", Formats.NONE);
    private final ReadOnlyStringWrapper completionTokens = new ReadOnlyStringWrapper(this, "completionTokens", Formats.NONE);
    private final ReadOnlyStringWrapper elapsed = new ReadOnlyStringWrapper(this, "elapsed", Formats.NONE);
    private final ReadOnlyObjectWrapper<Notice> notice = new ReadOnlyObjectWrapper<>(this, "notice");
    private final ReadOnlyObjectWrapper<RunResult> lastResult = new ReadOnlyObjectWrapper<>(this, "lastResult");
    private final BooleanBinding canRun;
    private final BooleanProperty noLocalModels = new SimpleBooleanProperty(this, "noLocalModels", false);
    private final BooleanBinding gettingStarted;
    /** The earlier turns of the conversation the next run continues (user and assistant, in order; no system). */
    private final ObservableList<ChatMessage> conversation = FXCollections.observableArrayList();
    private final ObservableList<ChatMessage> conversationView = FXCollections.unmodifiableObservableList(conversation);
    private final ReadOnlyBooleanWrapper hasExchange = new ReadOnlyBooleanWrapper(this, "hasExchange", false);
    /** A raw completion continues a text; it has no turns to follow up. */
    private final BooleanBinding canFollowUp;
    /** The prompt and answer of the run on screen, while they can become a turn. */
    private ChatMessage[] lastExchange;

    private Session session;

    public PlaygroundViewModel(Supplier<RunService> runService, TaskExecutor tasks, UiThread ui, DialogService dialogs,
                               ParametersViewModel parameters) {
        this(runService, tasks, ui, dialogs, parameters, Dismissals.newSession());
    }

    /** @param dismissals the values the user marked not sensitive in this session (shared with the privacy chip) */
    public PlaygroundViewModel(Supplier<RunService> runService, TaskExecutor tasks, UiThread ui, DialogService dialogs,
                               ParametersViewModel parameters, Dismissals dismissals) {
        this.dismissals = dismissals;
        this.runService = runService;
        this.tasks = tasks;
        this.ui = ui;
        this.dialogs = dialogs;
        this.parameters = parameters;
        this.canRun = Bindings.createBooleanBinding(
                () -> !running.get() && target.get() != null && !prompt.get().isBlank(), running, target, prompt);
        this.gettingStarted = Bindings.createBooleanBinding(
                () -> noLocalModels.get() && target.get() == null && !running.get() && output.get().isEmpty(),
                noLocalModels, target, running, output);
        this.canFollowUp = Bindings.createBooleanBinding(
                () -> hasExchange.get() && !running.get() && parameters.modeProperty().get() != PromptMode.RAW,
                hasExchange, running, parameters.modeProperty());
        this.localTarget = Bindings.createBooleanBinding(
                () -> target.get() == null || target.get().target().isLocal(), target);
        // Cloud APIs take chat messages only: a raw-mode form would only get the run refused.
        target.addListener((o, a, now) -> {
            if (now != null && !now.target().isLocal() && parameters.modeProperty().get() == PromptMode.RAW) {
                parameters.modeProperty().set(PromptMode.AUTO);
            }
        });
    }

    private final BooleanBinding localTarget;

    /** The imported models changed: rebuild the picker, keeping the chosen entry and any browsed files. */
    /** The target {@link #rebuild} picked by itself, while the user has not picked another. */
    private TargetChoice defaultPick;

    public void setModels(List<LocalModel> models) {
        local = models.stream().map(TargetChoice::of).toList();
        rebuild();
    }

    /** The cloud targets to suggest ({@code provider:model} of ready providers with a known price). */
    public void setCloudTargets(List<Target> suggestions) {
        cloud = suggestions.stream().map(TargetChoice::ofCloud).toList();
        rebuild();
    }

    private void rebuild() {
        TargetChoice current = target.get();
        Target chosen = current == null ? null : current.target();
        List<TargetChoice> all = new ArrayList<>(local);
        all.addAll(browsed);
        all.addAll(cloud);
        targets.setAll(all);
        if (current != null && current == defaultPick) {
            // Nobody chose it: pick the default again from the fuller list (a local model arriving after the
            // cloud suggestions must not leave a cloud target chosen by accident).
            current = null;
            chosen = null;
        }
        Target wanted = chosen;
        Optional<TargetChoice> kept = targets.stream().filter(c -> c.target().equals(wanted)).findFirst();
        if (kept.isEmpty() && current != null && !chosen.isLocal()) {
            // A typed cloud target stays chosen though no list suggests it.
            kept = Optional.of(current);
        }
        if (kept.isPresent()) {
            target.set(kept.get());
        } else {
            // The default: this machine's first model, so nothing leaves unless the user picks a cloud target.
            defaultPick = targets.isEmpty() ? null : targets.get(0);
            target.set(defaultPick);
        }
    }

    /**
     * What the target field's text stands for: a listed entry by name or {@code provider:model}, else the target
     * it parses to (a name without a colon is a local model). An invalid text keeps the current choice and says why.
     */
    public TargetChoice resolve(String text) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) {
            return target.get();
        }
        Optional<TargetChoice> listed = targets.stream()
                .filter(c -> c.label().equals(t) || c.target().toString().equals(t)).findFirst();
        if (listed.isPresent()) {
            return listed.get();
        }
        try {
            Target parsed = t.indexOf(':') >= 0 ? Target.parse(t) : Target.local(t);
            return parsed.isLocal() ? TargetChoice.ofTarget(parsed) : TargetChoice.ofCloud(parsed);
        } catch (IllegalArgumentException e) {
            notice.set(Notice.danger("Not a target", capitalize(e.getMessage())));
            return target.get();
        }
    }

    /** Lets the user pick a .gguf file to run without importing it. */
    public void browse() {
        dialogs.chooseModelFile().ifPresent(file -> {
            TargetChoice choice = TargetChoice.ofFile(file);
            if (targets.stream().noneMatch(c -> c.target().equals(choice.target()))) {
                browsed.add(choice);
                targets.add(choice);
            }
            select(choice.target());
        });
    }

    private void select(Target wanted) {
        Optional<TargetChoice> match = targets.stream().filter(c -> c.target().equals(wanted)).findFirst();
        if (match.isPresent()) {
            target.set(match.get());
        } else {
            TargetChoice other = wanted.isLocal() ? TargetChoice.ofTarget(wanted) : TargetChoice.ofCloud(wanted);
            browsed.add(other);
            targets.add(other);
            target.set(other);
        }
    }

    /** Puts a stored run back: its target, prompts (a conversation's earlier turns too), parameters and mode. */
    public void load(RunRecord run) {
        if (running.get()) {
            notice.set(Notice.warning("A run is going", "Stop it first to load another one."));
            return;
        }
        select(run.target());
        systemPrompt.set(run.systemPrompt());
        prompt.set(run.prompt());
        conversation.setAll(run.spec().earlierTurns());
        parameters.load(run.params(), run.mode());
        notice.set(null);
        setFollowUp(null);
    }

    /**
     * Makes the prompt and answer on screen the conversation's latest turn and empties the prompt for the next one:
     * the next run sends the whole conversation.
     */
    public void followUp() {
        if (!canFollowUp.get()) {
            return;
        }
        conversation.addAll(lastExchange);
        setFollowUp(null);
        prompt.set("");
        clearAnswer();
    }

    /** Forgets the conversation's turns and the answer on screen; the system prompt, target and parameters stay. */
    public void newConversation() {
        if (running.get()) {
            return;
        }
        conversation.clear();
        setFollowUp(null);
        prompt.set("");
        clearAnswer();
    }

    private void clearAnswer() {
        output.set("");
        status.set("Ready");
        ttft.set(Formats.NONE);
        tokensPerSecond.set(Formats.NONE);
        promptTokens.set(Formats.NONE);
        completionTokens.set(Formats.NONE);
        elapsed.set(Formats.NONE);
        cost.set(Formats.NONE);
        notice.set(null);
    }

    private void setFollowUp(ChatMessage[] exchange) {
        lastExchange = exchange;
        hasExchange.set(exchange != null);
    }

    /** Puts a stored run back and starts it again. */
    public void runAgain(RunRecord run) {
        load(run);
        run();
    }

    public void run() {
        if (running.get()) {
            return;
        }
        if (target.get() == null) {
            notice.set(Notice.danger("Choose a model", "Import a GGUF model in Models, pick a .gguf file with Browse…, "
                    + "or write a cloud target as provider:model"));
            return;
        }
        if (prompt.get().isBlank()) {
            notice.set(Notice.danger("Write a prompt", "The prompt is empty."));
            return;
        }
        if (!conversation.isEmpty() && parameters.modeValue() == PromptMode.RAW) {
            notice.set(Notice.danger("A raw completion has no turns", "Choose the auto or chat mode to go on with this "
                    + "conversation, or start a new conversation."));
            return;
        }
        RunSpec spec;
        try {
            GenerationParams params = parameters.toParams();
            spec = conversation.isEmpty()
                    ? RunSpec.prompt(target.get().target(), systemPrompt.get(), prompt.get(), parameters.modeValue(), params)
                    : new RunSpec(target.get().target(), withLatest(prompt.get()), PromptMode.AUTO, params)
                            .withMode(parameters.modeValue());
        } catch (IllegalArgumentException e) {
            notice.set(Notice.danger("Check the parameters", capitalize(e.getMessage())));
            return;
        }
        Session s = new Session(System.nanoTime(), prompt.get());
        session = s;
        setFollowUp(null);
        notice.set(null);
        output.set("");
        ttft.set(Formats.NONE);
        tokensPerSecond.set(Formats.NONE);
        promptTokens.set(Formats.NONE);
        completionTokens.set(Formats.NONE);
        elapsed.set(Formats.millis(0));
        cost.set(Formats.NONE);
        status.set("Starting…");
        running.set(true);

        EngineChoice choice = engine.get();
        tasks.execute(BackgroundTask.of("Start run", p -> runService.get().start(spec, choice,
                        RunOptions.defaults().withDismissals(dismissals), s.events::add))
                .onSuccess(active -> started(s, active))
                .onFailure(e -> startFailed(s, e)));
    }

    /**
     * All the text the next run would send, as the privacy chip checks it: the system prompt, the conversation's turns
     * and the prompt, a blank line apart; empty while the prompt is (nothing can be sent then).
     */
    public String outgoingText() {
        if (prompt.get().isBlank()) {
            return "";
        }
        return String.join("\n\n", withLatest(prompt.get()).stream().map(ChatMessage::content).toList());
    }

    /** The system prompt, the conversation's turns and then {@code latest}. */
    private List<ChatMessage> withLatest(String latest) {
        List<ChatMessage> messages = new ArrayList<>();
        if (!systemPrompt.get().isBlank()) {
            messages.add(ChatMessage.system(systemPrompt.get()));
        }
        messages.addAll(conversation);
        messages.add(ChatMessage.user(latest));
        return messages;
    }

    private void started(Session s, ActiveRun active) {
        s.active = active;
        active.notice().ifPresent(n -> notice.set(Notice.info("Engine", capitalize(n))));
        if (s.stopRequested) {
            active.cancel();
        }
        active.result().whenComplete((result, error) -> {
            if (error != null) {
                s.ended.completeExceptionally(error);
            } else {
                s.ended.complete(result);
            }
            ui.run(() -> finish(s, active, result, error));
        });
    }

    private void startFailed(Session s, Exception e) {
        s.ended.complete(null);
        if (session != s) {
            return;
        }
        session = null;
        running.set(false);
        status.set("Not started");
        elapsed.set(Formats.NONE);
        String title = e instanceof RunRejectedException ? "Cannot run this model" : "Could not start the run";
        notice.set(Notice.danger(title, capitalize(messageOf(e))));
    }

    /** Stops the current run; its partial answer is kept and saved as cancelled. */
    public void stop() {
        Session s = session;
        if (s == null) {
            return;
        }
        s.stopRequested = true;
        status.set("Stopping…");
        ActiveRun active = s.active;
        if (active != null) {
            active.cancel();
        }
    }

    /**
     * For closing the window: cancels the run and returns when its result was saved (at once when no
     * run is going). Callable from any thread.
     */
    public CompletableFuture<?> stopForShutdown() {
        Session s = session;
        if (s == null) {
            return CompletableFuture.completedFuture(null);
        }
        s.stopRequested = true;
        ActiveRun active = s.active;
        if (active != null) {
            active.cancel();
        }
        return s.ended;
    }

    /** Called once per animation frame while a run is going: moves the batch of new tokens to the screen. */
    public void onFrame(long nowNanos) {
        Session s = session;
        if (s == null) {
            return;
        }
        // The first token shows at once; then the text moves to the screen ten times a second, not every frame.
        boolean paced = s.tokens > 0;
        if (paced && !s.pacer.due(nowNanos)) {
            return;
        }
        StringBuilder batch = new StringBuilder();
        RunEvent event;
        while ((event = s.events.poll()) != null) {
            if (event instanceof RunEvent.Token t && !t.text().isEmpty()) {
                if (s.firstToken < 0) {
                    s.firstToken = t.nanos();
                }
                s.lastToken = t.nanos();
                s.tokens++;
                batch.append(t.text());
            } else if (event instanceof RunEvent.Started && !s.stopRequested) {
                status.set("Loading model…");
            }
        }
        if (!batch.isEmpty()) {
            if (!paced) {
                s.pacer.due(nowNanos);
            }
            output.set(output.get() + batch);
            if (!s.stopRequested) {
                status.set("Generating…");
            }
            ttft.set(Formats.millis((s.firstToken - s.submitted) / 1e6));
            completionTokens.set(Formats.count(s.tokens));
            if (s.tokens > 1 && s.lastToken > s.firstToken) {
                tokensPerSecond.set(Formats.rate((s.tokens - 1) * 1e9 / (s.lastToken - s.firstToken)));
            }
        }
        // The clock ticks ten times a second: redrawing it every frame would only take CPU from the model.
        if (nowNanos - s.lastClock >= 100_000_000L) {
            s.lastClock = nowNanos;
            elapsed.set(Formats.millis((nowNanos - s.submitted) / 1e6));
        }
    }

    private void finish(Session s, ActiveRun active, RunResult result, Throwable error) {
        if (session != s) {
            return;
        }
        s.pacer.reset();
        onFrame(System.nanoTime());
        session = null;
        running.set(false);
        if (error != null || result == null) {
            status.set("Failed");
            notice.set(Notice.danger("The run ended without a result", capitalize(messageOf(error))));
            return;
        }
        output.set(result.text());
        status.set(capitalize(result.status().label()));
        ttft.set(Formats.millis(result.timings().ttftMs()));
        tokensPerSecond.set(Formats.rate(result.timings().completionTokensPerSecond()));
        String approx = result.usage().basis() == UsageBasis.ESTIMATED ? "~" : "";
        promptTokens.set(approx + Formats.count(result.usage().promptTokens()));
        completionTokens.set(approx + Formats.count(result.usage().completionTokens()));
        elapsed.set(Formats.millis(result.timings().totalMs()));
        cost.set(costOf(result));
        boolean answered = !result.text().isBlank() && result.status() != RunStatus.FAILED;
        setFollowUp(answered ? new ChatMessage[] {ChatMessage.user(s.prompt), ChatMessage.assistant(result.text())} : null);
        Notice n = noticeFor(result, active.saveError());
        if (!conversation.isEmpty() && result.status() == RunStatus.FAILED
                && result.error().orElse("").contains("but the context holds")) {
            n = Notice.danger("The conversation no longer fits the context", capitalize(result.error().get())
                    + ", or start a new conversation.");
        }
        notice.set(n != null ? n : routeNotice(active));
        lastResult.set(result);
    }

    /** "$0.0012 (exact)"; a run whose cost cannot be known says so rather than $0. */
    static String costOf(RunResult result) {
        return result.cost().map(c -> Formats.usd(c.usd()) + " (" + c.basis().label() + ")").orElse("unknown");
    }

    /** What the user should know about how the run went out: the privacy gate's doing, or an engine fallback. */
    private static Notice routeNotice(ActiveRun active) {
        var routing = active.routing();
        if (routing.isPresent() && routing.get().action() == PrivacyAction.REDACT) {
            int dismissed = routing.get().dismissed().size();
            return Notice.info("Sent redacted", routing.get().redactions() + " value(s) were replaced by placeholders "
                    + "before the prompt left this machine." + (dismissed == 0 ? "" : " " + dismissed
                    + " finding(s) you marked not sensitive went as written."));
        }
        if (routing.isPresent() && routing.get().action() == PrivacyAction.LOCAL_ONLY) {
            return Notice.info("Kept on this machine", "The privacy policy ran it on " + routing.get().chosen()
                    + " instead of " + routing.get().requested() + ".");
        }
        if (routing.isPresent() && routing.get().rule().equals("dismissed_by_user")) {
            return Notice.info("Sent as written", "You marked what the privacy check found as not sensitive for this "
                    + "session (" + routing.get().dismissed().size() + " finding(s)); the audit records that.");
        }
        return active.notice().map(n -> Notice.info("Engine", capitalize(n))).orElse(null);
    }

    private static Notice noticeFor(RunResult result, Optional<String> saveError) {
        String error = capitalize(result.error().orElse(""));
        Notice n = switch (result.status()) {
            case FAILED -> Notice.danger("The run failed", error.isEmpty() ? "The engine gave no reason." : error);
            case CANCELLED -> Notice.warning("Stopped", "The partial answer is kept; History has it as cancelled.");
            case TRUNCATED -> Notice.warning("The answer was cut off", error.isEmpty() ? "The stream ended early." : error);
            case INTERRUPTED -> Notice.danger("Interrupted", error);
            case COMPLETED, RUNNING -> null;
        };
        if (saveError.isPresent()) {
            return Notice.warning("Not saved to History", capitalize(saveError.get()));
        }
        return n;
    }

    private static String messageOf(Throwable e) {
        if (e == null) {
            return "no reason was given";
        }
        Throwable t = e;
        while ((t.getMessage() == null || t.getMessage().isBlank()) && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName() : t.getMessage();
    }

    static String capitalize(String s) {
        return s == null || s.isEmpty() ? "" : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** One run, from the click on Run to its saved result. */
    private static final class Session {
        final long submitted;
        /** The prompt as it was sent (the field may change while the answer streams). */
        final String prompt;
        final ConcurrentLinkedQueue<RunEvent> events = new ConcurrentLinkedQueue<>();
        final CompletableFuture<RunResult> ended = new CompletableFuture<>();
        volatile ActiveRun active;
        volatile boolean stopRequested;
        long firstToken = -1;
        long lastToken = -1;
        long lastClock;
        int tokens;
        final StreamPacer pacer = new StreamPacer();

        Session(long submitted, String prompt) {
            this.submitted = submitted;
            this.prompt = prompt;
        }
    }

    public ParametersViewModel parameters() { return parameters; }
    public ObjectProperty<EngineChoice> engineProperty() { return engine; }
    public ReadOnlyStringProperty costProperty() { return cost.getReadOnlyProperty(); }
    /** True when the chosen target runs on this machine (the engine choice applies). */
    public BooleanBinding localTargetBinding() { return localTarget; }
    public ObservableList<TargetChoice> targets() { return targets; }
    public ObjectProperty<TargetChoice> targetProperty() { return target; }
    public StringProperty systemPromptProperty() { return systemPrompt; }
    public StringProperty promptProperty() { return prompt; }
    public BooleanProperty markdownProperty() { return markdown; }
    /** True once the model folder was read and holds no model (false while unknown, so nothing flashes at start). */
    public BooleanProperty noLocalModelsProperty() { return noLocalModels; }
    /**
     * Whether to show the first steps instead of an empty answer: no model imported, no target chosen or typed,
     * nothing run yet.
     */
    public BooleanBinding gettingStartedBinding() { return gettingStarted; }
    public ReadOnlyStringProperty outputProperty() { return output.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty runningProperty() { return running.getReadOnlyProperty(); }
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }
    public ReadOnlyStringProperty ttftProperty() { return ttft.getReadOnlyProperty(); }
    public ReadOnlyStringProperty tokensPerSecondProperty() { return tokensPerSecond.getReadOnlyProperty(); }
    public ReadOnlyStringProperty promptTokensProperty() { return promptTokens.getReadOnlyProperty(); }
    public ReadOnlyStringProperty completionTokensProperty() { return completionTokens.getReadOnlyProperty(); }
    public ReadOnlyStringProperty elapsedProperty() { return elapsed.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<Notice> noticeProperty() { return notice.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<RunResult> lastResultProperty() { return lastResult.getReadOnlyProperty(); }
    public BooleanBinding canRunBinding() { return canRun; }
    public ObservableList<ChatMessage> conversation() { return conversationView; }
    public BooleanBinding canFollowUpBinding() { return canFollowUp; }
    public boolean isRunning() { return running.get(); }
    RunStatus lastStatus() { return lastResult.get() == null ? null : lastResult.get().status(); }
}
