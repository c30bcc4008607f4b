package dev.parallax.ui.playground;

import atlantafx.base.controls.Message;
import dev.parallax.ui.base.TabLeaves;
import dev.parallax.ui.base.Messages;
import dev.parallax.ui.base.WindowWidth;
import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.parallax.ui.markdown.MarkdownView;
import dev.parallax.ui.markdown.SafeMarkdown;
import javafx.beans.binding.Bindings;
import javafx.animation.AnimationTimer;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import dev.parallax.engine.local.EngineChoice;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.net.URI;
import java.util.function.Consumer;

/** The Playground screen: model picker, prompts, the streamed answer, live metrics and the parameters. */
public final class PlaygroundView {

    static final KeyCombination RUN_KEYS = new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN);
    /** While streaming, Markdown is re-rendered at most this often; plain text gets every frame. */
    private static final long MARKDOWN_INTERVAL_NANOS = 120_000_000L;

    private final PlaygroundViewModel vm;
    private final PrivacyCheckViewModel privacy;
    /** The prompt is checked once typing pauses, not on every key. */
    private final javafx.animation.PauseTransition privacyPause = new javafx.animation.PauseTransition(javafx.util.Duration.millis(400));
    private final BorderPane root = new BorderPane();
    private final TextArea plainOutput = new TextArea();
    private final TextArea promptField = new TextArea();
    private final MarkdownView markdownOutput;
    private final ScrollPane markdownScroll;
    private final AnimationTimer frames;
    private boolean markdownDirty;
    private long lastMarkdownRender;
    private final FirstSteps firstSteps;
    private final ToggleButton parametersToggle = new ToggleButton(null, new FontIcon(Feather.SIDEBAR));
    /** In a narrow window the parameters fold away and the header's captions give way. */
    private final WindowWidth width = WindowWidth.of(root);

    /**
     * Where the first steps lead, for a new user with no model: Discover, an import of a {@code .gguf} file, and
     * Settings for a cloud provider's key.
     */
    public record FirstSteps(Runnable discover, Runnable importModels, Runnable settings) {
        public FirstSteps {
            java.util.Objects.requireNonNull(discover, "discover");
            java.util.Objects.requireNonNull(importModels, "importModels");
            java.util.Objects.requireNonNull(settings, "settings");
        }
    }

    public PlaygroundView(PlaygroundViewModel vm, PrivacyCheckViewModel privacy, Consumer<URI> openLink,
                          FirstSteps firstSteps) {
        this.vm = vm;
        this.firstSteps = firstSteps;
        this.privacy = privacy;
        root.getStyleClass().add("playground");
        markdownOutput = new MarkdownView(openLink);
        markdownOutput.setId("answer-markdown");
        markdownScroll = new ScrollPane(markdownOutput);
        markdownScroll.setFitToWidth(true);
        markdownScroll.getStyleClass().add("answer-scroll");

        root.setTop(header());
        root.setCenter(center());
        root.setRight(parameters());
        width.foldsWith(parametersToggle);

        frames = new AnimationTimer() {
            @Override
            public void handle(long now) {
                vm.onFrame(System.nanoTime());
                if (markdownDirty && vm.markdownProperty().get() && now - lastMarkdownRender > MARKDOWN_INTERVAL_NANOS) {
                    renderMarkdown();
                    lastMarkdownRender = now;
                }
            }
        };
        vm.runningProperty().addListener((obs, was, running) -> {
            if (running) {
                frames.start();
            } else {
                frames.stop();
                renderMarkdownIfShown();
                syncPlain(vm.outputProperty().get());
            }
        });
    }

    private Node header() {
        Label title = new Label("Playground");
        title.getStyleClass().add(Styles.TITLE_3);

        ComboBox<TargetChoice> target = new ComboBox<>(vm.targets());
        target.setId("target");
        target.setEditable(true);
        target.setConverter(new StringConverter<>() {
            @Override
            public String toString(TargetChoice c) {
                return c == null ? "" : c.label();
            }

            @Override
            public TargetChoice fromString(String text) {
                return vm.resolve(text);
            }
        });
        target.valueProperty().bindBidirectional(vm.targetProperty());
        target.setPromptText("Model, or provider:model");
        target.setTooltip(new javafx.scene.control.Tooltip(
                "Pick a local model or a cloud suggestion, or type provider:model (Enter)"));
        target.setPrefWidth(340);
        target.setCellFactory(list -> new TargetCell(true));
        target.setButtonCell(new TargetCell(false));
        target.disableProperty().bind(vm.runningProperty());

        Button browse = new Button("Browse…", new FontIcon(Feather.FOLDER));
        browse.setId("browse");
        browse.setOnAction(e -> vm.browse());
        browse.disableProperty().bind(vm.runningProperty());

        ComboBox<EngineChoice> engine = new ComboBox<>();
        engine.setId("engine");
        engine.getItems().setAll(EngineChoice.values());
        engine.valueProperty().bindBidirectional(vm.engineProperty());
        engine.setConverter(new StringConverter<>() {
            @Override
            public String toString(EngineChoice c) {
                return c == null ? "" : c.label();
            }

            @Override
            public EngineChoice fromString(String s) {
                return EngineChoice.parse(s);
            }
        });
        engine.setTooltip(new javafx.scene.control.Tooltip("Which local engine runs a local model"));
        engine.disableProperty().bind(vm.runningProperty().or(vm.localTargetBinding().not()));

        Label modelLabel = new Label("Target");
        modelLabel.getStyleClass().add(Styles.TEXT_MUTED);
        Label engineLabel = new Label("Engine");
        engineLabel.getStyleClass().add(Styles.TEXT_MUTED);
        parametersToggle.setId("parameters-toggle");
        parametersToggle.setSelected(true);
        parametersToggle.getStyleClass().add(Styles.BUTTON_ICON);
        parametersToggle.setTooltip(new javafx.scene.control.Tooltip("Show or hide the parameters"));
        // In a narrow window the pickers shrink and the captions go (the fields' prompts and tooltips say the same),
        // so that nothing is cut short.
        target.setMinWidth(180);
        engine.setMinWidth(110);
        for (javafx.scene.control.Labeled fixed : java.util.List.of(title, browse, modelLabel, engineLabel)) {
            fixed.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        width.onlyWhenWide(modelLabel);
        width.onlyWhenWide(engineLabel);
        HBox header = new HBox(10, title, new Spacer(), modelLabel, target, browse, engineLabel, engine, parametersToggle);
        header.setAlignment(Pos.CENTER_LEFT);
        header.getStyleClass().add("page-header");
        return header;
    }

    private Node center() {
        TextArea system = new TextArea();
        system.setId("system-prompt");
        system.textProperty().bindBidirectional(vm.systemPromptProperty());
        system.setPromptText("Optional: how the model should behave");
        TabLeaves.install(system);
        system.setPrefRowCount(2);
        system.setWrapText(true);
        VBox systemBox = section("System prompt", system);

        VBox answer = answerCard();
        VBox.setVgrow(answer, Priority.ALWAYS);

        VBox center = new VBox(14, systemBox, answer, metrics(), composer());
        center.getStyleClass().add("page-body");
        return center;
    }

    private VBox answerCard() {
        Label title = new Label("Answer");
        title.getStyleClass().add(Styles.TEXT_BOLD);
        Label status = new Label();
        status.setId("run-status");
        status.textProperty().bind(vm.statusProperty());
        status.getStyleClass().addAll("status-pill");

        ToggleGroup format = new ToggleGroup();
        ToggleButton text = new ToggleButton("Text");
        text.setId("format-text");
        text.getStyleClass().addAll(Styles.LEFT_PILL, Styles.SMALL);
        ToggleButton markdown = new ToggleButton("Markdown");
        markdown.setId("format-markdown");
        markdown.getStyleClass().addAll(Styles.RIGHT_PILL, Styles.SMALL);
        text.setToggleGroup(format);
        markdown.setToggleGroup(format);
        markdown.setSelected(vm.markdownProperty().get());
        text.setSelected(!vm.markdownProperty().get());
        format.selectedToggleProperty().addListener((obs, old, now) -> {
            if (now == null) {
                old.setSelected(true);
            } else {
                vm.markdownProperty().set(now == markdown);
            }
        });
        vm.markdownProperty().addListener((obs, old, md) -> (md ? markdown : text).setSelected(true));

        Button copy = new Button(null, new FontIcon(Feather.COPY));
        copy.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL);
        copy.setTooltip(new javafx.scene.control.Tooltip("Copy the answer"));
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(vm.outputProperty().get());
            Clipboard.getSystemClipboard().setContent(content);
        });
        copy.disableProperty().bind(vm.outputProperty().isEmpty());

        Button followUp = new Button("Follow up", new FontIcon(Feather.CORNER_DOWN_RIGHT));
        followUp.setId("follow-up");
        followUp.getStyleClass().addAll(Styles.SMALL, Styles.BUTTON_OUTLINED, Styles.ACCENT);
        followUp.setTooltip(new javafx.scene.control.Tooltip("Keep this prompt and answer as a turn and write the next "
                + "prompt: the next run sends the whole conversation (to any target you pick)"));
        followUp.visibleProperty().bind(vm.canFollowUpBinding());
        followUp.managedProperty().bind(followUp.visibleProperty());
        followUp.setOnAction(e -> {
            vm.followUp();
            promptField.requestFocus();
        });
        Button newConversation = new Button("New conversation", new FontIcon(Feather.PLUS_SQUARE));
        newConversation.setId("new-conversation");
        newConversation.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
        newConversation.setTooltip(new javafx.scene.control.Tooltip("Forget the earlier turns and start again; the "
                + "system prompt, target and parameters stay"));
        newConversation.visibleProperty().bind(Bindings.isNotEmpty(vm.conversation()));
        newConversation.managedProperty().bind(newConversation.visibleProperty());
        newConversation.disableProperty().bind(vm.runningProperty());
        newConversation.setOnAction(e -> {
            vm.newConversation();
            promptField.requestFocus();
        });
        for (javafx.scene.control.Labeled fixed : java.util.List.of(followUp, newConversation)) {
            fixed.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        }

        HBox bar = new HBox(10, title, status, new Spacer(), followUp, newConversation, new HBox(text, markdown), copy);
        bar.setAlignment(Pos.CENTER_LEFT);

        Message notice = Messages.create();
        notice.setId("notice");
        notice.setVisible(false);
        notice.setManaged(false);
        vm.noticeProperty().addListener((obs, old, n) -> NoticeMessage.show(notice, n));

        plainOutput.setId("answer-text");
        plainOutput.setEditable(false);
        TabLeaves.install(promptField, plainOutput);
        plainOutput.setWrapText(true);
        plainOutput.getStyleClass().add("answer-text");
        plainOutput.setPromptText("The answer streams here.");
        vm.outputProperty().addListener((obs, old, now) -> {
            // While streaming only the visible form is kept up to date: the other would only take CPU from the model.
            if (!vm.markdownProperty().get() || !vm.isRunning()) {
                syncPlain(now);
            }
            markdownDirty = true;
            if (!vm.isRunning()) {
                renderMarkdownIfShown();
            }
        });
        plainOutput.visibleProperty().bind(vm.markdownProperty().not());
        markdownScroll.visibleProperty().bind(vm.markdownProperty());
        vm.markdownProperty().addListener((obs, old, md) -> {
            renderMarkdownIfShown();
            syncPlain(vm.outputProperty().get());
        });
        Node steps = firstSteps();
        StackPane body = new StackPane(plainOutput, markdownScroll, steps);
        VBox.setVgrow(body, Priority.ALWAYS);

        VBox card = new VBox(10, bar, notice, new ConversationTurns(vm.conversation()).root(), body);
        card.getStyleClass().addAll("card-box", "answer-card");
        return card;
    }

    /**
     * What a new user sees where the answer will go while there is no model to run: where to get one (Discover,
     * or a file they have), or that a cloud target can be typed instead.
     */
    private Node firstSteps() {
        FontIcon icon = new FontIcon(Feather.BOX);
        icon.setIconSize(36);
        icon.getStyleClass().add("empty-icon");
        Label title = new Label("No local model yet");
        title.getStyleClass().add(Styles.TITLE_4);
        Label hint = new Label("Discover lists recommended models and says, before you download, whether each fits"
                + " this machine; the smallest take a few seconds. Or import a .gguf file you already have.");
        hint.getStyleClass().add(Styles.TEXT_MUTED);
        hint.setWrapText(true);
        hint.setMaxWidth(520);
        // Whole at any window size: the page scrolls rather than cut the sentence.
        hint.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        hint.setTextAlignment(javafx.scene.text.TextAlignment.CENTER);

        Button discover = new Button("Find a model in Discover", new FontIcon(Feather.SEARCH));
        discover.setId("first-steps-discover");
        discover.getStyleClass().add(Styles.ACCENT);
        discover.setDefaultButton(false);
        discover.setOnAction(e -> firstSteps.discover().run());
        Button importFile = new Button("Import a .gguf…", new FontIcon(Feather.DOWNLOAD));
        importFile.setId("first-steps-import");
        importFile.setOnAction(e -> firstSteps.importModels().run());
        HBox actions = new HBox(10, discover, importFile);
        actions.setAlignment(Pos.CENTER);

        Label cloud = new Label("Or type a cloud target above, such as openai:gpt-4o-mini or ollama:llama3.2;"
                + " API keys go in ");
        cloud.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        javafx.scene.control.Hyperlink settings = new javafx.scene.control.Hyperlink("Settings");
        settings.setId("first-steps-settings");
        settings.getStyleClass().add(Styles.TEXT_SMALL);
        settings.setOnAction(e -> firstSteps.settings().run());
        HBox cloudLine = new HBox(0, cloud, settings);
        cloudLine.setAlignment(Pos.CENTER);

        VBox box = new VBox(10, icon, title, hint, actions, cloudLine);
        box.setId("first-steps");
        box.setAlignment(Pos.CENTER);
        box.getStyleClass().add("first-steps");
        box.visibleProperty().bind(vm.gettingStartedBinding());
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    private void syncPlain(String text) {
        String shown = plainOutput.getText();
        if (text.startsWith(shown) && text.length() > shown.length()) {
            plainOutput.appendText(text.substring(shown.length()));
            plainOutput.setScrollTop(Double.MAX_VALUE);
        } else if (!text.equals(shown)) {
            // The run's final text can differ from what streamed (bytes of one character split across tokens):
            // replace only what differs, so the view stays where the reader is instead of jumping to the top.
            int same = 0;
            int limit = Math.min(text.length(), shown.length());
            while (same < limit && text.charAt(same) == shown.charAt(same)) {
                same++;
            }
            plainOutput.replaceText(same, shown.length(), text.substring(same));
        }
    }

    private void renderMarkdownIfShown() {
        if (vm.markdownProperty().get() && markdownDirty) {
            renderMarkdown();
        }
    }

    private void renderMarkdown() {
        markdownOutput.show(SafeMarkdown.parse(vm.outputProperty().get()));
        markdownDirty = false;
        if (vm.isRunning()) {
            markdownScroll.setVvalue(1.0);
        }
    }

    private Node metrics() {
        HBox strip = new HBox(10,
                metric("First token", vm.ttftProperty(), "metric-ttft", "Time to first token: from Run to the first non-empty token"),
                metric("Tokens/s", Bindings.createStringBinding(() -> withoutUnit(vm.tokensPerSecondProperty().get()),
                        vm.tokensPerSecondProperty()), "metric-tps", "Generation speed: tokens after the first over their time"),
                metric("Prompt", vm.promptTokensProperty(), "metric-prompt-tokens", "Prompt tokens"),
                metric("Completion", vm.completionTokensProperty(), "metric-completion-tokens", "Completion tokens"),
                metric("Elapsed", vm.elapsedProperty(), "metric-elapsed", "Total time of the run"),
                costMetric());
        strip.getStyleClass().add("metrics");
        return strip;
    }

    /** "387 tok/s" → "387": the caption already says tokens/s, and the tiles are narrow. */
    static String withoutUnit(String rate) {
        return rate == null ? "" : rate.replace(" tok/s", "");
    }

    /** "$0.000064 (exact)": the amount as the value, how it was worked out in the caption. */
    private Node costMetric() {
        Node tile = metric("Cost", Bindings.createStringBinding(() -> {
            String c = vm.costProperty().get();
            int at = c == null ? -1 : c.indexOf(" (");
            return at < 0 ? c : c.substring(0, at);
        }, vm.costProperty()), "metric-cost", "Cost of the run and how it was worked out (exact, estimated or measured)");
        Label caption = (Label) ((VBox) tile).getChildren().get(1);
        caption.setId("metric-cost-basis");
        // Amounts of a fraction of a cent need more digits than the other tiles' numbers.
        ((VBox) tile).setPrefWidth(150);
        ((VBox) tile).setMinWidth(130);
        caption.textProperty().bind(Bindings.createStringBinding(() -> {
            String c = vm.costProperty().get();
            int at = c == null ? -1 : c.indexOf(" (");
            return at < 0 ? "Cost" : "Cost · " + c.substring(at + 2, c.length() - 1);
        }, vm.costProperty()));
        return tile;
    }

    private static Node metric(String caption, javafx.beans.value.ObservableValue<String> value, String id, String hint) {
        Label v = new Label();
        v.setId(id);
        v.textProperty().bind(value);
        v.getStyleClass().add("metric-value");
        Label c = new Label(caption);
        c.getStyleClass().add("metric-caption");
        VBox box = new VBox(2, v, c);
        box.getStyleClass().add("metric");
        javafx.scene.control.Tooltip.install(box, new javafx.scene.control.Tooltip(hint));
        HBox.setHgrow(box, Priority.ALWAYS);
        // Equal tiles: every one starts from the same width and grows by the same share.
        box.setPrefWidth(100);
        box.setMinWidth(90);
        box.setMaxWidth(Double.MAX_VALUE);
        return box;
    }

    private Node composer() {
        TextArea prompt = promptField;
        prompt.setId("prompt");
        prompt.textProperty().bindBidirectional(vm.promptProperty());
        prompt.promptTextProperty().bind(Bindings.when(Bindings.isEmpty(vm.conversation()))
                .then("Write a prompt…  (Ctrl+Enter runs)").otherwise("Write a follow-up…  (Ctrl+Enter runs)"));
        prompt.setPrefRowCount(3);
        prompt.setWrapText(true);
        prompt.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (RUN_KEYS.match(e)) {
                e.consume();
                vm.run();
            }
        });
        HBox.setHgrow(prompt, Priority.ALWAYS);

        Button run = new Button("Run", new FontIcon(Feather.PLAY));
        run.setId("run");
        run.getStyleClass().addAll(Styles.ACCENT);
        run.setDefaultButton(false);
        run.setOnAction(e -> vm.run());
        run.disableProperty().bind(vm.canRunBinding().not());
        run.setMaxWidth(Double.MAX_VALUE);

        Button stop = new Button("Stop", new FontIcon(Feather.SQUARE));
        stop.setId("stop");
        stop.getStyleClass().addAll(Styles.DANGER);
        stop.setOnAction(e -> vm.stop());
        stop.disableProperty().bind(vm.runningProperty().not());
        stop.setMaxWidth(Double.MAX_VALUE);

        Label hint = new Label("Ctrl+Enter");
        hint.getStyleClass().addAll("shortcut-hint");
        VBox buttons = new VBox(8, run, stop, hint);
        buttons.setAlignment(Pos.TOP_CENTER);
        buttons.setPrefWidth(110);
        buttons.setMinWidth(110);

        Button chip = privacyChip();
        VBox promptBox = new VBox(6, prompt, chip);
        VBox.setVgrow(prompt, Priority.ALWAYS);
        HBox.setHgrow(promptBox, Priority.ALWAYS);
        HBox composer = new HBox(10, promptBox, buttons);
        composer.getStyleClass().addAll("card-box", "composer");
        return composer;
    }

    private Button privacyChip() {
        Button chip = new Button();
        chip.setId("privacy-chip");
        chip.setGraphic(new FontIcon(Feather.SHIELD));
        chip.getStyleClass().addAll(Styles.SMALL, Styles.ROUNDED, Styles.BUTTON_OUTLINED);
        chip.textProperty().bind(privacy.summaryProperty());
        chip.visibleProperty().bind(privacy.summaryProperty().isNotEmpty());
        chip.managedProperty().bind(chip.visibleProperty());
        privacy.levelProperty().addListener((o, a, level) -> {
            chip.getStyleClass().removeAll(Styles.SUCCESS, Styles.WARNING, Styles.DANGER);
            switch (level) {
                case CLEAR -> chip.getStyleClass().add(Styles.SUCCESS);
                case FOUND -> chip.getStyleClass().add(Styles.WARNING);
                case BLOCKED -> chip.getStyleClass().add(Styles.DANGER);
                case NONE -> { }
            }
        });
        chip.setOnAction(e -> showFindings(chip));
        // What goes out is the system prompt and the conversation's turns as well: the gate checks all of it.
        privacyPause.setOnFinished(e -> privacy.check(vm.outgoingText(),
                vm.targetProperty().get() == null ? null : vm.targetProperty().get().target()));
        vm.promptProperty().addListener((o, a, b) -> privacyPause.playFromStart());
        vm.systemPromptProperty().addListener((o, a, b) -> privacyPause.playFromStart());
        vm.conversation().addListener((javafx.collections.ListChangeListener<dev.parallax.core.ChatMessage>) c -> privacyPause.playFromStart());
        vm.targetProperty().addListener((o, a, b) -> privacyPause.playFromStart());
        return chip;
    }

    /** The checked prompt with every finding highlighted, and the list of findings. */
    private void showFindings(Button chip) {
        PrivacyCheckViewModel.Checked c = privacy.checkedProperty().get();
        if (c == null) {
            return;
        }
        javafx.scene.text.TextFlow flow = new javafx.scene.text.TextFlow();
        flow.setId("privacy-spans");
        int at = 0;
        for (var f : c.findings().stream().sorted(java.util.Comparator.comparingInt(dev.parallax.privacy.Finding::start)).toList()) {
            if (f.start() < at) {
                continue;
            }
            flow.getChildren().add(new javafx.scene.text.Text(c.text().substring(at, f.start())));
            Label span = new Label(c.text().substring(f.start(), f.end()));
            span.getStyleClass().add("privacy-span");
            span.setTooltip(new javafx.scene.control.Tooltip(f.type().label() + " · " + f.detector()
                    + String.format(java.util.Locale.ROOT, " · %.0f%%", f.confidence() * 100)));
            flow.getChildren().add(span);
            at = f.end();
        }
        flow.getChildren().add(new javafx.scene.text.Text(c.text().substring(at)));
        flow.setMaxWidth(460);
        org.controlsfx.control.PopOver pop = new org.controlsfx.control.PopOver();
        VBox list = new VBox(4);
        int i = 0;
        for (var f : c.findings()) {
            Label l = new Label(f.type().label().replace('_', ' ') + " — " + f.detector()
                    + String.format(java.util.Locale.ROOT, ", %.0f%% sure", f.confidence() * 100));
            l.getStyleClass().add(Styles.TEXT_SMALL);
            Button notSensitive = new Button("Not sensitive");
            notSensitive.setId("dismiss-finding-" + i++);
            notSensitive.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
            notSensitive.setTooltip(new javafx.scene.control.Tooltip("Ignore this exact value for the rest of this "
                    + "session; the audit records that a finding was dismissed, never the value."));
            notSensitive.setOnAction(e -> {
                pop.hide();
                privacy.dismiss(f);
            });
            javafx.scene.layout.Region gap = new javafx.scene.layout.Region();
            HBox.setHgrow(gap, javafx.scene.layout.Priority.ALWAYS);
            HBox row = new HBox(8, l, gap, notSensitive);
            row.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
            list.getChildren().add(row);
        }
        if (!c.dismissed().isEmpty()) {
            Label d = new Label(c.dismissed().size() + " finding(s) dismissed as not sensitive in this session");
            d.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
            Button restore = new Button("Count them again");
            restore.setId("restore-dismissed");
            restore.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
            restore.setOnAction(e -> {
                pop.hide();
                privacy.restoreDismissed();
            });
            HBox row = new HBox(8, d, restore);
            row.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
            list.getChildren().add(row);
        }
        Label note = new Label("Values stay on this machine; the privacy policy is in Settings → Privacy and the CLI "
                + "('parallax privacy').");
        note.setWrapText(true);
        note.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        VBox body = new VBox(10, flow, list, note);
        body.setPadding(new Insets(12));
        body.setPrefWidth(480);
        pop.setContentNode(body);
        pop.setArrowLocation(org.controlsfx.control.PopOver.ArrowLocation.BOTTOM_LEFT);
        pop.setDetachable(false);
        pop.show(chip);
    }

    private Node parameters() {
        Label title = new Label("Parameters");
        title.getStyleClass().add(Styles.TITLE_4);
        ParametersView form = new ParametersView(vm.parameters());
        VBox box = new VBox(14, title, form.root());
        box.getStyleClass().add("parameters-box");
        ScrollPane scroll = new ScrollPane(box);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().addAll("parameters-panel", Tweaks.EDGE_TO_EDGE);
        scroll.setPrefWidth(310);
        scroll.setMinWidth(260);
        scroll.setId("parameters-panel");
        scroll.visibleProperty().bind(parametersToggle.selectedProperty());
        scroll.managedProperty().bind(scroll.visibleProperty());
        return scroll;
    }

    private static VBox section(String title, Node body) {
        Label l = new Label(title);
        l.getStyleClass().addAll(Styles.TEXT_BOLD);
        VBox box = new VBox(6, l, body);
        box.getStyleClass().add("card-box");
        return box;
    }

    /** A picker entry: the model's name, and in the list its architecture, size and quantization. */
    private static final class TargetCell extends ListCell<TargetChoice> {
        private final boolean withDetail;

        TargetCell(boolean withDetail) {
            this.withDetail = withDetail;
        }

        @Override
        protected void updateItem(TargetChoice item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setText(null);
                setGraphic(null);
                return;
            }
            setText(item.label());
            if (withDetail) {
                // Name over detail, both flush left (as text over a graphic, a short name was centred over a longer
                // detail line).
                Label name = new Label(item.label());
                Label detail = new Label(item.detail());
                detail.getStyleClass().addAll(Styles.TEXT_CAPTION, Styles.TEXT_MUTED);
                VBox lines = new VBox(name, detail);
                lines.setAlignment(Pos.CENTER_LEFT);
                setGraphic(lines);
                setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
            } else {
                setGraphic(null);
            }
        }
    }

    public BorderPane root() {
        return root;
    }
}
