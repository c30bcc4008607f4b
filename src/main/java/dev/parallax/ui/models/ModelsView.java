package dev.parallax.ui.models;

import atlantafx.base.controls.Message;
import dev.parallax.ui.base.Messages;
import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.parallax.engine.local.EngineChoice;
import dev.parallax.models.FitEstimate;
import dev.parallax.models.LocalModel;
import dev.parallax.models.ModelFacts;
import dev.parallax.ui.base.Formats;
import dev.parallax.ui.models.ModelsViewModel.MetadataEntry;
import dev.parallax.ui.models.ModelsViewModel.ModelRow;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import javafx.util.StringConverter;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.Locale;
import java.util.function.Function;

/** The Models screen: the table of imported models, the selected model's details, import and delete. */
public final class ModelsView {

    private final ModelsViewModel vm;
    private final BorderPane root = new BorderPane();
    private final TableView<ModelRow> table = new TableView<>();
    private final StackPane details = new StackPane();
    private final EnginePinViewModel enginePin;
    private ComboBox<EngineChoice> engineBox;
    private final Runnable openDiscover;

    /** @param openDiscover shows Discover, where models are found and downloaded */
    public ModelsView(ModelsViewModel vm, EnginePinViewModel enginePin, Runnable openDiscover) {
        this.vm = vm;
        this.openDiscover = openDiscover;
        this.enginePin = enginePin;
        root.getStyleClass().add("models");
        root.setTop(new VBox(12, header(), importBar(), messages()));
        SplitPane split = new SplitPane(table(), detailsPane());
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.36);
        split.getStyleClass().add("models-split");
        BorderPane.setMargin(split, new Insets(12, 24, 20, 24));
        root.setCenter(split);
    }

    private Node header() {
        Label title = new Label("Models");
        title.getStyleClass().add(Styles.TITLE_3);
        Label count = new Label();
        count.getStyleClass().add(Styles.TEXT_MUTED);
        count.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> vm.rows().size() == 1 ? "1 model" : vm.rows().size() + " models", vm.rows()));

        Label fitLabel = new Label("Fit at context");
        fitLabel.getStyleClass().add(Styles.TEXT_MUTED);
        Spinner<Integer> context = new Spinner<>(256, 1 << 20, vm.fitContextProperty().get(), 1024);
        context.setEditable(true);
        context.setPrefWidth(110);
        context.getValueFactory().valueProperty().addListener((o, a, b) -> {
            if (b != null) {
                vm.fitContextProperty().set(b);
            }
        });
        vm.fitContextProperty().addListener((o, a, b) -> context.getValueFactory().setValue(b.intValue()));
        context.setTooltip(new Tooltip("The context length the fit badges are estimated for"));

        Button refresh = new Button(null, new FontIcon(Feather.REFRESH_CW));
        refresh.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        refresh.setTooltip(new Tooltip("Read the model folder again"));
        refresh.setOnAction(e -> vm.refresh());

        Button delete = new Button("Delete", new FontIcon(Feather.TRASH_2));
        delete.setId("delete-model");
        delete.getStyleClass().addAll(Styles.DANGER, Styles.BUTTON_OUTLINED);
        delete.disableProperty().bind(vm.selectedProperty().isNull());
        delete.setOnAction(e -> vm.deleteSelected());

        Button importButton = new Button("Import…", new FontIcon(Feather.DOWNLOAD));
        importButton.setId("import-model");
        importButton.getStyleClass().add(Styles.ACCENT);
        importButton.setOnAction(e -> vm.chooseAndImport());
        importButton.disableProperty().bind(vm.importingProperty());

        title.setMinWidth(Region.USE_PREF_SIZE);
        fitLabel.setMinWidth(Region.USE_PREF_SIZE);
        delete.setMinWidth(Region.USE_PREF_SIZE);
        importButton.setMinWidth(Region.USE_PREF_SIZE);
        HBox header = new HBox(10, title, count, new Spacer(), fitLabel, context, refresh, delete, importButton);
        header.setAlignment(Pos.CENTER_LEFT);
        header.getStyleClass().add("page-header");
        return header;
    }

    private Node importBar() {
        Label message = new Label();
        message.textProperty().bind(vm.importMessageProperty());
        ProgressBar bar = new ProgressBar();
        bar.setId("import-progress");
        bar.progressProperty().bind(vm.importProgressProperty());
        bar.setPrefWidth(320);
        Button cancel = new Button("Cancel");
        cancel.setId("cancel-import");
        cancel.getStyleClass().add(Styles.SMALL);
        cancel.setOnAction(e -> vm.cancelImport());
        HBox box = new HBox(12, new FontIcon(Feather.DOWNLOAD_CLOUD), message, new Spacer(), bar, cancel);
        box.setAlignment(Pos.CENTER_LEFT);
        box.getStyleClass().addAll("card-box", "import-bar");
        box.visibleProperty().bind(vm.importingProperty());
        box.managedProperty().bind(box.visibleProperty());
        VBox.setMargin(box, new Insets(0, 24, 0, 24));
        return box;
    }

    private Node messages() {
        Message problems = Messages.create("Some files were left out", "", new FontIcon(Feather.ALERT_TRIANGLE));
        problems.getStyleClass().add(Styles.WARNING);
        problems.descriptionProperty().bind(vm.problemsProperty());
        problems.visibleProperty().bind(vm.problemsProperty().isNotEmpty());
        problems.managedProperty().bind(problems.visibleProperty());
        Message error = Messages.create("Models unavailable", "", new FontIcon(Feather.ALERT_OCTAGON));
        error.getStyleClass().add(Styles.DANGER);
        error.descriptionProperty().bind(vm.loadErrorProperty());
        error.visibleProperty().bind(vm.loadErrorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        VBox box = new VBox(8, error, problems);
        box.setPadding(new Insets(0, 24, 0, 24));
        box.managedProperty().bind(problems.visibleProperty().or(error.visibleProperty()));
        return box;
    }

    private Node table() {
        table.setId("models-table");
        table.setItems(vm.rows());
        table.getStyleClass().addAll(Styles.STRIPED);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(column("Name", 220, r -> r.model().name()));
        table.getColumns().add(column("Architecture", 110, r -> r.model().facts().architecture()));
        table.getColumns().add(column("Parameters", 100, r -> r.model().facts().parameterLabel()));
        table.getColumns().add(column("Quantization", 110, r -> r.model().facts().quantization()));
        table.getColumns().add(column("Size", 90, r -> Formats.bytes(r.model().sizeBytes())));
        table.getColumns().add(column("Context", 80, r -> r.model().facts().contextLength() > 0
                ? Formats.count(r.model().facts().contextLength()) : Formats.NONE));
        TableColumn<ModelRow, String> chat = column("Chat template", 110, r -> r.model().facts().hasChatTemplate() ? "yes" : "no");
        table.getColumns().add(chat);
        TableColumn<ModelRow, String> sha = column("SHA-256", 120, ModelsView::shortSha);
        sha.getStyleClass().add("mono-column");
        table.getColumns().add(sha);
        TableColumn<ModelRow, FitEstimate> fit = new TableColumn<>("Fit");
        fit.setPrefWidth(90);
        fit.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().fit()));
        fit.setCellFactory(c -> new FitCell());
        table.getColumns().add(fit);
        headerTip(chat, "Whether the file carries a chat template (auto mode then chats)");
        headerTip(sha, "The file's SHA-256, first 12 digits");
        headerTip(fit, "Whether it fits this machine's memory at the chosen context: hover a badge for the numbers");
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != vm.selectedProperty().get()) {
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

        FontIcon icon = new FontIcon(Feather.BOX);
        icon.setIconSize(40);
        icon.getStyleClass().add("empty-icon");
        Label empty = new Label("No models yet");
        empty.getStyleClass().add(Styles.TITLE_4);
        Label hint = new Label("Drop .gguf files anywhere on this window, click Import…, or download one:");
        hint.getStyleClass().add(Styles.TEXT_MUTED);
        Button discover = new Button("Find a model in Discover", new FontIcon(Feather.SEARCH));
        discover.setId("models-discover");
        discover.setOnAction(e -> openDiscover.run());
        Label loading = new Label("Reading the model folder…");
        loading.getStyleClass().add(Styles.TEXT_MUTED);
        loading.visibleProperty().bind(vm.loadingProperty());
        VBox placeholder = new VBox(8, icon, empty, hint, discover, loading);
        placeholder.setAlignment(Pos.CENTER);
        table.setPlaceholder(placeholder);
        return table;
    }

    /** A header with a short title gets its full name on hover. */
    private static void headerTip(TableColumn<?, ?> column, String text) {
        Label header = new Label(column.getText());
        header.setTooltip(new Tooltip(text));
        column.setText(null);
        column.setGraphic(header);
    }

    private static String shortSha(ModelRow r) {
        return r.model().shortSha().isEmpty() ? Formats.NONE : r.model().shortSha();
    }

    private static <T> TableColumn<ModelRow, String> column(String title, double width, Function<ModelRow, String> value) {
        TableColumn<ModelRow, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        return c;
    }

    /** A coloured badge with the numbers behind it in the tooltip. */
    private static final class FitCell extends TableCell<ModelRow, FitEstimate> {
        @Override
        protected void updateItem(FitEstimate fit, boolean empty) {
            super.updateItem(fit, empty);
            if (empty || fit == null) {
                setGraphic(null);
                setTooltip(null);
                return;
            }
            Label badge = fitBadge(fit);
            setGraphic(badge);
            setText(null);
        }
    }

    static Label fitBadge(FitEstimate fit) {
        Label badge = new Label(fit.verdict().label());
        badge.getStyleClass().addAll("fit-badge", "fit-" + fit.verdict().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        Tooltip tip = new Tooltip(fit.explain());
        tip.getStyleClass().add("mono-tooltip");
        tip.setShowDelay(Duration.millis(200));
        tip.setShowDuration(Duration.seconds(30));
        badge.setTooltip(tip);
        return badge;
    }

    private Node detailsPane() {
        details.getStyleClass().add("model-details");
        details.setPadding(new Insets(14, 16, 14, 16));
        vm.selectedProperty().addListener((o, a, row) -> showDetails(row));
        showDetails(null);
        return details;
    }

    private void showDetails(ModelRow row) {
        if (row == null) {
            Label hint = new Label("Select a model to see its facts and every metadata key of its GGUF header.");
            hint.setWrapText(true);
            hint.getStyleClass().add(Styles.TEXT_MUTED);
            StackPane.setAlignment(hint, Pos.TOP_LEFT);
            details.getChildren().setAll(hint);
            return;
        }
        LocalModel m = row.model();
        ModelFacts f = m.facts();
        Label name = new Label(m.name());
        name.setId("model-details-name");
        name.getStyleClass().add(Styles.TITLE_4);
        name.setWrapText(true);
        Label subtitle = new Label(f.displayName().isBlank() ? f.architecture() : f.displayName());
        subtitle.getStyleClass().add(Styles.TEXT_MUTED);
        HBox title = new HBox(10, name, new Spacer(), fitBadge(row.fit()));
        title.setAlignment(Pos.CENTER_LEFT);

        GridPane facts = new GridPane();
        facts.getStyleClass().add("facts");
        facts.setHgap(14);
        facts.setVgap(6);
        int r = 0;
        r = fact(facts, r, "File", m.file().toString());
        r = fact(facts, r, "Size", Formats.bytes(m.sizeBytes()));
        Label sha = new Label(m.sha256().orElse(Formats.NONE));
        sha.setWrapText(true);
        sha.getStyleClass().add("mono-text");
        r = fact(facts, r, "SHA-256", sha);
        r = fact(facts, r, "Parameters", f.parameterLabel() + (f.parameterCount() > 0 ? " (" + Formats.count(f.parameterCount()) + ")" : ""));
        r = fact(facts, r, "Quantization", f.quantization());
        r = fact(facts, r, "Context length", f.contextLength() > 0 ? Formats.count(f.contextLength()) : Formats.NONE);
        r = fact(facts, r, "Layers · width", f.layers() + " · " + f.embeddingLength());
        r = fact(facts, r, "Heads (KV)", f.heads() + " (" + f.kvHeads() + ")");
        r = fact(facts, r, "Vocabulary", Formats.count(f.vocabSize()));
        r = fact(facts, r, "Chat template", f.hasChatTemplate() ? "yes" : "no");
        r = fact(facts, r, "Memory estimate", Formats.bytes(row.fit().neededBytes()) + " at " + Formats.count(row.fit().contextSize()) + " context");
        fact(facts, r, "Engine", engineChoice(m.name()));

        Label metaTitle = new Label("GGUF metadata");
        metaTitle.getStyleClass().add(Styles.TEXT_BOLD);
        Label metaStatus = new Label();
        metaStatus.getStyleClass().add(Styles.TEXT_MUTED);
        metaStatus.setWrapText(true);
        metaStatus.textProperty().bind(vm.metadataStatusProperty());
        metaStatus.managedProperty().bind(vm.metadataStatusProperty().isNotEmpty());
        TableView<MetadataEntry> meta = new TableView<>(vm.metadata());
        meta.setId("metadata-table");
        meta.getStyleClass().addAll(Styles.DENSE, Styles.STRIPED);
        meta.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<MetadataEntry, String> key = new TableColumn<>("Key");
        key.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().key()));
        key.setPrefWidth(200);
        TableColumn<MetadataEntry, String> value = new TableColumn<>("Value");
        value.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().value()));
        value.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
                setTooltip(empty || text == null ? null : new Tooltip(text));
            }
        });
        meta.getColumns().add(key);
        meta.getColumns().add(value);
        meta.setMinHeight(120);
        VBox.setVgrow(meta, Priority.ALWAYS);

        VBox about = new VBox(10, title, subtitle, facts);
        about.setPadding(new Insets(0, 12, 0, 0));
        ScrollPane aboutScroll = new ScrollPane(about);
        aboutScroll.setFitToWidth(true);
        aboutScroll.getStyleClass().add(Tweaks.EDGE_TO_EDGE);
        aboutScroll.setPrefWidth(420);
        aboutScroll.setMinWidth(320);
        VBox metadataBox = new VBox(8, metaTitle, metaStatus, meta);
        HBox.setHgrow(metadataBox, Priority.ALWAYS);
        HBox columns = new HBox(20, aboutScroll, metadataBox);
        details.getChildren().setAll(columns);
    }

    /** Which engine runs this model when a run says auto; saved per model. */
    private Node engineChoice(String modelName) {
        ComboBox<EngineChoice> box = new ComboBox<>();
        box.setId("model-engine");
        box.getItems().setAll(EngineChoice.values());
        box.setConverter(new StringConverter<>() {
            @Override
            public String toString(EngineChoice c) {
                return c == null ? "" : switch (c) {
                    case AUTO -> "auto";
                    case CURRENT -> "current llama.cpp";
                    case JAVA_LLAMA_CPP -> "java-llama.cpp";
                };
            }

            @Override
            public EngineChoice fromString(String s) {
                return EngineChoice.parse(s);
            }
        });
        if (engineBox != null) {
            // The details pane is rebuilt per selection: the old control lets go of the shared property.
            engineBox.valueProperty().unbindBidirectional(enginePin.choiceProperty());
            engineBox.disableProperty().unbind();
        }
        engineBox = box;
        enginePin.show(modelName);
        box.valueProperty().bindBidirectional(enginePin.choiceProperty());
        box.disableProperty().bind(enginePin.readyProperty().not());
        box.setTooltip(new Tooltip("auto: the current llama.cpp when it is available here, else java-llama.cpp. "
                + "A run that names its own engine (Playground's engine menu, --engine) still uses that one."));
        return box;
    }

    private static int fact(GridPane grid, int row, String label, String value) {
        Label v = new Label(value);
        v.setWrapText(true);
        return fact(grid, row, label, v);
    }

    private static int fact(GridPane grid, int row, String label, Node value) {
        Label l = new Label(label);
        l.getStyleClass().add(Styles.TEXT_MUTED);
        l.setMinWidth(110);
        GridPane.setHgrow(value, Priority.ALWAYS);
        grid.add(l, 0, row);
        grid.add(value, 1, row);
        return row + 1;
    }

    public BorderPane root() {
        return root;
    }
}
