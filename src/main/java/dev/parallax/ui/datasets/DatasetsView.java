package dev.parallax.ui.datasets;

import atlantafx.base.controls.Message;
import dev.parallax.ui.base.Messages;
import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.parallax.history.DatasetRecord;
import dev.parallax.history.DatasetRow;
import dev.parallax.history.SkippedRow;
import dev.parallax.ui.base.Formats;
import dev.parallax.ui.base.WindowWidth;
import dev.parallax.ui.playground.TargetChoice;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
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

import java.util.function.Function;

/**
 * The Datasets screen: a drop zone (or the preview of the file dropped, with its column mapping and Import), the
 * imported datasets, and the setup of a batch run on the selected one.
 */
public final class DatasetsView {

    private final DatasetsViewModel vm;
    private final BatchSetupViewModel setup;
    private final BorderPane root = new BorderPane();
    private final TableView<DatasetRow> previewTable = new TableView<>();
    private final ToggleButton sideToggle = new ToggleButton(null, new FontIcon(Feather.SIDEBAR));
    /** In a narrow window the batch set-up folds away, so the preview and the datasets keep their width. */
    private final WindowWidth width = WindowWidth.of(root);
    private final ScrollPane batchPanel = new ScrollPane();
    /** Where the divider was when the batch set-up last folded, to put it back there. */
    private double dividerAt = 0.64;
    private boolean reopened;
    private final SplitPane split = new SplitPane() {
        @Override
        protected void layoutChildren() {
            super.layoutChildren();
            // Opened as the window widens, the panel would keep the width it had folded (none, so its minimum).
            if (reopened) {
                reopened = false;
                setDividerPositions(dividerAt);
                super.layoutChildren();
            }
        }
    };

    public DatasetsView(DatasetsViewModel vm, BatchSetupViewModel setup) {
        this.vm = vm;
        this.setup = setup;
        root.getStyleClass().add("datasets");
        root.setTop(header());
        VBox left = new VBox(14, importArea(), datasetList());
        VBox.setVgrow(left.getChildren().get(0), Priority.ALWAYS);
        left.setPadding(new Insets(0, 8, 0, 0));
        batchPanel.setContent(batchSetup());
        batchPanel.setFitToWidth(true);
        batchPanel.getStyleClass().add(Tweaks.EDGE_TO_EDGE);
        batchPanel.setMinWidth(300);
        split.getItems().setAll(left, batchPanel);
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(dividerAt);
        SplitPane.setResizableWithParent(batchPanel, false);
        BorderPane.setMargin(split, new Insets(12, 24, 20, 24));
        root.setCenter(split);
        // A SplitPane lays out its hidden items too: folding takes the panel out of it.
        sideToggle.selectedProperty().addListener((o, was, shown) -> showBatchSetup(shown));
        width.foldsWith(sideToggle);
    }

    private void showBatchSetup(boolean shown) {
        if (shown && !split.getItems().contains(batchPanel)) {
            split.getItems().add(batchPanel);
            reopened = true;
        } else if (!shown && split.getItems().contains(batchPanel)) {
            // Squeezed to its minimum (a narrow window), the panel says nothing of the width the user wants for it.
            if (batchPanel.getWidth() > batchPanel.getMinWidth() + 1) {
                dividerAt = split.getDividerPositions()[0];
            }
            split.getItems().remove(batchPanel);
        }
    }

    private Node header() {
        Label title = new Label("Datasets");
        title.getStyleClass().add(Styles.TITLE_3);
        Label hint = new Label("Drop a CSV, TSV, JSONL, JSON, TXT or XLSX file anywhere on the window");
        hint.getStyleClass().add(Styles.TEXT_MUTED);
        Button open = new Button("Open…", new FontIcon(Feather.FOLDER));
        open.setId("datasets-open");
        open.setOnAction(e -> vm.chooseFile());
        open.setMinWidth(Region.USE_PREF_SIZE);
        sideToggle.setId("datasets-side-toggle");
        sideToggle.setSelected(true);
        sideToggle.getStyleClass().add(Styles.BUTTON_ICON);
        sideToggle.setTooltip(new Tooltip("Show or hide the batch set-up"));
        // The drop zone says the same as the hint, which gives way in a narrow window rather than be cut short.
        title.setMinWidth(Region.USE_PREF_SIZE);
        width.onlyWhenWide(hint);
        HBox header = new HBox(10, title, hint, new Spacer(), open, sideToggle);
        header.setAlignment(Pos.CENTER_LEFT);
        header.getStyleClass().add("page-header");
        return header;
    }

    private Node importArea() {
        Node drop = dropZone();
        Node preview = preview();
        StackPane area = new StackPane() {
            /** Only the one shown sets how narrow the page may be: the preview's column mapping is much wider. */
            @Override
            protected double computeMinWidth(double height) {
                Node shown = preview.isVisible() ? preview : drop;
                return snappedLeftInset() + shown.minWidth(-1) + snappedRightInset();
            }
        };
        area.getStyleClass().add("card-box");
        preview.visibleProperty().bind(vm.fileProperty().isNotNull());
        drop.visibleProperty().bind(vm.fileProperty().isNull());
        vm.fileProperty().addListener(o -> area.requestLayout());
        area.getChildren().addAll(drop, preview);
        area.setMinHeight(260);
        return area;
    }

    private Node dropZone() {
        FontIcon icon = new FontIcon(Feather.UPLOAD_CLOUD);
        icon.setIconSize(44);
        icon.getStyleClass().add("empty-icon");
        Label title = new Label("Drop a dataset here");
        title.getStyleClass().add(Styles.TITLE_4);
        Label hint = new Label("One prompt a row: CSV, TSV, JSONL, JSON array, TXT (one prompt a line) or XLSX. "
                + "You see the first rows and map the columns before anything is imported.");
        hint.setWrapText(true);
        hint.setMaxWidth(440);
        hint.getStyleClass().add(Styles.TEXT_MUTED);
        hint.setAlignment(Pos.CENTER);
        hint.setTextAlignment(javafx.scene.text.TextAlignment.CENTER);
        Button open = new Button("Open a file…", new FontIcon(Feather.FOLDER));
        open.setOnAction(e -> vm.chooseFile());
        VBox box = new VBox(10, icon, title, hint, open);
        box.setAlignment(Pos.CENTER);
        box.getStyleClass().add("dataset-drop-zone");
        return box;
    }

    private Node preview() {
        Label file = new Label();
        file.getStyleClass().add(Styles.TITLE_4);
        file.textProperty().bind(vm.fileProperty().map(p -> String.valueOf(p.getFileName())).orElse(""));
        Label summary = new Label();
        summary.setId("dataset-summary");
        summary.getStyleClass().add(Styles.TEXT_MUTED);
        summary.textProperty().bind(vm.fileSummaryProperty());
        HBox top = new HBox(10, file, summary);
        top.setAlignment(Pos.BASELINE_LEFT);

        GridPane mapping = new GridPane();
        mapping.setHgap(10);
        mapping.setVgap(6);
        mapping.add(fieldLabel("Prompt"), 0, 0);
        mapping.add(columnBox(vm.promptProperty(), "mapping-prompt"), 1, 0);
        mapping.add(fieldLabel("System"), 2, 0);
        mapping.add(columnBox(vm.systemProperty(), "mapping-system"), 3, 0);
        mapping.add(fieldLabel("Expected"), 4, 0);
        mapping.add(columnBox(vm.expectedProperty(), "mapping-expected"), 5, 0);
        mapping.add(fieldLabel("Tags"), 0, 1);
        mapping.add(columnBox(vm.tagsProperty(), "mapping-tags"), 1, 1);
        mapping.add(fieldLabel("Checks"), 2, 1);
        mapping.add(columnBox(vm.checksProperty(), "mapping-checks"), 3, 1);
        TextField template = new TextField();
        template.setId("mapping-template");
        template.setPromptText("Template, e.g. Translate to French: {{text}}");
        template.textProperty().bindBidirectional(vm.templateProperty());
        template.setTooltip(new Tooltip("A prompt built from the row: {{column}} is replaced by the row's value. "
                + "Leave empty to use the prompt column."));
        mapping.add(fieldLabel("Template"), 4, 1);
        mapping.add(template, 5, 1);
        GridPane.setHgrow(template, Priority.ALWAYS);

        javafx.scene.layout.ColumnConstraints fixed = new javafx.scene.layout.ColumnConstraints();
        fixed.setMinWidth(Region.USE_PREF_SIZE);
        javafx.scene.layout.ColumnConstraints grow = new javafx.scene.layout.ColumnConstraints();
        grow.setHgrow(Priority.ALWAYS);
        grow.setMinWidth(90);
        mapping.getColumnConstraints().addAll(fixed, grow, fixed, grow, fixed, grow);
        Label detected = new Label();
        detected.setId("dataset-mapping");
        detected.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        detected.textProperty().bind(vm.mappingSummaryProperty());

        Message problem = Messages.create("Columns not mapped", "", new FontIcon(Feather.ALERT_TRIANGLE));
        problem.getStyleClass().add(Styles.WARNING);
        problem.descriptionProperty().bind(vm.mappingProblemProperty());
        problem.visibleProperty().bind(vm.mappingProblemProperty().isNotEmpty());
        problem.managedProperty().bind(problem.visibleProperty());

        previewTable.setId("dataset-preview");
        previewTable.setItems(vm.previewRows());
        previewTable.getStyleClass().addAll(Styles.STRIPED, Styles.DENSE);
        previewTable.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        previewTable.setPlaceholder(new Label("No rows to show with this mapping"));
        vm.previewColumns().addListener((ListChangeListener<String>) c -> rebuildPreviewColumns());
        VBox.setVgrow(previewTable, Priority.ALWAYS);

        ListView<SkippedRow> bad = new ListView<>(vm.badRows());
        bad.setId("dataset-bad-rows");
        bad.setPrefHeight(64);
        bad.getStyleClass().add(Styles.DENSE);
        bad.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(SkippedRow r, boolean empty) {
                super.updateItem(r, empty);
                setText(empty || r == null ? null : (r.line() >= 0 ? "Line " + r.line() + ": " : "") + r.reason());
            }
        });
        Label badTitle = new Label("Rows that cannot be imported");
        badTitle.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.DANGER);
        VBox badBox = new VBox(4, badTitle, bad);
        badBox.visibleProperty().bind(Bindings.isNotEmpty(vm.badRows()));
        badBox.managedProperty().bind(badBox.visibleProperty());

        TextField name = new TextField();
        name.setId("dataset-name");
        name.setPromptText("Name");
        name.textProperty().bindBidirectional(vm.nameProperty());
        name.setPrefWidth(220);
        Button importButton = new Button("Import", new FontIcon(Feather.DOWNLOAD));
        importButton.setId("dataset-import");
        importButton.getStyleClass().add(Styles.ACCENT);
        importButton.setDefaultButton(true);
        importButton.disableProperty().bind(vm.importingProperty().or(vm.mappingProblemProperty().isNotEmpty())
                .or(vm.previewProperty().isNull()));
        importButton.setOnAction(e -> vm.importFile());
        Button discard = new Button("Discard");
        discard.getStyleClass().add(Styles.FLAT);
        discard.disableProperty().bind(vm.importingProperty());
        discard.setOnAction(e -> vm.discard());
        ProgressBar bar = new ProgressBar();
        bar.setId("dataset-import-progress");
        bar.progressProperty().bind(vm.importProgressProperty());
        bar.setPrefWidth(200);
        Label message = new Label();
        message.getStyleClass().add(Styles.TEXT_MUTED);
        message.textProperty().bind(vm.importMessageProperty());
        Button cancel = new Button("Cancel");
        cancel.setOnAction(e -> vm.cancelImport());
        HBox progress = new HBox(8, bar, message, cancel);
        progress.setAlignment(Pos.CENTER_LEFT);
        progress.visibleProperty().bind(vm.importingProperty());
        progress.managedProperty().bind(progress.visibleProperty());
        Label nameLabel = new Label("Name");
        HBox actions = new HBox(10, nameLabel, name, importButton, discard, progress);
        actions.setAlignment(Pos.CENTER_LEFT);

        VBox box = new VBox(10, top, mapping, detected, problem, previewTable, badBox, actions);
        return box;
    }

    private static Label fieldLabel(String text) {
        Label l = new Label(text);
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    private ComboBox<String> columnBox(javafx.beans.property.StringProperty property, String id) {
        ComboBox<String> box = new ComboBox<>(vm.columnChoices());
        box.setId(id);
        box.valueProperty().bindBidirectional(property);
        box.setPrefWidth(140);
        box.setMinWidth(90);
        box.setMaxWidth(Double.MAX_VALUE);
        return box;
    }

    private void rebuildPreviewColumns() {
        previewTable.getColumns().clear();
        previewTable.getColumns().add(column("Line", 50, r -> String.valueOf(r.line())));
        previewTable.getColumns().add(column("Prompt (as it will run)", 260, DatasetRow::prompt));
        previewTable.getColumns().add(column("Expected", 120, r -> r.expected().orElse("")));
        for (String c : vm.previewColumns()) {
            previewTable.getColumns().add(column(c, 110, r -> r.values().getOrDefault(c, "")));
        }
    }

    private static <T> TableColumn<T, String> column(String title, double width, Function<T, String> value) {
        TableColumn<T, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setSortable(false);
        c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(oneLine(value.apply(cell.getValue()))));
        return c;
    }

    private static String oneLine(String s) {
        String t = s.replace('\n', ' ').replace('\r', ' ');
        return t.length() > 300 ? t.substring(0, 300) + "…" : t;
    }

    private Node datasetList() {
        Label title = new Label("Imported datasets");
        title.getStyleClass().add(Styles.TEXT_BOLD);
        Button delete = new Button(null, new FontIcon(Feather.TRASH_2));
        delete.setId("dataset-delete");
        delete.setTooltip(new Tooltip("Delete the selected dataset"));
        delete.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.DANGER);
        delete.disableProperty().bind(vm.selectedProperty().isNull());
        delete.setOnAction(e -> vm.deleteSelected());
        // With the batch set-up folded away, the way to it from the dataset the user picked.
        Button toBatch = new Button("Run a batch…", new FontIcon(Feather.PLAY));
        toBatch.setId("datasets-run-batch");
        toBatch.setTooltip(new Tooltip("Show the batch set-up for the selected dataset"));
        toBatch.disableProperty().bind(vm.selectedProperty().isNull());
        toBatch.visibleProperty().bind(sideToggle.selectedProperty().not());
        toBatch.managedProperty().bind(toBatch.visibleProperty());
        toBatch.setOnAction(e -> sideToggle.setSelected(true));
        HBox head = new HBox(10, title, new Spacer(), toBatch, delete);
        head.setAlignment(Pos.CENTER_LEFT);

        TableView<DatasetRecord> table = new TableView<>(vm.datasets());
        table.setId("datasets-table");
        table.getStyleClass().addAll(Styles.STRIPED, Styles.DENSE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(column("Name", 200, DatasetRecord::name));
        table.getColumns().add(column("Format", 60, DatasetRecord::format));
        table.getColumns().add(column("Rows", 80, d -> Formats.count(d.rowCount())));
        table.getColumns().add(column("Skipped", 70, d -> Formats.count(d.skipped().stream().filter(s -> s.line() >= 0).count())));
        table.getColumns().add(column("Imported", 150, d -> Formats.time(d.createdAt())));
        table.setPrefHeight(190);
        table.setMinHeight(120);
        Label empty = new Label("No datasets yet: drop a file above.");
        empty.getStyleClass().add(Styles.TEXT_MUTED);
        table.setPlaceholder(empty);
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null) {
                vm.selectedProperty().set(b);
            }
        });
        vm.selectedProperty().addListener((o, a, b) -> {
            if (b == null) {
                table.getSelectionModel().clearSelection();
            } else if (table.getSelectionModel().getSelectedItem() != b) {
                table.getSelectionModel().select(b);
            }
        });
        return new VBox(6, head, table);
    }

    /** A "+" icon button that adds what the field beside it holds. */
    private static Button plusButton(String id, String tooltip, Runnable add) {
        Button b = new Button(null, new FontIcon(Feather.PLUS));
        b.setId(id);
        b.getStyleClass().add(Styles.BUTTON_ICON);
        b.setTooltip(new Tooltip(tooltip));
        b.setOnAction(e -> add.run());
        return b;
    }

    private Node batchSetup() {
        Label title = new Label("Run a batch");
        title.getStyleClass().add(Styles.TITLE_4);
        Label dataset = new Label();
        dataset.setId("batch-dataset");
        dataset.setWrapText(true);
        dataset.textProperty().bind(setup.datasetProperty().map(d -> d.name() + " · " + Formats.count(d.rowCount())
                + " rows").orElse("No dataset selected"));
        dataset.getStyleClass().add(Styles.TEXT_MUTED);

        VBox targets = new VBox(4);
        targets.setId("batch-targets");
        java.util.Map<TargetChoice, CheckBox> boxes = new java.util.HashMap<>();
        Runnable fill = () -> {
            targets.getChildren().clear();
            boxes.clear();
            if (setup.targets().isEmpty()) {
                Label none = new Label("No targets: import a model (Models), set up a cloud provider (Settings), or "
                        + "type one below.");
                none.setWrapText(true);
                none.getStyleClass().add(Styles.TEXT_MUTED);
                targets.getChildren().add(none);
            }
            for (TargetChoice t : setup.targets()) {
                CheckBox box = new CheckBox(t.label());
                box.setMnemonicParsing(false);
                box.setUserData(t.target().toString());
                box.setTooltip(new Tooltip(t.detail()));
                box.setSelected(setup.isChosen(t));
                box.selectedProperty().addListener((o, a, b) -> setup.choose(t, b));
                targets.getChildren().add(box);
                boxes.put(t, box);
            }
        };
        setup.targets().addListener((ListChangeListener<TargetChoice>) c -> fill.run());
        setup.chosen().addListener((ListChangeListener<TargetChoice>) c ->
                boxes.forEach((t, box) -> box.setSelected(setup.isChosen(t))));
        fill.run();

        TextField typed = new TextField();
        typed.setId("batch-typed-target");
        typed.setPromptText("Another target: provider:model");
        typed.setTooltip(new Tooltip("A model of a provider without prices, e.g. ollama:llama3.2 or "
                + "llama-server:default; Enter adds it"));
        typed.textProperty().bindBidirectional(setup.typedTargetProperty());
        typed.setOnAction(e -> setup.addTypedTarget());
        HBox.setHgrow(typed, Priority.ALWAYS);
        Button addTarget = plusButton("batch-add-target", "Add this target", setup::addTypedTarget);
        HBox typedRow = new HBox(6, typed, addTarget);

        ComboBox<BatchSetupViewModel.CheckKind> kind = new ComboBox<>();
        kind.getItems().setAll(BatchSetupViewModel.CheckKind.values());
        kind.valueProperty().bindBidirectional(setup.checkKindProperty());
        kind.setPrefWidth(140);
        kind.setMinWidth(110);
        TextField argument = new TextField();
        argument.setId("check-argument");
        argument.textProperty().bindBidirectional(setup.checkArgumentProperty());
        argument.promptTextProperty().bind(setup.checkKindProperty().map(BatchSetupViewModel.CheckKind::argumentHint));
        argument.disableProperty().bind(setup.checkKindProperty().map(k -> !k.takesArgument()));
        argument.setOnAction(e -> setup.addCheck());
        HBox.setHgrow(argument, Priority.ALWAYS);
        Button add = plusButton("check-add", "Add this check", setup::addCheck);
        HBox checkRow = new HBox(6, kind, argument, add);
        ListView<String> checks = new ListView<>(setup.checks());
        checks.setId("batch-checks");
        checks.getStyleClass().add(Styles.DENSE);
        checks.setPrefHeight(84);
        checks.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(String spec, boolean empty) {
                super.updateItem(spec, empty);
                if (empty || spec == null) {
                    setText(null);
                    setGraphic(null);
                    return;
                }
                Button remove = new Button(null, new FontIcon(Feather.X));
                remove.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL);
                remove.setOnAction(e -> setup.removeCheck(spec));
                setText(spec);
                setGraphic(remove);
                setContentDisplay(javafx.scene.control.ContentDisplay.RIGHT);
            }
        });
        Label noChecks = new Label("No checks: answers are only timed and priced.");
        noChecks.getStyleClass().add(Styles.TEXT_MUTED);
        noChecks.setWrapText(true);
        noChecks.setTextAlignment(javafx.scene.text.TextAlignment.CENTER);
        checks.setPlaceholder(noChecks);

        GridPane limits = new GridPane();
        limits.setHgap(10);
        limits.setVgap(8);
        Spinner<Integer> repeat = intSpinner(1, 100, setup.repeatProperty());
        repeat.setId("batch-repeat");
        Spinner<Integer> maxTokens = intSpinner(1, 32_768, setup.maxTokensProperty());
        maxTokens.setId("batch-max-tokens");
        TextField budget = new TextField();
        budget.setId("batch-budget");
        budget.setPromptText("no limit");
        budget.textProperty().bindBidirectional(setup.budgetProperty());
        limits.addRow(0, label("Repeat each row"), repeat);
        limits.addRow(1, label("Max tokens per answer"), maxTokens);
        limits.addRow(2, label("Budget (USD)"), budget);
        GridPane lanes = new GridPane();
        lanes.setId("batch-lanes");
        lanes.setHgap(10);
        lanes.setVgap(8);
        Runnable fillLanes = () -> {
            lanes.getChildren().clear();
            int row = 0;
            for (String lane : setup.cloudLanes()) {
                Spinner<Integer> s = intSpinner(1, 64, setup.laneLimit(lane));
                s.setId("batch-limit-" + lane);
                lanes.addRow(row++, label(lane + ": runs at once"), s);
            }
        };
        setup.cloudLanes().addListener((ListChangeListener<String>) c -> fillLanes.run());
        fillLanes.run();
        Label localNote = new Label("Local models run one at a time, so their timings stay fair.");
        localNote.setWrapText(true);
        localNote.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);

        Label problem = new Label();
        problem.setWrapText(true);
        problem.getStyleClass().add(Styles.TEXT_MUTED);
        problem.setId("batch-readiness");
        // Always shown (the problem, or the number of runs): it used to vanish with the last problem, and the target
        // checkboxes under it jumped up under the pointer between two clicks.
        problem.textProperty().bind(setup.readinessProperty());
        Button run = new Button("Run batch", new FontIcon(Feather.PLAY));
        run.setId("batch-run");
        run.getStyleClass().add(Styles.ACCENT);
        run.setMaxWidth(Double.MAX_VALUE);
        run.disableProperty().bind(setup.problemProperty().isNotEmpty());
        run.setOnAction(e -> setup.run());

        run.setMaxWidth(Region.USE_PREF_SIZE);
        run.setMinWidth(Region.USE_PREF_SIZE);
        HBox head = new HBox(10, title, new Spacer(), run);
        head.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(10, head, dataset, problem, section("Targets"), targets, typedRow, section("Checks for every answer"),
                checkRow, checks, section("Limits"), limits, lanes, localNote);
        box.setPadding(new Insets(12, 14, 12, 16));
        box.getStyleClass().add("batch-setup");
        return box;
    }

    private static Label section(String text) {
        Label l = new Label(text);
        l.getStyleClass().add(Styles.TEXT_BOLD);
        VBox.setMargin(l, new Insets(6, 0, 0, 0));
        return l;
    }

    private static Label label(String text) {
        Label l = new Label(text);
        l.setWrapText(true);
        l.setMaxWidth(170);
        return l;
    }

    private static Spinner<Integer> intSpinner(int min, int max, javafx.beans.property.IntegerProperty property) {
        Spinner<Integer> s = new Spinner<>(min, max, property.get());
        s.setEditable(true);
        s.setPrefWidth(100);
        s.valueProperty().addListener((o, a, b) -> {
            if (b != null) {
                property.set(b);
            }
        });
        property.addListener((o, a, b) -> s.getValueFactory().setValue(b.intValue()));
        return s;
    }

    public BorderPane root() {
        return root;
    }
}
