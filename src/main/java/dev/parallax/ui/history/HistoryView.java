package dev.parallax.ui.history;

import atlantafx.base.controls.CustomTextField;
import atlantafx.base.controls.Message;
import dev.parallax.ui.base.Messages;
import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.parallax.history.RunRecord;
import dev.parallax.ui.base.Formats;
import dev.parallax.ui.base.WindowWidth;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
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
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.List;
import java.util.function.Function;

/** The History screen: filters, the lazily read table of runs and the selected run's details. */
public final class HistoryView {

    private final HistoryViewModel vm;
    private final BorderPane root = new BorderPane();
    private final TableView<HistoryRow> table = new TableView<>();
    private final StackPane details = new StackPane();
    private final WindowWidth width = WindowWidth.of(root);

    public HistoryView(HistoryViewModel vm) {
        this.vm = vm;
        root.getStyleClass().add("history");
        root.setTop(new VBox(12, header(), filters(), error()));
        SplitPane split = new SplitPane(table(), detailsPane());
        split.setOrientation(javafx.geometry.Orientation.VERTICAL);
        split.setDividerPositions(0.42);
        BorderPane.setMargin(split, new Insets(12, 24, 20, 24));
        root.setCenter(split);
    }

    private Node header() {
        Label title = new Label("History");
        title.getStyleClass().add(Styles.TITLE_3);
        Label summary = new Label();
        summary.setId("history-summary");
        summary.getStyleClass().add(Styles.TEXT_MUTED);
        summary.textProperty().bind(vm.summaryProperty());
        Button refresh = new Button(null, new FontIcon(Feather.REFRESH_CW));
        refresh.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        refresh.setTooltip(new Tooltip("Read the history again"));
        refresh.setOnAction(e -> vm.refresh());
        Button export = new Button("Export…", new FontIcon(Feather.DOWNLOAD));
        export.setId("history-export");
        export.setTooltip(new Tooltip("A report of the selected runs: HTML, PDF, CSV, Markdown or JSON"));
        export.disableProperty().bind(javafx.beans.binding.Bindings.isEmpty(vm.selectedRunIds()));
        export.setOnAction(e -> vm.exportSelected());
        title.setMinWidth(Region.USE_PREF_SIZE);
        export.setMinWidth(Region.USE_PREF_SIZE);
        HBox header = new HBox(10, title, summary, new Spacer(), export, refresh);
        header.setAlignment(Pos.CENTER_LEFT);
        header.getStyleClass().add("page-header");
        return header;
    }

    private Node filters() {
        CustomTextField search = new CustomTextField();
        search.setId("history-search");
        search.setPromptText("Search prompts, answers, targets");
        search.setLeft(new FontIcon(Feather.SEARCH));
        search.textProperty().bindBidirectional(vm.textProperty());
        search.setPrefWidth(240);
        search.setMinWidth(160);
        HBox.setHgrow(search, Priority.ALWAYS);

        ComboBox<String> target = new ComboBox<>(vm.targetChoices());
        target.setId("history-target");
        target.valueProperty().bindBidirectional(vm.targetProperty());
        target.setPrefWidth(180);
        target.setMinWidth(120);

        ComboBox<String> status = new ComboBox<>(vm.statusChoices());
        status.setId("history-status");
        status.valueProperty().bindBidirectional(vm.statusProperty());
        status.setPrefWidth(130);
        status.setMinWidth(Region.USE_PREF_SIZE);

        // Wide enough for a whole date (12/28/2025 with the default format), and no narrower.
        DatePicker from = new DatePicker();
        from.setId("history-from");
        from.setPromptText("From");
        from.valueProperty().bindBidirectional(vm.fromProperty());
        DatePicker until = new DatePicker();
        until.setId("history-until");
        until.setPromptText("Until");
        until.valueProperty().bindBidirectional(vm.untilProperty());
        for (DatePicker date : List.of(from, until)) {
            date.setPrefWidth(140);
            date.setMinWidth(Region.USE_PREF_SIZE);
        }

        Button clear = new Button("Clear", new FontIcon(Feather.X));
        clear.getStyleClass().add(Styles.FLAT);
        clear.setOnAction(e -> vm.clearFilters());
        clear.setMinWidth(Region.USE_PREF_SIZE);

        // A narrow window puts the dates on a second line rather than squeezing them.
        HBox first = new HBox(10, search, target, status);
        HBox dates = new HBox(10, from, until, clear);
        for (HBox row : List.of(first, dates)) {
            row.setAlignment(Pos.CENTER_LEFT);
        }
        VBox box = new VBox(8, first);
        Runnable arrange = () -> (width.isWide() ? first : box).getChildren().add(dates);
        width.wideProperty().addListener((o, was, wide) -> arrange.run());
        arrange.run();
        box.setPadding(new Insets(0, 24, 0, 24));
        return box;
    }

    private Node error() {
        Message error = Messages.create("History unavailable", "", new FontIcon(Feather.ALERT_OCTAGON));
        error.getStyleClass().add(Styles.DANGER);
        error.descriptionProperty().bind(vm.errorProperty());
        error.visibleProperty().bind(vm.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        VBox.setMargin(error, new Insets(0, 24, 0, 24));
        return error;
    }

    private Node table() {
        table.setId("history-table");
        table.itemsProperty().bind(vm.rowsProperty().map(list -> (javafx.collections.ObservableList<HistoryRow>) list));
        table.setFixedCellSize(34);
        table.getStyleClass().addAll(Styles.STRIPED);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(column("Time", 160, HistoryRow::time));
        table.getColumns().add(column("Target", 170, HistoryRow::target));
        table.getColumns().add(column("Model", 160, HistoryRow::model));
        TableColumn<HistoryRow, String> status = column("Status", 100, HistoryRow::status);
        status.setCellFactory(c -> new StatusCell());
        table.getColumns().add(status);
        table.getColumns().add(column("TTFT", 80, HistoryRow::ttft));
        table.getColumns().add(column("Tokens/s", 90, HistoryRow::tokensPerSecond));
        table.getColumns().add(column("Tokens", 90, HistoryRow::tokens));
        table.getColumns().add(column("Cost", 100, HistoryRow::cost));
        table.getColumns().forEach(c -> c.setSortable(false));
        // At 960 px the figures' columns were squeezed to "T…", "Tok…" and a "com…" pill: they keep the width their
        // title and figures need, and Time, Target and Model give way; together the least widths still fit the table
        // at the window's minimum size, so Cost stays in view.
        double[] least = {110, 80, 80, 100, 64, 84, 74, 96};
        for (int i = 0; i < least.length; i++) {
            table.getColumns().get(i).setMinWidth(least[i]);
        }
        table.getSelectionModel().setSelectionMode(javafx.scene.control.SelectionMode.MULTIPLE);
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> vm.selectedProperty().set(b));
        table.getSelectionModel().getSelectedItems().addListener((javafx.collections.ListChangeListener<HistoryRow>) c ->
                vm.selectedRunIds().setAll(table.getSelectionModel().getSelectedItems().stream()
                        .filter(java.util.Objects::nonNull).flatMap(r -> r.run().stream()).map(r -> r.id()).toList()));
        vm.selectedProperty().addListener((o, a, b) -> {
            if (b == null) {
                table.getSelectionModel().clearSelection();
            } else if (table.getSelectionModel().getSelectedIndex() != b.index()) {
                table.getSelectionModel().select(b.index());
            }
        });

        FontIcon icon = new FontIcon(Feather.CLOCK);
        icon.setIconSize(40);
        icon.getStyleClass().add("empty-icon");
        Label empty = new Label("No runs here");
        empty.getStyleClass().add(Styles.TITLE_4);
        Label hint = new Label("Runs from the Playground appear here, newest first.");
        hint.getStyleClass().add(Styles.TEXT_MUTED);
        VBox placeholder = new VBox(8, icon, empty, hint);
        placeholder.setAlignment(Pos.CENTER);
        table.setPlaceholder(placeholder);
        return table;
    }

    private static TableColumn<HistoryRow, String> column(String title, double width, Function<HistoryRow, String> value) {
        TableColumn<HistoryRow, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        return c;
    }

    /** The status as a small coloured pill. */
    private static final class StatusCell extends TableCell<HistoryRow, String> {
        @Override
        protected void updateItem(String status, boolean empty) {
            super.updateItem(status, empty);
            setText(null);
            if (empty || status == null || status.isEmpty()) {
                setGraphic(null);
                return;
            }
            setGraphic(statusBadge(status));
        }
    }

    static Label statusBadge(String status) {
        Label badge = new Label(status);
        badge.getStyleClass().addAll("status-badge", "status-" + status);
        return badge;
    }

    private Node detailsPane() {
        details.setPadding(new Insets(14, 16, 14, 16));
        details.getStyleClass().add("run-details");
        vm.detailsProperty().addListener((o, a, r) -> showDetails(r));
        showDetails(null);
        return details;
    }

    private void showDetails(RunRecord r) {
        if (r == null) {
            Label hint = new Label("Select a run to see its prompt, answer, parameters, timings and host.");
            hint.setWrapText(true);
            hint.getStyleClass().add(Styles.TEXT_MUTED);
            StackPane.setAlignment(hint, Pos.TOP_LEFT);
            details.getChildren().setAll(hint);
            return;
        }
        Label when = new Label(Formats.time(r.createdAt()));
        when.getStyleClass().add(Styles.TITLE_4);
        HBox title = new HBox(10, when, statusBadge(r.status().label()));
        title.setAlignment(Pos.CENTER_LEFT);

        Button open = new Button("Open in Playground", new FontIcon(Feather.EDIT_3));
        open.setId("history-open");
        open.setOnAction(e -> vm.openSelectedInPlayground());
        Button again = new Button("Run again", new FontIcon(Feather.PLAY));
        again.setId("history-run-again");
        again.getStyleClass().add(Styles.ACCENT);
        again.setOnAction(e -> vm.runSelectedAgain());
        open.setMinWidth(Region.USE_PREF_SIZE);
        again.setMinWidth(Region.USE_PREF_SIZE);
        Button delete = new Button(null, new FontIcon(Feather.TRASH_2));
        delete.setId("history-delete");
        delete.setTooltip(new Tooltip("Delete this run"));
        delete.getStyleClass().addAll(Styles.DANGER, Styles.BUTTON_OUTLINED, Styles.BUTTON_ICON);
        delete.setOnAction(e -> vm.deleteSelected());
        HBox top = new HBox(10, title, new Spacer(), open, again, delete);
        top.setAlignment(Pos.CENTER_LEFT);

        VBox texts = new VBox(10);
        if (!r.systemPrompt().isBlank()) {
            texts.getChildren().add(textBlock("System prompt", r.systemPrompt(), "details-system", false));
        }
        texts.getChildren().add(textBlock("Prompt", r.prompt(), "details-prompt", false));
        Node output = textBlock("Output", r.output().isEmpty() ? "(no output)" : r.output(), "details-output", true);
        VBox.setVgrow(output, Priority.ALWAYS);
        texts.getChildren().add(output);
        HBox.setHgrow(texts, Priority.ALWAYS);
        texts.setPrefWidth(480);

        VBox sections = new VBox(14);
        for (RunDetails.Section section : RunDetails.of(r)) {
            sections.getChildren().add(section(section));
        }
        sections.setPadding(new Insets(0, 12, 0, 0));
        ScrollPane sectionScroll = new ScrollPane(sections);
        sectionScroll.setFitToWidth(true);
        sectionScroll.getStyleClass().add(Tweaks.EDGE_TO_EDGE);
        sectionScroll.setPrefWidth(440);
        sectionScroll.setMinWidth(340);

        HBox columns = new HBox(20, texts, sectionScroll);
        VBox.setVgrow(columns, Priority.ALWAYS);
        details.getChildren().setAll(new VBox(12, top, columns));
    }

    private static Node textBlock(String title, String text, String id, boolean grow) {
        Label l = new Label(title);
        l.getStyleClass().add(Styles.TEXT_BOLD);
        TextArea area = new TextArea(text);
        area.setId(id);
        area.setEditable(false);
        area.setWrapText(true);
        area.setPrefRowCount(grow ? 6 : Math.min(4, Math.max(1, (int) text.lines().count() + text.length() / 70)));
        if (grow) {
            VBox.setVgrow(area, Priority.ALWAYS);
        }
        return new VBox(6, l, area);
    }

    private static Node section(RunDetails.Section s) {
        Label title = new Label(s.title());
        title.getStyleClass().add(Styles.TEXT_BOLD);
        GridPane grid = new GridPane();
        grid.setHgap(14);
        grid.setVgap(4);
        int row = 0;
        for (RunDetails.Field f : s.fields()) {
            Label k = new Label(f.label());
            k.getStyleClass().add(Styles.TEXT_MUTED);
            k.setMinWidth(130);
            Label v = new Label(f.value());
            v.setWrapText(true);
            GridPane.setHgrow(v, Priority.ALWAYS);
            grid.add(k, 0, row);
            grid.add(v, 1, row++);
        }
        VBox box = new VBox(6, title, grid);
        box.getStyleClass().add("details-section");
        return box;
    }

    public BorderPane root() {
        return root;
    }
}
