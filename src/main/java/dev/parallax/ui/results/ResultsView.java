package dev.parallax.ui.results;

import atlantafx.base.controls.Message;
import dev.parallax.ui.base.Messages;
import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.parallax.bench.quality.CheckResult;
import dev.parallax.ui.base.Formats;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.ScatterChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The Results screen: the running batch's progress and controls, then tabs for the rows × targets grid (with the
 * selected row's answers side by side), the statistics and verdicts, the charts, and the past batches.
 */
public final class ResultsView {

    private final ResultsViewModel vm;
    private final BorderPane root = new BorderPane();
    private final TableView<ResultRow> grid = new TableView<>();
    private final HBox answers = new HBox(12);
    private final LatencyBoxPlot boxPlot = new LatencyBoxPlot();
    private final BarChart<String, Number> tpsChart = new BarChart<>(new CategoryAxis(), new NumberAxis());
    private final ScatterChart<Number, Number> costQuality = new ScatterChart<>(new NumberAxis(), new NumberAxis());
    private final Label chartNote = new Label();
    private final TabPane tabs = new TabPane();

    public ResultsView(ResultsViewModel vm) {
        this.vm = vm;
        root.getStyleClass().add("results");
        root.setTop(new VBox(10, header(), progressStrip(), unfinishedBanner(), note()));
        tabs.getTabs().addAll(tab("Grid", Feather.GRID, gridTab()), tab("Statistics", Feather.LIST, statsTab()),
                tab("Charts", Feather.BAR_CHART_2, chartsTab()), tab("Batches", Feather.ARCHIVE, batchesTab()));
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setId("results-tabs");
        BorderPane.setMargin(tabs, new Insets(6, 24, 16, 24));
        root.setCenter(tabs);
        vm.charts().addListener((ListChangeListener<TargetChart>) c -> showCharts());
        vm.selectedRowProperty().addListener((o, a, row) -> showAnswers(row));
        showAnswers(null);
        // With nothing shown yet, batches waiting to be resumed are what the screen has to offer.
        vm.unfinishedProperty().addListener((o, a, n) -> {
            if (n.intValue() > 0 && vm.currentBatchIdProperty().get().isEmpty()) {
                showTab("Batches");
            }
        });
    }

    private static Tab tab(String title, Feather icon, Node content) {
        Tab t = new Tab(title, content);
        t.setGraphic(new FontIcon(icon));
        t.setId("results-tab-" + title.toLowerCase(java.util.Locale.ROOT));
        return t;
    }

    /** Shows a tab by its title (Grid, Statistics, Charts, Batches). */
    public void showTab(String title) {
        tabs.getTabs().stream().filter(t -> t.getText().equals(title)).findFirst()
                .ifPresent(t -> tabs.getSelectionModel().select(t));
    }

    private Node header() {
        Label title = new Label("Results");
        title.getStyleClass().add(Styles.TITLE_3);
        Label batch = new Label();
        batch.setId("results-title");
        batch.getStyleClass().add(Styles.TEXT_BOLD);
        batch.textProperty().bind(vm.titleProperty());
        batch.setMinWidth(0);
        Label summary = new Label();
        summary.setId("results-summary");
        summary.getStyleClass().add(Styles.TEXT_MUTED);
        summary.textProperty().bind(vm.summaryProperty());
        summary.setMinWidth(0);
        VBox text = new VBox(2, batch, summary);
        HBox.setHgrow(text, Priority.SOMETIMES);
        text.setMinWidth(0);
        Button export = new Button("Export…", new FontIcon(Feather.SHARE));
        export.setId("results-export");
        export.visibleProperty().bind(vm.exportAvailableProperty());
        export.managedProperty().bind(export.visibleProperty());
        export.setOnAction(e -> vm.export());
        export.setMinWidth(Region.USE_PREF_SIZE);
        Button refresh = new Button(null, new FontIcon(Feather.REFRESH_CW));
        refresh.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        refresh.setTooltip(new Tooltip("Read the results and the list of batches again"));
        refresh.setOnAction(e -> {
            vm.reload();
            vm.refreshBatches();
        });
        title.setMinWidth(Region.USE_PREF_SIZE);
        HBox header = new HBox(14, title, text, new Spacer(), export, refresh);
        header.setAlignment(Pos.CENTER_LEFT);
        header.getStyleClass().add("page-header");
        return header;
    }

    private Node progressStrip() {
        ProgressBar bar = new ProgressBar();
        bar.setId("batch-progress");
        bar.progressProperty().bind(vm.progressProperty());
        bar.setPrefWidth(260);
        Label done = new Label();
        done.setId("batch-progress-text");
        done.textProperty().bind(vm.progressTextProperty());
        Label eta = new Label();
        eta.setId("batch-eta");
        eta.getStyleClass().add(Styles.TEXT_MUTED);
        eta.textProperty().bind(vm.etaTextProperty());
        Label cost = new Label();
        cost.setId("batch-cost");
        cost.getStyleClass().add(Styles.TEXT_MUTED);
        cost.textProperty().bind(vm.costTextProperty());
        Label state = new Label();
        state.setId("batch-state");
        state.getStyleClass().add(Styles.TEXT_BOLD);
        state.textProperty().bind(vm.stateTextProperty());
        Button pause = new Button("Pause", new FontIcon(Feather.PAUSE));
        pause.setId("batch-pause");
        pause.visibleProperty().bind(vm.pausedProperty().not());
        pause.managedProperty().bind(pause.visibleProperty());
        pause.setOnAction(e -> vm.pause());
        Button resume = new Button("Resume", new FontIcon(Feather.PLAY));
        resume.setId("batch-resume");
        resume.visibleProperty().bind(vm.pausedProperty());
        resume.managedProperty().bind(resume.visibleProperty());
        resume.setOnAction(e -> vm.resume());
        Button cancel = new Button("Cancel", new FontIcon(Feather.X_CIRCLE));
        cancel.setId("batch-cancel");
        cancel.getStyleClass().add(Styles.DANGER);
        cancel.setOnAction(e -> vm.cancel());
        pause.disableProperty().bind(vm.activeProperty().not());
        cancel.disableProperty().bind(vm.activeProperty().not());
        HBox buttons = new HBox(6, pause, resume, cancel);
        buttons.visibleProperty().bind(vm.activeProperty());
        buttons.managedProperty().bind(buttons.visibleProperty());
        for (javafx.scene.control.Control c : List.of(done, eta, cost, pause, resume, cancel)) {
            c.setMinWidth(Region.USE_PREF_SIZE);
        }
        // "Completed" or "Running" whole; a long reason for a stop is cut, and reads in full in the tooltip.
        state.setMinWidth(Math.min(110, state.prefWidth(-1)));
        state.textProperty().addListener((o, a, t) -> state.setMinWidth(Math.min(110, state.prefWidth(-1))));
        state.setMaxWidth(420);
        Tooltip stateTip = new Tooltip();
        stateTip.textProperty().bind(vm.stateTextProperty());
        state.setTooltip(stateTip);
        bar.setMinWidth(60);
        HBox.setHgrow(bar, Priority.SOMETIMES);
        bar.setMaxWidth(260);
        HBox strip = new HBox(12, state, bar, done, eta, cost, new Spacer(), buttons);
        strip.setAlignment(Pos.CENTER_LEFT);
        strip.getStyleClass().addAll("card-box", "batch-progress-strip");
        strip.visibleProperty().bind(vm.stateTextProperty().isNotEmpty());
        strip.managedProperty().bind(strip.visibleProperty());
        VBox.setMargin(strip, new Insets(0, 24, 0, 24));
        return strip;
    }

    private Node unfinishedBanner() {
        Message banner = Messages.create("Unfinished batches", "", new FontIcon(Feather.ALERT_CIRCLE));
        banner.setId("results-unfinished");
        banner.getStyleClass().add(Styles.WARNING);
        banner.descriptionProperty().bind(vm.unfinishedProperty().map(n -> n.intValue() == 1
                ? "One batch stopped before its end. Open Batches and press Resume: only what did not finish runs."
                : n + " batches stopped before their end. Open Batches and press Resume: only what did not finish runs."));
        banner.visibleProperty().bind(vm.unfinishedProperty().greaterThan(0).and(vm.activeProperty().not()));
        banner.managedProperty().bind(banner.visibleProperty());
        VBox.setMargin(banner, new Insets(0, 24, 0, 24));
        return banner;
    }

    private Node note() {
        Label note = new Label();
        note.setId("results-note");
        note.setWrapText(true);
        note.getStyleClass().add(Styles.TEXT_MUTED);
        note.textProperty().bind(vm.noteProperty());
        note.visibleProperty().bind(vm.noteProperty().isNotEmpty());
        note.managedProperty().bind(note.visibleProperty());
        VBox.setMargin(note, new Insets(0, 24, 0, 24));
        return note;
    }

    // Grid.

    private Node gridTab() {
        ComboBox<ResultsViewModel.Filter> filter = new ComboBox<>();
        filter.setId("results-filter");
        filter.getItems().setAll(ResultsViewModel.Filter.values());
        filter.valueProperty().bindBidirectional(vm.filterProperty());
        CheckBox compare = new CheckBox("Compare answers between targets");
        compare.setTooltip(new Tooltip("Flags rows whose answers mean different things (all-MiniLM-L6-v2, offline)"));
        compare.selectedProperty().bindBidirectional(vm.compareAnswersProperty());
        Label count = new Label();
        count.setId("results-count");
        count.getStyleClass().add(Styles.TEXT_MUTED);
        count.textProperty().bind(Bindings.size(vm.rows()).asString("%d rows"));
        Label show = new Label("Show");
        show.setId("results-show");
        compare.setId("results-compare");
        for (Region whole : List.of(show, filter, count, compare)) {
            whole.setMinWidth(Region.USE_PREF_SIZE);
        }
        // In a narrow window the legend takes what room is left and wraps onto more lines.
        Label legend = new Label("Green: passed its checks · red: failed or a check failed · ≠: the targets' answers disagree");
        legend.setId("results-legend");
        legend.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        legend.setWrapText(true);
        HBox bar = new HBox(12, show, filter, count, compare, new Spacer(), legend);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setMinHeight(Region.USE_PREF_SIZE);
        bar.setPadding(new Insets(8, 0, 8, 0));

        grid.setId("results-grid");
        grid.setItems(vm.rows());
        grid.getStyleClass().addAll(Styles.BORDERED, "results-grid");
        grid.setFixedCellSize(58);
        vm.targetNames().addListener((ListChangeListener<String>) c -> rebuildGridColumns());
        rebuildGridColumns();
        FontIcon icon = new FontIcon(Feather.GRID);
        icon.setIconSize(36);
        icon.getStyleClass().add("empty-icon");
        Label empty = new Label("No batch shown");
        empty.getStyleClass().add(Styles.TITLE_4);
        Label hint = new Label("Run a batch from Datasets, or open one under Batches.");
        hint.getStyleClass().add(Styles.TEXT_MUTED);
        VBox placeholder = new VBox(8, icon, empty, hint);
        placeholder.setAlignment(Pos.CENTER);
        grid.setPlaceholder(placeholder);
        grid.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null) {
                vm.selectedRowProperty().set(b);
            }
        });

        ScrollPane answerScroll = new ScrollPane(answers);
        answerScroll.setFitToHeight(true);
        answerScroll.getStyleClass().add(Tweaks.EDGE_TO_EDGE);
        answers.setPadding(new Insets(10, 4, 4, 4));
        answers.setId("results-answers");
        SplitPane split = new SplitPane(grid, answerScroll);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.6);
        VBox.setVgrow(split, Priority.ALWAYS);
        return new VBox(0, bar, split);
    }

    private void rebuildGridColumns() {
        grid.getColumns().clear();
        TableColumn<ResultRow, String> line = text("Line", 60, r -> r.line() + (r.disagreement() ? " ≠" : ""));
        TableColumn<ResultRow, String> prompt = text("Prompt", 240, ResultRow::prompt);
        TableColumn<ResultRow, String> expected = text("Expected", 120, r -> r.expected().orElse(""));
        grid.getColumns().addAll(List.of(line, prompt, expected));
        List<String> targets = vm.targetNames();
        for (int i = 0; i < targets.size(); i++) {
            int t = i;
            TableColumn<ResultRow, Optional<ResultRow.Cell>> c = new TableColumn<>(targets.get(i));
            c.setPrefWidth(260);
            c.setSortable(false);
            c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue().cells().get(t)));
            c.setCellFactory(col -> new AnswerCell());
            grid.getColumns().add(c);
        }
    }

    private static TableColumn<ResultRow, String> text(String title, double width, Function<ResultRow, String> value) {
        TableColumn<ResultRow, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setSortable(false);
        c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(clip(value.apply(cell.getValue()), 200)));
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(String s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty ? null : s);
                setWrapText(true);
            }
        });
        return c;
    }

    static String clip(String s, int max) {
        String t = s.replace('\n', ' ').replace('\r', ' ').strip();
        return t.length() > max ? t.substring(0, max) + "…" : t;
    }

    /** A target's answer to a row: its start, its figures, and the pass/fail colour. */
    private static final class AnswerCell extends TableCell<ResultRow, Optional<ResultRow.Cell>> {
        private final Label answer = new Label();
        private final Label metrics = new Label();
        private final VBox box = new VBox(2, answer, metrics);

        AnswerCell() {
            answer.getStyleClass().add("grid-answer");
            metrics.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
            answer.setMinWidth(0);
            metrics.setMinWidth(0);
            metrics.setTooltip(new Tooltip("Total time · answer tokens · tokens per second (none when the answer came "
                    + "in one piece) · cost"));
        }

        @Override
        protected void updateItem(Optional<ResultRow.Cell> cell, boolean empty) {
            super.updateItem(cell, empty);
            getStyleClass().removeAll("grid-pass", "grid-fail", "grid-unchecked", "grid-waiting");
            setText(null);
            if (empty || cell == null) {
                setGraphic(null);
                return;
            }
            if (cell.isEmpty()) {
                answer.setText("…");
                metrics.setText("not run yet");
                getStyleClass().add("grid-waiting");
                setGraphic(box);
                return;
            }
            ResultRow.Answer a = cell.get().first();
            String text = a.run().succeeded() || !a.run().output().isBlank() ? clip(a.run().output(), PREVIEW)
                    : a.run().error().orElse(a.run().status().label());
            answer.setText(text.isEmpty() ? "(empty answer)" : text);
            metrics.setText(figures(a) + (cell.get().answers().size() > 1 ? " · ×" + cell.get().answers().size() : ""));
            Optional<Boolean> passed = cell.get().passed();
            getStyleClass().add(passed.isEmpty() ? "grid-unchecked" : passed.get() ? "grid-pass" : "grid-fail");
            setGraphic(box);
        }
    }

    static final int PREVIEW = ResultsViewModel.PREVIEW_CHARS;

    /**
     * "448 ms · 10 tok · 104 tok/s · $0.000002": total time, answer tokens, tokens per second and cost. The rate is
     * left out when there is none to measure (the tokens came in one piece), rather than shown as a bare dash.
     */
    static String figures(ResultRow.Answer a) {
        return Formats.millis(a.run().totalMs()) + " · " + Formats.count(a.run().completionTokens()) + " tok"
                + (a.run().tokensPerSecond().isPresent() ? " · " + Formats.rate(a.run().tokensPerSecond()) : "")
                + a.run().costUsd().map(c -> " · " + Formats.usd(c)).orElse("");
    }

    private void showAnswers(ResultRow row) {
        answers.getChildren().clear();
        if (row == null) {
            Label hint = new Label("Select a row to see every target's answer side by side.");
            hint.getStyleClass().add(Styles.TEXT_MUTED);
            answers.getChildren().add(hint);
            return;
        }
        Label promptTitle = new Label("Line " + row.line());
        promptTitle.getStyleClass().add(Styles.TEXT_BOLD);
        TextArea prompt = area(row.prompt() + row.expected().map(e -> "\n\nExpected: " + e).orElse(""));
        VBox promptBox = new VBox(6, promptTitle, prompt);
        promptBox.setPrefWidth(260);
        promptBox.getStyleClass().add("card-box");
        answers.getChildren().add(promptBox);
        for (int t = 0; t < row.cells().size(); t++) {
            String target = vm.targetNames().size() > t ? vm.targetNames().get(t) : "target " + t;
            answers.getChildren().add(answerCard(target, row.cells().get(t)));
        }
    }

    private Node answerCard(String target, Optional<ResultRow.Cell> cell) {
        Label name = new Label(target);
        name.getStyleClass().add(Styles.TEXT_BOLD);
        VBox card = new VBox(6, name);
        card.setPrefWidth(340);
        card.setMinWidth(260);
        card.getStyleClass().addAll("card-box", "answer-side");
        if (cell.isEmpty()) {
            Label none = new Label("Not run yet");
            none.getStyleClass().add(Styles.TEXT_MUTED);
            card.getChildren().add(none);
            return card;
        }
        StringBuilder text = new StringBuilder();
        StringBuilder checks = new StringBuilder();
        for (ResultRow.Answer a : cell.get().answers()) {
            if (cell.get().answers().size() > 1) {
                text.append("— run ").append(a.repeatNo() + 1).append(" —\n");
            }
            text.append(a.run().output().isEmpty() ? "(no answer)" : a.run().output());
            a.run().error().ifPresent(e -> text.append("\n[").append(a.run().status().label()).append(": ").append(e).append(']'));
            text.append("\n\n");
            for (CheckResult c : a.checks()) {
                checks.append(c.passed().map(p -> p ? "✓ " : "✗ ").orElse("– ")).append(c.check()).append(": ")
                        .append(c.detail()).append('\n');
            }
        }
        ResultRow.Answer first = cell.get().first();
        Label status = new Label(first.run().status().label());
        status.getStyleClass().addAll("status-badge", "status-" + first.run().status().label());
        Label figures = new Label(figures(first));
        figures.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        HBox top = new HBox(8, status, figures);
        top.setAlignment(Pos.CENTER_LEFT);
        card.getChildren().addAll(top, area(text.toString().strip()));
        if (checks.length() > 0) {
            Label c = new Label(checks.toString().strip());
            c.setWrapText(true);
            c.getStyleClass().add(Styles.TEXT_SMALL);
            c.setMinHeight(Region.USE_PREF_SIZE);
            card.getChildren().add(c);
        }
        return card;
    }

    private static TextArea area(String text) {
        TextArea a = new TextArea(text);
        a.setEditable(false);
        a.setWrapText(true);
        a.setPrefRowCount(6);
        VBox.setVgrow(a, Priority.ALWAYS);
        return a;
    }

    // Statistics.

    private Node statsTab() {
        TableView<StatsRow> table = new TableView<>(vm.stats());
        table.setId("results-stats");
        table.getStyleClass().addAll(Styles.STRIPED, Styles.BORDERED);
        table.getColumns().add(statsColumn("Target", 220, StatsRow::target));
        table.getColumns().add(statsColumn("Runs", 56, StatsRow::runs));
        table.getColumns().add(statsColumn("Success", 80, StatsRow::success));
        table.getColumns().add(group("Time to first token", statsColumn("median", 100, StatsRow::ttftMedian),
                statsColumn("p95", 100, StatsRow::ttftP95), statsColumn("p99", 100, StatsRow::ttftP99)));
        table.getColumns().add(group("Total time", statsColumn("median", 100, StatsRow::totalMedian),
                statsColumn("p95", 100, StatsRow::totalP95), statsColumn("p99", 100, StatsRow::totalP99)));
        table.getColumns().add(group("Tokens/s", statsColumn("median", 100, StatsRow::tpsMedian),
                statsColumn("p95", 100, StatsRow::tpsP95), statsColumn("p99", 100, StatsRow::tpsP99)));
        table.getColumns().add(statsColumn("Tokens", 130, StatsRow::tokens));
        table.getColumns().add(statsColumn("Cost", 100, StatsRow::cost));
        table.getColumns().add(statsColumn("Per 1,000 rows", 110, StatsRow::costPer1000Rows));
        table.getColumns().add(statsColumn("Pass rate", 120, StatsRow::passRate));
        table.getColumns().add(statsColumn("By check", 260, StatsRow::passRates));
        table.setFixedCellSize(52);
        table.prefHeightProperty().bind(Bindings.size(vm.stats()).multiply(52).add(90));
        table.setMinHeight(160);
        table.setPlaceholder(new Label("No batch shown"));
        Label ci = new Label("In brackets: 95% bootstrap confidence interval (2,000 resamples). Timings count completed runs only.");
        ci.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);

        Label verdictTitle = new Label("Verdicts");
        verdictTitle.getStyleClass().add(Styles.TEXT_BOLD);
        VBox verdicts = new VBox(6);
        verdicts.setId("results-verdicts");
        vm.verdicts().addListener((ListChangeListener<String>) c -> {
            verdicts.getChildren().clear();
            for (String v : vm.verdicts()) {
                Label l = new Label("• " + v);
                l.setWrapText(true);
                verdicts.getChildren().add(l);
            }
        });
        VBox box = new VBox(8, table, ci, verdictTitle, verdicts);
        box.setPadding(new Insets(10, 0, 0, 0));
        ScrollPane scroll = new ScrollPane(box);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add(Tweaks.EDGE_TO_EDGE);
        return scroll;
    }

    @SafeVarargs
    private static TableColumn<StatsRow, String> group(String title, TableColumn<StatsRow, String>... children) {
        TableColumn<StatsRow, String> g = new TableColumn<>(title);
        g.getColumns().addAll(children);
        return g;
    }

    private static TableColumn<StatsRow, String> statsColumn(String title, double width, Function<StatsRow, String> value) {
        TableColumn<StatsRow, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setSortable(false);
        c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(String s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty ? null : s);
                setTooltip(empty || s == null ? null : new Tooltip(s));
            }
        });
        return c;
    }

    // Charts.

    private Node chartsTab() {
        tpsChart.setAnimated(false);
        tpsChart.setLegendVisible(false);
        tpsChart.setTitle("Tokens per second (median)");
        tpsChart.getYAxis().setLabel("tokens/s");
        tpsChart.setId("chart-tps");
        costQuality.setAnimated(false);
        costQuality.setLegendVisible(false);
        costQuality.setTitle("Cost vs quality");
        costQuality.getXAxis().setLabel("cost per 1,000 rows (USD)");
        costQuality.getYAxis().setLabel("pass rate (%)");
        passRateAxis((NumberAxis) costQuality.getYAxis());
        costQuality.setId("chart-cost-quality");
        boxPlot.setId("chart-latency");
        Label boxTitle = new Label("Total time per target (box: quartiles, line: median, whiskers: fastest and slowest)");
        boxTitle.getStyleClass().add(Styles.TEXT_BOLD);
        VBox latency = new VBox(6, boxTitle, boxPlot);
        VBox.setVgrow(boxPlot, Priority.ALWAYS);
        chartNote.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        chartNote.setWrapText(true);
        GridPane g = new GridPane();
        g.setHgap(16);
        g.setVgap(12);
        g.add(latency, 0, 0, 2, 1);
        g.add(tpsChart, 0, 1);
        g.add(costQuality, 1, 1);
        g.add(chartNote, 0, 2, 2, 1);
        javafx.scene.layout.ColumnConstraints half = new javafx.scene.layout.ColumnConstraints();
        half.setPercentWidth(50);
        g.getColumnConstraints().addAll(half, half);
        GridPane.setHgrow(latency, Priority.ALWAYS);
        GridPane.setVgrow(latency, Priority.ALWAYS);
        tpsChart.setPrefHeight(280);
        costQuality.setPrefHeight(280);
        g.setPadding(new Insets(10, 4, 4, 4));
        ScrollPane scroll = new ScrollPane(g);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add(Tweaks.EDGE_TO_EDGE);
        return scroll;
    }

    private void showCharts() {
        List<TargetChart> charts = List.copyOf(vm.charts());
        boxPlot.setData(charts);
        XYChart.Series<String, Number> tps = new XYChart.Series<>();
        for (TargetChart c : charts) {
            if (c.tokensPerSecond().isPresent()) {
                tps.getData().add(new XYChart.Data<>(c.target(), c.tokensPerSecond().getAsDouble()));
            }
        }
        tpsChart.getData().setAll(List.of(tps));
        for (int i = 0; i < tps.getData().size(); i++) {
            Node bar = tps.getData().get(i).getNode();
            if (bar != null) {
                int colour = charts.indexOf(charts.stream().filter(c -> c.tokensPerSecond().isPresent()).toList().get(i));
                bar.setStyle("-fx-bar-fill: " + web(LatencyBoxPlot.PALETTE[colour % LatencyBoxPlot.PALETTE.length]) + ";");
            }
        }
        costQuality.getData().clear();
        double maxCost = charts.stream().filter(c -> c.costPer1000Rows().isPresent())
                .mapToDouble(c -> c.costPer1000Rows().getAsDouble()).max().orElse(0);
        NumberAxis x = (NumberAxis) costQuality.getXAxis();
        x.setAutoRanging(false);
        double step = LatencyBoxPlot.niceStep(Math.max(maxCost, 1e-9) * 1.25 / 5);
        x.setLowerBound(0);
        x.setUpperBound(step * 5);
        x.setTickUnit(step);
        // As many decimals as the step needs: the default format printed 0.0005 as "0", next to the real 0.
        int decimals = (int) Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
        x.setTickLabelFormatter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Number n) {
                return String.format(java.util.Locale.ROOT, "%." + decimals + "f", n.doubleValue());
            }

            @Override
            public Number fromString(String text) {
                return Double.parseDouble(text);
            }
        });
        StringBuilder unpriced = new StringBuilder();
        List<TargetChart> priced = charts.stream().filter(c -> c.costPer1000Rows().isPresent()).toList();
        for (TargetChart c : charts) {
            if (c.costPer1000Rows().isEmpty()) {
                unpriced.append(unpriced.length() == 0 ? "" : ", ").append(c.target());
                continue;
            }
            XYChart.Series<Number, Number> s = new XYChart.Series<>();
            s.setName(c.target());
            XYChart.Data<Number, Number> point = new XYChart.Data<>(c.costPer1000Rows().getAsDouble(), c.quality() * 100);
            // The name goes on the side with room: left of a dot in the right half of the axis, else right.
            point.setNode(pointNode(c, charts.indexOf(c), c.costPer1000Rows().getAsDouble() > x.getUpperBound() / 2,
                    TargetChart.labelShift(priced, priced.indexOf(c))));
            s.getData().add(point);
            costQuality.getData().add(s);
        }
        chartNote.setText(unpriced.length() == 0 ? "" : "Not in the cost chart (cost unknown): " + unpriced + ".");
    }

    /**
     * 0 to 100 % with room on both sides, so a dot at 0 % and its name are not cut by the plot's bottom edge (a batch
     * whose cloud target failed every check showed "fake:fake-m…" half under the axis); only 0, 20, … 100 are labelled
     * (the upper bound used to read "105").
     */
    static void passRateAxis(NumberAxis y) {
        y.setAutoRanging(false);
        // The axis ticks from its lower bound on: -10 in steps of 10 keeps 0, 20, … 100 among them.
        y.setLowerBound(-10);
        y.setUpperBound(110);
        y.setTickUnit(10);
        y.setMinorTickVisible(false);
        y.setTickLabelFormatter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Number n) {
                long v = Math.round(n.doubleValue());
                return v >= 0 && v <= 100 && v % 20 == 0 && Math.abs(n.doubleValue() - v) < 1e-6 ? Long.toString(v) : "";
            }

            @Override
            public Number fromString(String text) {
                return Double.parseDouble(text);
            }
        });
    }

    /** A dot in the target's colour with its name beside it (on the left when the dot is in the right half). */
    private static Node pointNode(TargetChart c, int index, boolean labelLeft, double shift) {
        Label label = new Label(c.shortLabel());
        label.getStyleClass().add(Styles.TEXT_SMALL);
        label.setManaged(false);
        javafx.scene.layout.Pane dot = new javafx.scene.layout.Pane(label) {
            @Override
            protected void layoutChildren() {
                label.autosize();
                label.relocate(labelLeft ? -label.getWidth() - 6 : 18, 6 + shift - label.getHeight() / 2);
            }
        };
        dot.setMinSize(12, 12);
        dot.setPrefSize(12, 12);
        dot.setMaxSize(12, 12);
        // Inline, so it wins over the chart's own symbol colours: the same colour as the target's box and bar.
        dot.setStyle("-fx-background-color: " + web(LatencyBoxPlot.PALETTE[index % LatencyBoxPlot.PALETTE.length])
                + "; -fx-background-radius: 6; -fx-padding: 0;");
        Tooltip.install(dot, new Tooltip(c.target() + ": " + Formats.usd(java.math.BigDecimal.valueOf(
                c.costPer1000Rows().getAsDouble())) + " per 1,000 rows, " + Math.round(c.quality() * 100) + "% passed"));
        return dot;
    }

    private static String web(javafx.scene.paint.Color c) {
        return String.format(java.util.Locale.ROOT, "#%02x%02x%02x", (int) (c.getRed() * 255), (int) (c.getGreen() * 255),
                (int) (c.getBlue() * 255));
    }

    // Past batches.

    private Node batchesTab() {
        TableView<BatchSummary> table = new TableView<>(vm.pastBatches());
        table.setId("results-batches");
        table.getStyleClass().addAll(Styles.STRIPED);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(batchColumn("Started", 165, b -> Formats.time(b.createdAt())));
        table.getColumns().add(batchColumn("Dataset", 160, BatchSummary::dataset));
        table.getColumns().add(batchColumn("Status", 100, BatchSummary::status));
        table.getColumns().add(batchColumn("Done", 110, b -> Formats.count(b.done()) + " / " + Formats.count(b.total())));
        table.getColumns().add(batchColumn("Targets", 300, BatchSummary::targets));
        table.getColumns().add(batchColumn("Why it stopped", 200, BatchSummary::reason));
        Label empty = new Label("No batches yet");
        empty.getStyleClass().add(Styles.TEXT_MUTED);
        table.setPlaceholder(empty);
        table.setRowFactory(t -> {
            javafx.scene.control.TableRow<BatchSummary> r = new javafx.scene.control.TableRow<>();
            r.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !r.isEmpty()) {
                    vm.open(r.getItem().id());
                    showTab("Grid");
                }
            });
            return r;
        });
        Button open = new Button("Open", new FontIcon(Feather.EYE));
        open.setId("batches-open");
        open.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        open.setOnAction(e -> {
            vm.open(table.getSelectionModel().getSelectedItem().id());
            showTab("Grid");
        });
        Button resume = new Button("Resume", new FontIcon(Feather.PLAY));
        resume.setId("batches-resume");
        resume.getStyleClass().add(Styles.ACCENT);
        resume.disableProperty().bind(Bindings.createBooleanBinding(() -> {
            BatchSummary b = table.getSelectionModel().getSelectedItem();
            return b == null || !b.resumable() || vm.activeProperty().get();
        }, table.getSelectionModel().selectedItemProperty(), vm.activeProperty()));
        resume.setOnAction(e -> {
            vm.resumeBatch(table.getSelectionModel().getSelectedItem().id());
            showTab("Grid");
        });
        HBox actions = new HBox(8, open, resume);
        actions.setPadding(new Insets(8, 0, 8, 0));
        VBox.setVgrow(table, Priority.ALWAYS);
        return new VBox(0, actions, table);
    }

    private static TableColumn<BatchSummary, String> batchColumn(String title, double width,
                                                                 Function<BatchSummary, String> value) {
        TableColumn<BatchSummary, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        return c;
    }

    public BorderPane root() {
        return root;
    }
}
