package dev.parallax.ui.compare;

import atlantafx.base.controls.Message;
import dev.parallax.ui.base.TabLeaves;
import dev.parallax.ui.base.Messages;
import atlantafx.base.controls.Spacer;
import atlantafx.base.controls.ToggleSwitch;
import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.parallax.bench.compare.Badge;
import dev.parallax.engine.local.EngineChoice;
import dev.parallax.history.ComparisonRecord;
import dev.parallax.ui.base.Formats;
import dev.parallax.ui.base.WindowWidth;
import dev.parallax.ui.markdown.MarkdownView;
import dev.parallax.ui.markdown.SafeMarkdown;
import dev.parallax.ui.playground.Notice;
import dev.parallax.ui.playground.NoticeMessage;
import dev.parallax.ui.playground.ParametersView;
import dev.parallax.ui.playground.TargetChoice;
import javafx.animation.AnimationTimer;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.control.OverrunStyle;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** The Compare screen: targets, prompts and options on top, one streaming column per target, past comparisons. */
public final class CompareView {

    static final KeyCombination RUN_KEYS = new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN);
    /** While streaming, a column's Markdown is re-rendered at most this often. */
    private static final long MARKDOWN_INTERVAL_NANOS = 150_000_000L;
    /** Below this a column is too narrow to read: 5–6 columns scroll sideways instead. */
    private static final double MIN_COLUMN_WIDTH = 230;
    private static final double COLUMN_GAP = 12;

    private final CompareViewModel vm;
    private final Consumer<URI> openLink;
    private final BorderPane root = new BorderPane();
    private final HBox columnBox = new HBox(COLUMN_GAP);
    private final ScrollPane columnScroll = new ScrollPane(columnBox);
    private final List<ColumnView> columnViews = new ArrayList<>();
    private final AnimationTimer frames;
    private final javafx.scene.control.ToggleButton sideToggle =
            new javafx.scene.control.ToggleButton(null, new FontIcon(Feather.SIDEBAR));
    /** In a narrow window the side panel folds away, so the form and the columns keep their width. */
    private final WindowWidth width = WindowWidth.of(root);
    private long lastMarkdownRender;

    public CompareView(CompareViewModel vm, Consumer<URI> openLink) {
        this.vm = vm;
        this.openLink = openLink;
        root.getStyleClass().add("compare");
        root.setTop(header());
        root.setCenter(center());
        root.setRight(sidePanel());
        width.foldsWith(sideToggle);

        frames = new AnimationTimer() {
            @Override
            public void handle(long now) {
                vm.onFrame(System.nanoTime());
                if (now - lastMarkdownRender > MARKDOWN_INTERVAL_NANOS) {
                    lastMarkdownRender = now;
                    columnViews.forEach(ColumnView::renderIfDirty);
                }
            }
        };
        vm.runningProperty().addListener((obs, was, running) -> {
            if (running) {
                frames.start();
            } else {
                frames.stop();
                columnViews.forEach(ColumnView::renderIfDirty);
            }
        });
        vm.columns().addListener((ListChangeListener<CompareColumn>) c -> rebuildColumns());
        rebuildColumns();
    }

    public BorderPane root() {
        return root;
    }

    private Node header() {
        Label title = new Label("Compare");
        title.getStyleClass().add(Styles.TITLE_3);
        Label status = new Label();
        status.setId("compare-status");
        status.textProperty().bind(vm.statusProperty());
        status.getStyleClass().addAll(Styles.TEXT_MUTED);
        status.setTextOverrun(OverrunStyle.ELLIPSIS);

        Button export = new Button("Export…", new FontIcon(Feather.DOWNLOAD));
        export.setId("compare-export");
        export.setTooltip(new Tooltip("Export the shown comparison as a report"));
        export.disableProperty().bind(vm.exportDisabledBinding());
        export.visibleProperty().bind(vm.onExportProperty().isNotNull());
        export.managedProperty().bind(export.visibleProperty());
        export.setOnAction(e -> vm.export());

        sideToggle.setId("compare-side-toggle");
        sideToggle.setSelected(true);
        sideToggle.getStyleClass().addAll(Styles.BUTTON_ICON);
        sideToggle.setTooltip(new Tooltip("Show or hide past comparisons and parameters (more room for the columns)"));
        // Only the status line gives way in a narrow window: at 960 px the title read "Co…" and Export "E…".
        title.setMinWidth(Region.USE_PREF_SIZE);
        export.setMinWidth(Region.USE_PREF_SIZE);
        HBox header = new HBox(10, title, new Spacer(), status, export, sideToggle);
        header.setAlignment(Pos.CENTER_LEFT);
        header.getStyleClass().add("page-header");
        return header;
    }

    private Node center() {
        Message notice = Messages.create();
        notice.setId("compare-notice");
        notice.setVisible(false);
        notice.setManaged(false);
        vm.noticeProperty().addListener((obs, old, n) -> NoticeMessage.show(notice, n));

        columnBox.setId("compare-columns");
        columnBox.setPadding(new Insets(2));
        columnScroll.setFitToHeight(true);
        columnScroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.AS_NEEDED);
        columnScroll.setVbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        columnScroll.getStyleClass().addAll("compare-columns-scroll", Tweaks.EDGE_TO_EDGE);
        columnScroll.viewportBoundsProperty().addListener((obs, a, b) -> sizeColumns());
        VBox.setVgrow(columnScroll, Priority.ALWAYS);

        Label empty = new Label("Add two to six targets, write a prompt and press Run: each target gets a column.");
        empty.getStyleClass().addAll(Styles.TEXT_MUTED);
        empty.setWrapText(true);
        empty.visibleProperty().bind(Bindings.isEmpty(vm.columns()));
        empty.managedProperty().bind(empty.visibleProperty());

        VBox body = new VBox(12, setup(), notice, empty, columnScroll);
        body.getStyleClass().add("page-body");
        return body;
    }

    private Node setup() {
        ComboBox<TargetChoice> picker = new ComboBox<>(vm.available());
        picker.setId("compare-target");
        picker.setEditable(true);
        picker.setConverter(new StringConverter<>() {
            @Override
            public String toString(TargetChoice c) {
                return c == null ? "" : c.label();
            }

            @Override
            public TargetChoice fromString(String text) {
                return vm.resolve(text);
            }
        });
        picker.valueProperty().bindBidirectional(vm.candidateProperty());
        picker.setPromptText("Model, or provider:model");
        picker.setTooltip(new Tooltip("Pick a local model or a cloud target, or type provider:model, then Add"));
        picker.setPrefWidth(260);
        picker.setMinWidth(140);
        picker.setCellFactory(list -> new ChoiceCell());
        picker.disableProperty().bind(vm.runningProperty());

        Button add = new Button("Add", new FontIcon(Feather.PLUS));
        add.setId("compare-add");
        add.disableProperty().bind(vm.canAddBinding().not());
        add.setOnAction(e -> {
            picker.commitValue();
            vm.addCandidate();
        });

        FlowPane chips = new FlowPane(6, 6);
        chips.setId("compare-chips");
        chips.setAlignment(Pos.CENTER_LEFT);
        Runnable drawChips = () -> chips.getChildren().setAll(vm.chosen().stream().map(this::chip).toList());
        vm.chosen().addListener((ListChangeListener<TargetChoice>) c -> drawChips.run());
        drawChips.run();
        chips.visibleProperty().bind(Bindings.isNotEmpty(vm.chosen()));
        chips.managedProperty().bind(chips.visibleProperty());

        Label count = new Label();
        count.textProperty().bind(Bindings.size(vm.chosen()).asString("%d chosen · 2 to 6"));
        count.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);

        Label targetsLabel = new Label("Targets");
        targetsLabel.getStyleClass().add(Styles.TEXT_BOLD);
        targetsLabel.setMinWidth(Region.USE_PREF_SIZE);
        HBox targetRow = new HBox(8, targetsLabel, picker, add, new Spacer(), count);
        targetRow.setAlignment(Pos.CENTER_LEFT);

        TextArea system = new TextArea();
        system.setId("compare-system");
        system.textProperty().bindBidirectional(vm.systemPromptProperty());
        system.setPromptText("System prompt (optional)");
        system.setPrefRowCount(2);
        system.setWrapText(true);
        system.disableProperty().bind(vm.runningProperty());
        system.setPrefWidth(320);

        TextArea prompt = new TextArea();
        prompt.setId("compare-prompt");
        prompt.textProperty().bindBidirectional(vm.promptProperty());
        prompt.setPromptText("The prompt every target gets");
        prompt.setPrefRowCount(2);
        prompt.setWrapText(true);
        prompt.disableProperty().bind(vm.runningProperty());
        prompt.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (RUN_KEYS.match(e)) {
                e.consume();
                vm.run();
            }
        });
        HBox.setHgrow(prompt, Priority.ALWAYS);
        TabLeaves.install(system, prompt);
        HBox prompts = new HBox(8, system, prompt);

        Spinner<Integer> repeat = new Spinner<>();
        repeat.setId("compare-repeat");
        SpinnerValueFactory.IntegerSpinnerValueFactory counts = new SpinnerValueFactory.IntegerSpinnerValueFactory(1, 100, 1);
        repeat.setValueFactory(counts);
        counts.valueProperty().bindBidirectional(vm.repeatProperty());
        repeat.setEditable(true);
        repeat.setPrefWidth(86);
        repeat.disableProperty().bind(vm.runningProperty());
        repeat.setTooltip(new Tooltip("Runs per target; with more than one, each column shows median and p95"));

        ToggleSwitch sequential = new ToggleSwitch("Sequential for fair timing");
        sequential.setId("compare-sequential");
        sequential.selectedProperty().bindBidirectional(vm.sequentialProperty());
        sequential.disableProperty().bind(vm.runningProperty());
        sequential.setTooltip(new Tooltip("One run at a time across all targets, so none competes with another for "
                + "the CPU or the network. Otherwise cloud targets run at once; local ones always one after another."));
        // In a narrow window the short name (the tooltip says the rest): with the side panel open there, the long one
        // made the form wider than the window, and the header's panel button went past its right edge.
        sequential.textProperty().bind(Bindings.when(width.wideProperty()).then("Sequential for fair timing")
                .otherwise("Sequential"));


        Button run = new Button("Run", new FontIcon(Feather.PLAY));
        run.setId("compare-run");
        run.getStyleClass().add(Styles.ACCENT);
        run.setDefaultButton(false);
        run.disableProperty().bind(vm.canRunBinding().not());
        run.setOnAction(e -> vm.run());
        run.setTooltip(new Tooltip("Run the comparison (Ctrl+Enter in the prompt)"));

        Button stop = new Button("Stop", new FontIcon(Feather.SQUARE));
        stop.setId("compare-stop");
        stop.getStyleClass().add(Styles.DANGER);
        stop.disableProperty().bind(vm.runningProperty().not());
        stop.setOnAction(e -> vm.stop());

        for (javafx.scene.control.Control c : List.of(add, count, repeat, run, stop, sequential)) {
            c.setMinWidth(Region.USE_PREF_SIZE);
        }
        HBox settings = new HBox(12, muted("Repeat"), repeat, sequential);
        settings.setAlignment(Pos.CENTER_LEFT);
        HBox actions = new HBox(12, run, stop);
        actions.setAlignment(Pos.CENTER_RIGHT);
        // One row in a wide window; in a narrow one Run and Stop go under the options, so that with the side panel
        // open the form still fits the window (it was 50 px too wide, the header's panel button past the right edge).
        VBox options = new VBox(8);
        Runnable arrange = () -> {
            HBox.setHgrow(actions, Priority.ALWAYS);
            if (width.wideProperty().get()) {
                HBox row = new HBox(12);
                row.setAlignment(Pos.CENTER_LEFT);
                options.getChildren().setAll(row);
                row.getChildren().setAll(settings, actions);
            } else {
                options.getChildren().setAll(settings, actions);
            }
        };
        width.wideProperty().addListener((o, was, wide) -> arrange.run());
        arrange.run();

        VBox box = new VBox(10, targetRow, chips, prompts, options);
        box.getStyleClass().addAll("card-box", "compare-setup");
        return box;
    }

    private Node chip(TargetChoice choice) {
        Label name = new Label(choice.label());
        name.setGraphic(new FontIcon(choice.target().isLocal() ? Feather.CPU : Feather.CLOUD));
        Button remove = new Button(null, new FontIcon(Feather.X));
        remove.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL, "compare-chip-remove");
        remove.setOnAction(e -> vm.remove(choice));
        remove.disableProperty().bind(vm.runningProperty());
        remove.setTooltip(new Tooltip("Remove " + choice.label()));
        HBox chip = new HBox(2, name, remove);
        chip.setAlignment(Pos.CENTER_LEFT);
        chip.getStyleClass().add("compare-chip");
        Tooltip.install(chip, new Tooltip(choice.target().toString() + (choice.detail().isBlank() ? "" : "\n" + choice.detail())));
        return chip;
    }

    private Node sidePanel() {
        ListView<ComparisonRecord> list = new ListView<>(vm.past());
        list.setId("past-comparisons");
        list.setCellFactory(l -> new PastCell());
        list.setPlaceholder(new Label("No comparison yet"));
        list.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && list.getSelectionModel().getSelectedItem() != null) {
                vm.open(list.getSelectionModel().getSelectedItem());
            }
        });
        VBox.setVgrow(list, Priority.ALWAYS);
        Button open = new Button("Open", new FontIcon(Feather.FOLDER));
        open.setId("past-open");
        open.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull().or(vm.runningProperty()));
        open.setOnAction(e -> vm.open(list.getSelectionModel().getSelectedItem()));
        Button refresh = new Button(null, new FontIcon(Feather.REFRESH_CW));
        refresh.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        refresh.setTooltip(new Tooltip("Reload the list"));
        refresh.setOnAction(e -> vm.refreshPast());
        Label hint = new Label("Open shows a saved comparison read-only in the columns.");
        hint.setWrapText(true);
        hint.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        VBox pastBox = new VBox(8, list, new HBox(6, open, new Spacer(), refresh), hint);
        pastBox.setPadding(new Insets(10));

        ComboBox<EngineChoice> engine = new ComboBox<>();
        engine.setId("compare-engine");
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
        engine.setMaxWidth(Double.MAX_VALUE);
        engine.setTooltip(new Tooltip("Which local engine runs the local models"));
        engine.disableProperty().bind(vm.runningProperty());
        Label engineLabel = new Label("Local engine");
        engineLabel.getStyleClass().add(Styles.TEXT_BOLD);
        Label engineHint = new Label("Runs the local models; cloud targets ignore it. Compare sends every prompt in "
                + "auto mode (chat template when the model has one).");
        engineHint.setWrapText(true);
        engineHint.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        VBox params = new VBox(10, engineLabel, engine, engineHint, new javafx.scene.control.Separator(),
                new ParametersView(vm.parameters(), false).root());
        params.setPadding(new Insets(12));
        ScrollPane paramsScroll = new ScrollPane(params);
        paramsScroll.setFitToWidth(true);
        paramsScroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        paramsScroll.getStyleClass().add(Tweaks.EDGE_TO_EDGE);

        Tab past = new Tab("Past comparisons", pastBox);
        past.setId("tab-past");
        Tab parameters = new Tab("Parameters", paramsScroll);
        parameters.setId("tab-parameters");
        TabPane tabs = new TabPane(past, parameters);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getStyleClass().add(Styles.DENSE);
        VBox side = new VBox(tabs);
        VBox.setVgrow(tabs, Priority.ALWAYS);
        side.getStyleClass().add("parameters-panel");
        side.setPrefWidth(270);
        side.setMinWidth(240);
        side.visibleProperty().bind(sideToggle.selectedProperty());
        side.managedProperty().bind(side.visibleProperty());
        return side;
    }

    private void rebuildColumns() {
        columnViews.clear();
        for (CompareColumn c : vm.columns()) {
            columnViews.add(new ColumnView(c));
        }
        columnBox.getChildren().setAll(columnViews.stream().map(v -> v.card).toList());
        columnScroll.setHvalue(0);
        sizeColumns();
    }

    /** Two to four columns share the width; five or six keep a readable width and scroll sideways. */
    private void sizeColumns() {
        int n = columnViews.size();
        if (n == 0) {
            return;
        }
        double available = columnScroll.getViewportBounds().getWidth() - 10;
        double width = Math.max(MIN_COLUMN_WIDTH, (available - COLUMN_GAP * (n - 1)) / n);
        for (ColumnView v : columnViews) {
            v.card.setPrefWidth(width);
            v.card.setMinWidth(width);
            v.card.setMaxWidth(width);
        }
    }

    private static Label muted(String text) {
        Label l = new Label(text);
        l.setMinWidth(Region.USE_PREF_SIZE);
        l.getStyleClass().add(Styles.TEXT_MUTED);
        return l;
    }

    static String badgeText(Badge b) {
        return switch (b) {
            case FASTEST_FIRST_TOKEN -> "Fastest TTFT";
            case FASTEST_TOTAL -> "Fastest total";
            case CHEAPEST -> "Cheapest";
        };
    }

    private static String badgeHelp(Badge b) {
        return switch (b) {
            case FASTEST_FIRST_TOKEN -> "Lowest median time to the first token";
            case FASTEST_TOTAL -> "Lowest median time to the whole answer";
            case CHEAPEST -> "Lowest cost per run, among targets whose every run has a known cost";
        };
    }

    private static Feather badgeIcon(Badge b) {
        return switch (b) {
            case FASTEST_FIRST_TOKEN -> Feather.ZAP;
            case FASTEST_TOTAL -> Feather.FLAG;
            case CHEAPEST -> Feather.DOLLAR_SIGN;
        };
    }

    /** One column's card. */
    private final class ColumnView {
        final CompareColumn column;
        final VBox card = new VBox(8);
        final MarkdownView markdown = new MarkdownView(openLink);
        final ScrollPane answerScroll = new ScrollPane(markdown);
        boolean dirty;

        ColumnView(CompareColumn column) {
            this.column = column;
            String id = "column-" + column.index();
            card.setId(id);
            card.getStyleClass().addAll("card-box", "compare-column");

            Label name = new Label(column.target());
            name.setId(id + "-target");
            name.getStyleClass().addAll(Styles.TEXT_BOLD);
            name.setGraphic(new FontIcon(column.isLocal() ? Feather.CPU : Feather.CLOUD));
            name.setTextOverrun(OverrunStyle.ELLIPSIS);
            name.setMinWidth(0);
            name.setMaxWidth(Double.MAX_VALUE);
            Tooltip.install(name, new Tooltip(column.target()));
            Label status = new Label();
            status.setId(id + "-status");
            status.textProperty().bind(column.statusProperty());
            status.getStyleClass().add("status-pill");
            status.setMinWidth(Region.USE_PREF_SIZE);
            column.stateProperty().addListener((o, a, s) -> styleStatus(status, s));
            styleStatus(status, column.stateProperty().get());

            Label order = new Label();
            order.setId(id + "-order");
            order.textProperty().bind(column.orderProperty());
            order.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
            order.setMinWidth(0);

            FlowPane statusRow = new FlowPane(6, 6);
            statusRow.setId(id + "-badges");
            statusRow.setAlignment(Pos.CENTER_LEFT);
            Runnable drawBadges = () -> {
                statusRow.getChildren().setAll(status);
                column.badges().forEach(b -> {
                    Label l = new Label(badgeText(b), new FontIcon(badgeIcon(b)));
                    l.getStyleClass().addAll("compare-badge", Styles.SUCCESS);
                    l.setTooltip(new Tooltip(badgeHelp(b)));
                    statusRow.getChildren().add(l);
                });
            };
            column.badges().addListener((ListChangeListener<Badge>) c -> drawBadges.run());
            drawBadges.run();

            GridPane metrics = new GridPane();
            metrics.setHgap(6);
            metrics.setVgap(6);
            metrics.add(metric("TTFT", column.ttftProperty(), id + "-ttft"), 0, 0);
            metrics.add(metric("Total", column.totalProperty(), id + "-total"), 1, 0);
            metrics.add(metric("tok/s", Bindings.createStringBinding(
                    () -> column.tokensPerSecondProperty().get().replace(" tok/s", ""), column.tokensPerSecondProperty()),
                    id + "-tps"), 0, 1);
            metrics.add(metric("Tokens", column.tokensProperty(), id + "-tokens"), 1, 1);
            metrics.add(metric("Cost", column.costProperty(), id + "-cost"), 0, 2, 2, 1);
            for (int i = 0; i < 2; i++) {
                javafx.scene.layout.ColumnConstraints cc = new javafx.scene.layout.ColumnConstraints();
                cc.setPercentWidth(50);
                cc.setFillWidth(true);
                metrics.getColumnConstraints().add(cc);
            }

            Node stats = stats(id);

            Message error = Messages.create();
            error.setId(id + "-error");
            error.getStyleClass().add(Styles.DANGER);
            error.setGraphic(new FontIcon(Feather.ALERT_OCTAGON));
            error.setTitle("No answer");
            error.descriptionProperty().bind(column.errorProperty());
            error.visibleProperty().bind(column.errorProperty().isNotEmpty());
            error.managedProperty().bind(error.visibleProperty());
            column.stateProperty().addListener((o, a, s) -> error.setTitle(titleFor(s)));
            error.setTitle(titleFor(column.stateProperty().get()));

            Message note = Messages.create();
            note.setId(id + "-note");
            note.getStyleClass().add(Styles.ACCENT);
            note.setGraphic(new FontIcon(Feather.SHIELD));
            note.setTitle("Kept on this machine");
            note.descriptionProperty().bind(column.noteProperty());
            note.visibleProperty().bind(column.noteProperty().isNotEmpty());
            note.managedProperty().bind(note.visibleProperty());

            markdown.setId(id + "-answer");
            answerScroll.setFitToWidth(true);
            answerScroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
            answerScroll.getStyleClass().addAll("answer-scroll", "compare-answer");
            VBox.setVgrow(answerScroll, Priority.ALWAYS);
            column.outputProperty().addListener((o, a, b) -> {
                dirty = true;
                if (!vm.isRunning()) {
                    renderIfDirty();
                }
            });
            dirty = true;
            renderIfDirty();

            Label startup = new Label();
            startup.setId(id + "-startup");
            startup.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
            startup.setWrapText(true);
            startup.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
            startup.textProperty().bind(column.startupNoteProperty());
            startup.visibleProperty().bind(column.startupNoteProperty().isNotEmpty());
            startup.managedProperty().bind(startup.visibleProperty());

            card.getChildren().addAll(name, order, statusRow, metrics, startup, stats, error, note, answerScroll);
        }

        private String titleFor(CompareColumn.State s) {
            return switch (s) {
                case REFUSED -> "Not run";
                case FAILED -> "Failed";
                case STOPPED -> "Stopped";
                default -> "A run went wrong";
            };
        }

        private Node stats(String id) {
            GridPane g = new GridPane();
            g.setId(id + "-stats");
            g.setHgap(12);
            g.setVgap(2);
            g.getStyleClass().add("compare-stats");
            g.add(caption(""), 0, 0);
            g.add(caption("median"), 1, 0);
            g.add(caption("p95"), 2, 0);
            statsRow(g, 1, "TTFT", column.ttftStatsProperty(), id + "-ttft");
            statsRow(g, 2, "Total", column.totalStatsProperty(), id + "-total");
            statsRow(g, 3, "tok/s", column.rateStatsProperty(), id + "-tps");
            g.visibleProperty().bind(column.hasStatsProperty());
            g.managedProperty().bind(g.visibleProperty());
            return g;
        }

        private void statsRow(GridPane g, int row, String name, ObservableValue<CompareColumn.StatsRow> value, String id) {
            Label median = new Label();
            median.setId(id + "-p50");
            median.textProperty().bind(Bindings.createStringBinding(() -> value.getValue().median(), value));
            Label p95 = new Label();
            p95.setId(id + "-p95");
            p95.textProperty().bind(Bindings.createStringBinding(() -> value.getValue().p95(), value));
            g.add(caption(name), 0, row);
            g.add(median, 1, row);
            g.add(p95, 2, row);
        }

        void renderIfDirty() {
            if (dirty) {
                dirty = false;
                markdown.show(SafeMarkdown.parse(column.outputProperty().get()));
                answerScroll.setVvalue(vm.isRunning() ? 1.0 : 0.0);
            }
        }
    }

    private static void styleStatus(Label status, CompareColumn.State s) {
        status.getStyleClass().removeAll("status-done", "status-failed", "status-running");
        switch (s) {
            case DONE -> status.getStyleClass().add("status-done");
            case FAILED, REFUSED -> status.getStyleClass().add("status-failed");
            case RUNNING -> status.getStyleClass().add("status-running");
            default -> { }
        }
    }

    private static Label caption(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("metric-caption");
        return l;
    }

    private static Node metric(String caption, ObservableValue<String> value, String id) {
        Label v = new Label();
        v.setId(id);
        v.textProperty().bind(value);
        v.getStyleClass().add("compare-metric-value");
        v.setMinWidth(0);
        Label c = new Label(caption);
        c.getStyleClass().add("metric-caption");
        VBox box = new VBox(1, v, c);
        box.getStyleClass().addAll("metric", "compare-metric");
        box.setMaxWidth(Double.MAX_VALUE);
        return box;
    }

    /** A picker entry: its name and what it is. */
    private static final class ChoiceCell extends ListCell<TargetChoice> {
        @Override
        protected void updateItem(TargetChoice item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setText(null);
                setGraphic(null);
                return;
            }
            Label name = new Label(item.label());
            Label detail = new Label(item.detail());
            detail.getStyleClass().addAll(Styles.TEXT_CAPTION, Styles.TEXT_MUTED);
            setGraphic(new VBox(1, name, detail));
            setText(null);
        }
    }

    /** A past comparison: its prompt, when, and which targets. */
    private static final class PastCell extends ListCell<ComparisonRecord> {
        @Override
        protected void updateItem(ComparisonRecord item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setText(null);
                setGraphic(null);
                return;
            }
            String firstLine = item.prompt().strip().lines().findFirst().orElse("");
            Label prompt = new Label(firstLine);
            prompt.getStyleClass().add(Styles.TEXT_BOLD);
            prompt.setTextOverrun(OverrunStyle.ELLIPSIS);
            Label when = new Label(Formats.time(item.createdAt()) + (item.repeat() > 1 ? " · ×" + item.repeat() : ""));
            when.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
            Label targets = new Label(String.join(", ", item.targets()));
            targets.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
            targets.setTextOverrun(OverrunStyle.ELLIPSIS);
            VBox box = new VBox(1, prompt, when, targets);
            box.setMaxWidth(230);
            prompt.setMaxWidth(230);
            targets.setMaxWidth(230);
            setGraphic(box);
            setText(null);
            setTooltip(new Tooltip(item.prompt() + "\n\n" + String.join("\n", item.targets())));
        }
    }
}
