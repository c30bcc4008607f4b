package dev.parallax.ui.discover;

import atlantafx.base.controls.Message;
import dev.parallax.ui.base.Messages;
import atlantafx.base.theme.Styles;
import dev.parallax.models.Compatibility;
import dev.parallax.models.hub.HubSort;
import dev.parallax.ui.base.Formats;
import dev.parallax.ui.base.WindowWidth;
import dev.parallax.ui.discover.DiscoverViewModel.Details;
import dev.parallax.ui.discover.DiscoverViewModel.FileRow;
import dev.parallax.ui.discover.DiscoverViewModel.ResultRow;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import javafx.util.StringConverter;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The Discover screen: search and catalog on the left, the chosen repository's models with engine, fit
 * and speed on the right, the Downloads panel below.
 */
public final class DiscoverView {

    /** The results list's share of the browsing area's width, and its least width in pixels. */
    private static final double LIST_SHARE = 0.35;
    private static final double LIST_WIDTH = 350;

    private final DiscoverViewModel vm;
    private final BorderPane root = new BorderPane();
    /** In a narrow window the files table leaves out what the chosen file's card below it says as well. */
    private final WindowWidth width = WindowWidth.of(root);
    /** The files table's rows are this tall, so that it can be as tall as its rows (up to {@link #FILE_ROWS_SHOWN}). */
    private static final double FILE_ROW_HEIGHT = 30;
    private static final int FILE_ROWS_SHOWN = 6;
    private static final double BROWSE_MIN_HEIGHT = 330;

    public DiscoverView(DiscoverViewModel vm, DownloadsView downloads) {
        this.vm = vm;
        root.getStyleClass().add("discover");
        root.setTop(new VBox(10, header(), searchBar(), filterBar(), hubMessage()));
        SplitPane browse = new SplitPane(results(), repoPane());
        // In a short window the Downloads list gives way first: the chosen file's card, with its Download button,
        // stays in view below the files.
        browse.setMinHeight(BROWSE_MIN_HEIGHT);
        browse.setDividerPositions(LIST_SHARE);
        keepTheListReadable(browse);
        SplitPane split = new SplitPane(browse, downloads.root());
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.64);
        BorderPane.setMargin(split, new Insets(10, 24, 20, 24));
        root.setCenter(split);
    }

    private Node header() {
        Label title = new Label("Discover");
        title.getStyleClass().add(Styles.TITLE_3);
        Label mirror = new Label();
        mirror.textProperty().bind(vm.mirrorNoticeProperty());
        mirror.setId("mirror-notice");
        mirror.getStyleClass().add(Styles.TEXT_MUTED);
        HBox header = new HBox(10, title, mirror);
        header.setAlignment(Pos.CENTER_LEFT);
        header.getStyleClass().add("page-header");
        return header;
    }

    /**
     * Show only what fits this machine at a context, one quantization, what a local engine runs. A change
     * filters what was found again without asking the Hub; "Clear filters" brings everything back.
     */
    private Node filterBar() {
        Label showOnly = new Label("Show only");
        showOnly.getStyleClass().add(Styles.TEXT_MUTED);
        CheckBox fits = new CheckBox("Fits this machine");
        fits.setId("filter-fits");
        fits.selectedProperty().bindBidirectional(vm.fitsOnlyProperty());
        fits.setTooltip(tip("Models whose weights, KV cache and runtime fit this machine's memory at the context on"
                + " the right (tight fits included). Before a repository is opened this is judged from its parameter"
                + " count and quantization; the KV cache is added once it is opened."));
        Label at = new Label("at");
        at.getStyleClass().add(Styles.TEXT_MUTED);
        Spinner<Integer> context = new Spinner<>(256, 1 << 20, vm.contextProperty().get(), 1024);
        context.setId("discover-context");
        context.setEditable(true);
        context.setPrefWidth(110);
        context.getValueFactory().valueProperty().addListener((o, a, b) -> {
            if (b != null) {
                vm.contextProperty().set(b);
            }
        });
        vm.contextProperty().addListener((o, a, b) -> context.getValueFactory().setValue(b.intValue()));
        context.setTooltip(tip("The context length, in tokens, the memory estimate is made for (the KV cache grows with it)"));
        Label tokens = new Label("tokens");
        tokens.getStyleClass().add(Styles.TEXT_MUTED);

        ComboBox<String> quant = new ComboBox<>(vm.quantizationChoices());
        quant.setId("filter-quant");
        quant.valueProperty().bindBidirectional(vm.quantizationProperty());
        quant.setConverter(new StringConverter<>() {
            @Override
            public String toString(String q) {
                return q == null || q.isBlank() ? "Any quantization" : q;
            }

            @Override
            public String fromString(String text) {
                return text == null || text.equals("Any quantization") ? DiscoverViewModel.ANY_QUANTIZATION : text;
            }
        });
        quant.setTooltip(tip("Only repositories that offer this quantization, and only its files in a repository"));
        quant.setVisibleRowCount(16);

        CheckBox supported = new CheckBox("Supported architecture");
        supported.setId("filter-supported");
        supported.selectedProperty().bindBidirectional(vm.supportedOnlyProperty());
        supported.setTooltip(tip("Only models whose architecture (and tensor types) a local engine in Parallax runs"
                + " here; the others need a newer llama.cpp's llama-server, used through an OpenAI-compatible endpoint"));

        Button clear = new Button("Clear filters", new FontIcon(Feather.X));
        clear.setId("filter-clear");
        clear.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
        clear.setOnAction(e -> vm.clearFilters());
        clear.visibleProperty().bind(vm.filtersActiveProperty());
        clear.managedProperty().bind(clear.visibleProperty());

        Label quantLabel = new Label("Quantization");
        quantLabel.getStyleClass().add(Styles.TEXT_MUTED);
        quantLabel.setLabelFor(quant);
        showOnly.setId("filter-show-only");
        quantLabel.setId("filter-quant-label");
        tokens.setId("filter-tokens");
        for (Region whole : List.of(showOnly, fits, at, context, tokens, quantLabel, quant, supported, clear)) {
            whole.setMinWidth(Region.USE_PREF_SIZE);
        }
        // In a narrow window the groups wrap onto a second line instead of cutting their captions short.
        FlowPane bar = new FlowPane(26, 8, group(showOnly, fits, at, context, tokens), group(quantLabel, quant),
                group(supported, clear));
        bar.setId("discover-filters");
        bar.setPadding(new Insets(0, 24, 0, 24));
        return bar;
    }

    /**
     * In a narrow window the list keeps room for a catalog model's name and its badge on one line; widening gives
     * back the share the user chose (by dragging the divider) or the default one.
     */
    private static void keepTheListReadable(SplitPane browse) {
        double[] chosen = {LIST_SHARE};
        boolean[] ours = {false};
        SplitPane.Divider divider = browse.getDividers().get(0);
        divider.positionProperty().addListener((o, was, now) -> {
            if (!ours[0] && browse.getWidth() > 0 && now.doubleValue() * browse.getWidth() >= LIST_WIDTH - 1) {
                chosen[0] = now.doubleValue();
            }
        });
        browse.widthProperty().addListener((o, was, w) -> {
            if (w.doubleValue() <= 0) {
                return;
            }
            ours[0] = true;
            try {
                divider.setPosition(Math.max(chosen[0], LIST_WIDTH / w.doubleValue()));
            } finally {
                ours[0] = false;
            }
        });
    }

    private static HBox group(Node... nodes) {
        HBox group = new HBox(8, nodes);
        group.setAlignment(Pos.CENTER_LEFT);
        return group;
    }

    private static Tooltip tip(String text) {
        Tooltip t = new Tooltip(text);
        t.setWrapText(true);
        t.setMaxWidth(460);
        t.setShowDelay(Duration.millis(300));
        t.setShowDuration(Duration.seconds(30));
        return t;
    }

    private Node searchBar() {
        TextField query = new TextField();
        query.setId("discover-query");
        query.setPromptText("Search GGUF models on Hugging Face, e.g. qwen 1.5b, smollm2, llama 3.2");
        query.textProperty().bindBidirectional(vm.queryProperty());
        query.setOnAction(e -> vm.search());
        HBox.setHgrow(query, Priority.ALWAYS);
        ComboBox<HubSort> sort = new ComboBox<>();
        sort.setId("discover-sort");
        sort.getItems().setAll(HubSort.values());
        sort.valueProperty().bindBidirectional(vm.sortProperty());
        sort.setConverter(new StringConverter<>() {
            @Override
            public String toString(HubSort s) {
                return s == null ? "" : "by " + s.name().toLowerCase(Locale.ROOT);
            }

            @Override
            public HubSort fromString(String text) {
                return HubSort.parse(text.replace("by ", ""));
            }
        });
        sort.valueProperty().addListener((o, a, b) -> {
            if (a != null && b != null && !vm.results().isEmpty() && !vm.queryProperty().get().isBlank()) {
                vm.search();
            }
        });
        Button search = new Button("Search", new FontIcon(Feather.SEARCH));
        search.setId("discover-search");
        search.getStyleClass().add(Styles.ACCENT);
        search.setDefaultButton(false);
        search.setOnAction(e -> vm.search());
        search.disableProperty().bind(vm.searchingProperty());
        Button catalog = new Button("Recommended", new FontIcon(Feather.STAR));
        catalog.setId("discover-catalog");
        catalog.setOnAction(e -> vm.showCatalog());
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(20, 20);
        busy.visibleProperty().bind(vm.searchingProperty());
        HBox bar = new HBox(10, query, sort, search, catalog, busy);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(0, 24, 0, 24));
        return bar;
    }

    private Node hubMessage() {
        Message problem = Messages.create("", "", new FontIcon(Feather.WIFI_OFF));
        problem.setId("hub-problem");
        problem.getStyleClass().add(Styles.WARNING);
        problem.titleProperty().bind(vm.hubProblemTitleProperty());
        problem.descriptionProperty().bind(vm.hubProblemProperty());
        problem.visibleProperty().bind(vm.hubProblemProperty().isNotEmpty());
        problem.managedProperty().bind(problem.visibleProperty());
        VBox box = new VBox(problem);
        box.setPadding(new Insets(0, 24, 0, 24));
        box.managedProperty().bind(problem.visibleProperty());
        return box;
    }

    private Node results() {
        ListView<ResultRow> list = new ListView<>(vm.results());
        list.setId("discover-results");
        list.setCellFactory(l -> new ResultCell());
        list.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null) {
                vm.selectedResultProperty().set(b);
            }
        });
        // A filter change replaces the rows: the repository that is open stays selected.
        vm.results().addListener((javafx.collections.ListChangeListener<ResultRow>) c -> {
            ResultRow chosen = vm.selectedResultProperty().get();
            ResultRow shown = list.getSelectionModel().getSelectedItem();
            if (chosen != null && (shown == null || !shown.repo().equals(chosen.repo()))) {
                vm.results().stream().filter(r -> r.repo().equals(chosen.repo())).findFirst()
                        .ifPresent(r -> list.getSelectionModel().select(r));
            }
        });
        Label empty = new Label();
        empty.setId("results-empty");
        empty.textProperty().bind(vm.emptyResultsProperty());
        empty.setWrapText(true);
        empty.setMaxWidth(260);
        empty.setTextAlignment(javafx.scene.text.TextAlignment.CENTER);
        empty.getStyleClass().add(Styles.TEXT_MUTED);
        list.setPlaceholder(empty);
        VBox.setVgrow(list, Priority.ALWAYS);
        Label caption = new Label();
        caption.setId("results-caption");
        caption.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        caption.setWrapText(true);
        caption.textProperty().bind(vm.resultsCaptionProperty());
        Label hidden = new Label();
        hidden.setId("results-hidden");
        hidden.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.WARNING);
        hidden.setWrapText(true);
        hidden.textProperty().bind(vm.hiddenResultsProperty());
        hidden.visibleProperty().bind(vm.hiddenResultsProperty().isNotEmpty());
        hidden.managedProperty().bind(hidden.visibleProperty());
        Button more = new Button("More results", new FontIcon(Feather.CHEVRONS_DOWN));
        more.setId("discover-more");
        more.getStyleClass().add(Styles.SMALL);
        more.setMaxWidth(Double.MAX_VALUE);
        more.visibleProperty().bind(vm.moreAvailableProperty());
        more.managedProperty().bind(more.visibleProperty());
        more.disableProperty().bind(vm.searchingProperty());
        more.setOnAction(e -> vm.loadMore());
        VBox box = new VBox(6, caption, hidden, list, more);
        box.setMinWidth(260);
        box.setPadding(new Insets(0, 8, 0, 0));
        return box;
    }

    /** A result: name, what it is, counters, and a star for the catalog's recommendations. */
    private static final class ResultCell extends ListCell<ResultRow> {
        ResultCell() {
            // Wrap to the list's width instead of scrolling sideways.
            setPrefWidth(0);
        }

        @Override
        protected void updateItem(ResultRow row, boolean empty) {
            super.updateItem(row, empty);
            if (empty || row == null) {
                setGraphic(null);
                setText(null);
                setTooltip(null);
                return;
            }
            Label name = new Label(row.title());
            name.getStyleClass().add(Styles.TEXT_BOLD);
            HBox top = new HBox(6, name);
            top.setAlignment(Pos.CENTER_LEFT);
            if (row.recommended().isPresent()) {
                Label star = new Label("recommended");
                star.getStyleClass().addAll("fit-badge", "fit-fits");
                top.getChildren().add(star);
            }
            Label sub = new Label(row.subtitle());
            sub.setWrapText(true);
            sub.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
            VBox box = new VBox(2, top, sub);
            box.prefWidthProperty().bind(getListView().widthProperty().subtract(36));
            box.maxWidthProperty().bind(box.prefWidthProperty());
            row.goodFor().ifPresent(g -> {
                Label good = new Label(g);
                good.setWrapText(true);
                good.getStyleClass().add(Styles.TEXT_SMALL);
                box.getChildren().add(good);
            });
            HBox judged = new HBox(6);
            judged.setAlignment(Pos.CENTER_LEFT);
            Label fit = new Label(row.fitLabel());
            fit.getStyleClass().addAll("fit-badge", "fit-" + row.fit()
                    .map(f -> f.verdict().name().toLowerCase(Locale.ROOT).replace('_', '-')).orElse("unknown"));
            judged.getChildren().add(fit);
            if (!row.sizeLabel().isEmpty()) {
                Label size = new Label(row.sizeLabel());
                size.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
                judged.getChildren().add(size);
            }
            row.engineNote().ifPresent(note -> {
                Label engine = new Label(note);
                engine.getStyleClass().addAll("fit-badge", "fit-tight");
                judged.getChildren().add(engine);
            });
            box.getChildren().add(judged);
            if (row.recommended().isEmpty()) {
                Label repo = new Label(row.repo());
                repo.getStyleClass().addAll(Styles.TEXT_SMALL, "mono-text");
                box.getChildren().add(1, repo);
                top.getChildren().remove(name);
                name.setText(row.repo().substring(row.repo().indexOf('/') + 1));
                top.getChildren().add(0, name);
            }
            setText(null);
            setGraphic(box);
            setTooltip(tip(row.explain()));
        }
    }

    private static FontIcon icon(DiscoverViewModel.ProblemKind kind) {
        return new FontIcon(switch (kind) {
            case NETWORK -> Feather.WIFI_OFF;
            case ACCESS -> Feather.LOCK;
            case OTHER -> Feather.ALERT_TRIANGLE;
        });
    }

    private Node repoPane() {
        Label title = new Label("Choose a model on the left");
        title.setId("repo-title");
        title.getStyleClass().add(Styles.TITLE_4);
        Label subtitle = new Label();
        subtitle.setWrapText(true);
        subtitle.getStyleClass().add(Styles.TEXT_MUTED);
        vm.repoProperty().addListener((o, a, view) -> {
            if (view == null) {
                return;
            }
            title.setText(view.repo());
            subtitle.setText(view.header().map(h -> h.facts().architecture() + " · " + h.facts().parameterLabel()
                    + " parameters · context " + Formats.count(h.facts().contextLength()) + " · chat template "
                    + (h.chatTemplate().isPresent() ? "yes" : "no")).orElse("")
                    + view.recommended().map(r -> (view.header().isPresent() ? "\n" : "") + r.goodFor() + " (" + r.license() + ")").orElse(""));
        });
        vm.selectedResultProperty().addListener((o, a, row) -> {
            if (row != null) {
                title.setText(row.repo());
                subtitle.setText("");
            }
        });
        ProgressIndicator loading = new ProgressIndicator();
        loading.setPrefSize(20, 20);
        loading.visibleProperty().bind(vm.loadingRepoProperty());
        HBox titleRow = new HBox(10, title, loading);
        titleRow.setAlignment(Pos.CENTER_LEFT);

        Message problem = Messages.create("", "", icon(vm.repoProblemKindProperty().get()));
        vm.repoProblemKindProperty().addListener((o, a, kind) -> problem.setGraphic(icon(kind)));
        problem.setId("repo-problem");
        problem.getStyleClass().add(Styles.DANGER);
        problem.titleProperty().bind(vm.repoProblemTitleProperty());
        problem.descriptionProperty().bind(vm.repoProblemProperty());
        problem.visibleProperty().bind(vm.repoProblemProperty().isNotEmpty());
        problem.managedProperty().bind(problem.visibleProperty());

        TableView<FileRow> table = filesTable();
        // As tall as its rows (one to six): a repository of one or two files leaves the room to the chosen file's card,
        // whose Download button a short window would otherwise cut off.
        table.setFixedCellSize(FILE_ROW_HEIGHT);
        table.prefHeightProperty().bind(Bindings.createDoubleBinding(() -> 34 + FILE_ROW_HEIGHT
                * Math.max(1, Math.min(FILE_ROWS_SHOWN, table.getItems().size())) + 4, table.getItems()));
        table.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        subtitle.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        Node chosen = selectedFile();
        VBox.setVgrow(chosen, Priority.ALWAYS);
        Label hiddenFiles = new Label();
        hiddenFiles.setId("files-hidden");
        hiddenFiles.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.WARNING);
        hiddenFiles.setWrapText(true);
        hiddenFiles.textProperty().bind(vm.hiddenFilesProperty());
        Hyperlink showAll = new Hyperlink("Clear filters");
        showAll.setId("files-show-all");
        showAll.getStyleClass().add(Styles.TEXT_SMALL);
        showAll.setOnAction(e -> vm.clearFilters());
        showAll.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox hint = new HBox(6, new FontIcon(Feather.FILTER), hiddenFiles, showAll);
        hint.setAlignment(Pos.CENTER_LEFT);
        hint.visibleProperty().bind(vm.hiddenFilesProperty().isNotEmpty());
        hint.managedProperty().bind(hint.visibleProperty());
        VBox box = new VBox(8, titleRow, subtitle, problem, table, hint, chosen);
        box.setPadding(new Insets(0, 0, 0, 12));
        return box;
    }

    private TableView<FileRow> filesTable() {
        TableView<FileRow> table = new TableView<>(vm.files());
        table.setId("files-table");
        table.getStyleClass().addAll(Styles.STRIPED, Styles.DENSE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(column("File", 165, FileRow::files));
        table.getColumns().add(column("Quant", 72, FileRow::quantization));
        table.getColumns().add(column("Size", 82, r -> Formats.bytes(r.model().totalSize())));
        TableColumn<FileRow, FileRow> fit = new TableColumn<>("Fit");
        fit.setPrefWidth(68);
        fit.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        fit.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(FileRow row, boolean empty) {
                super.updateItem(row, empty);
                setText(null);
                setGraphic(empty || row == null ? null : fitBadge(row));
            }
        });
        table.getColumns().add(fit);
        TableColumn<FileRow, String> speed = column("Speed", 90, r -> r.speed().tokensPerSecond().isPresent()
                ? Formats.rate(r.speed().tokensPerSecond()) : "no runs yet");
        table.getColumns().add(speed);
        TableColumn<FileRow, String> engine = column("Engine", 110, FileRow::engineName);
        // The chosen file's card shows both (speed and engine) in full.
        speed.visibleProperty().bind(width.wideProperty());
        engine.visibleProperty().bind(width.wideProperty());
        engine.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
                FileRow row = empty || getTableRow() == null ? null : getTableRow().getItem();
                setTooltip(row == null ? null : new Tooltip(row.compatibility().message()));
            }
        });
        table.getColumns().add(engine);
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null && b != vm.selectedFileProperty().get()) {
                vm.selectedFileProperty().set(b);
            }
        });
        vm.selectedFileProperty().addListener((o, a, b) -> {
            if (b == null) {
                table.getSelectionModel().clearSelection();
            } else if (table.getSelectionModel().getSelectedItem() != b) {
                table.getSelectionModel().select(b);
            }
        });
        Label empty = new Label();
        empty.setId("files-empty");
        empty.textProperty().bind(vm.emptyFilesProperty());
        empty.setWrapText(true);
        empty.getStyleClass().add(Styles.TEXT_MUTED);
        table.setPlaceholder(empty);
        table.setMinHeight(110);
        table.setPrefHeight(170);
        return table;
    }

    static Label fitBadge(FileRow row) {
        Label badge = new Label(row.fitLabel());
        String style = row.fit().map(f -> f.verdict().name().toLowerCase(Locale.ROOT).replace('_', '-')).orElse("unknown");
        badge.getStyleClass().addAll("fit-badge", "fit-" + style);
        row.fit().ifPresent(f -> {
            Tooltip tip = new Tooltip(f.message());
            tip.setWrapText(true);
            tip.setMaxWidth(480);
            tip.setShowDelay(Duration.millis(200));
            tip.setShowDuration(Duration.seconds(30));
            badge.setTooltip(tip);
        });
        return badge;
    }

    /** The most of the file card a short window keeps in view before the card scrolls. */
    private static final double CARD_MIN_VIEW = 170;

    /** The chosen file: its verdicts spelled out, Details and Download. */
    private Node selectedFile() {
        Label fit = new Label();
        fit.setId("fit-message");
        fit.setWrapText(true);
        Label engine = new Label();
        engine.setId("engine-message");
        engine.setWrapText(true);
        Label speed = new Label();
        speed.setId("speed-message");
        speed.setWrapText(true);
        speed.getStyleClass().add(Styles.TEXT_MUTED);
        Runnable show = () -> {
            FileRow row = vm.selectedFileProperty().get();
            fit.setText(row == null ? "" : row.fit().map(f -> "Memory: " + f.message())
                    .orElse("Memory: unknown until the file's header is read"));
            engine.setText(row == null ? "" : "Engine: " + engineSentence(row.compatibility()));
            speed.setText(row == null ? "" : "Speed: " + row.speed().describe());
        };
        vm.selectedFileProperty().addListener((o, a, b) -> show.run());
        vm.files().addListener((javafx.collections.ListChangeListener<FileRow>) c -> show.run());

        Button details = new Button("Details", new FontIcon(Feather.FILE_TEXT));
        details.setId("file-details");
        details.setTooltip(new Tooltip("Read this file's GGUF header from the Hub (a few hundred KB)"));
        details.disableProperty().bind(vm.selectedFileProperty().isNull());
        details.setOnAction(e -> vm.loadDetails());
        Button download = new Button("Download", new FontIcon(Feather.DOWNLOAD));
        download.setId("download-file");
        download.getStyleClass().add(Styles.ACCENT);
        download.disableProperty().bind(vm.selectedFileProperty().isNull());
        download.setOnAction(e -> vm.downloadSelected());
        Label status = new Label();
        status.setId("details-status");
        status.setWrapText(true);
        status.getStyleClass().add(Styles.TEXT_MUTED);
        status.textProperty().bind(vm.detailsStatusProperty());
        status.managedProperty().bind(vm.detailsStatusProperty().isNotEmpty());

        GridPane facts = new GridPane();
        facts.setId("details-facts");
        facts.setHgap(14);
        facts.setVgap(4);
        TextArea template = new TextArea();
        template.setId("details-template");
        template.setEditable(false);
        template.setWrapText(true);
        template.setPrefRowCount(4);
        template.getStyleClass().add("mono-text");
        VBox detailBox = new VBox(6, facts, template);
        detailBox.visibleProperty().bind(vm.detailsProperty().isNotNull());
        detailBox.managedProperty().bind(detailBox.visibleProperty());
        vm.detailsProperty().addListener((o, a, d) -> showDetails(facts, template, d));

        details.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        download.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox buttons = new HBox(10, details, download);
        buttons.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        VBox texts = new VBox(4, fit, engine, speed);
        HBox.setHgrow(texts, Priority.ALWAYS);
        HBox row = new HBox(16, texts, buttons);
        row.setAlignment(Pos.TOP_LEFT);
        // In a narrow window the buttons go above what the card says, which would otherwise wrap into a tall column.
        VBox box = new VBox(8, row, status, detailBox);
        Runnable arrange = () -> {
            if (width.isWide()) {
                box.getChildren().remove(buttons);
                if (!row.getChildren().contains(buttons)) {
                    row.getChildren().add(buttons);
                }
            } else {
                row.getChildren().remove(buttons);
                if (!box.getChildren().contains(buttons)) {
                    box.getChildren().add(0, buttons);
                }
            }
        };
        width.wideProperty().addListener((o, was, wide) -> arrange.run());
        arrange.run();
        box.getStyleClass().add("card-box");
        box.visibleProperty().bind(vm.selectedFileProperty().isNotNull());
        box.managedProperty().bind(box.visibleProperty());
        ScrollPane scroll = new ScrollPane(box);
        scroll.setFitToWidth(true);
        // The buttons and what the card says stay whole in a short window: the card asks for their height (up to a
        // limit) rather than scroll them away when a sentence wraps (the memory line wraps as the free memory changes).
        scroll.minViewportHeightProperty().bind(javafx.beans.binding.Bindings.createDoubleBinding(
                () -> Math.min(CARD_MIN_VIEW, row.getHeight() + (width.isWide() ? 0 : buttons.getHeight() + box.getSpacing())
                        + box.getPadding().getTop() + box.getPadding().getBottom()),
                row.heightProperty(), buttons.heightProperty(), width.wideProperty()));
        scroll.visibleProperty().bind(box.visibleProperty());
        scroll.managedProperty().bind(box.visibleProperty());
        return scroll;
    }

    private static String engineSentence(Compatibility c) {
        return c.runsHere() ? c.message() : c.verdict() == Compatibility.Verdict.UNKNOWN ? c.message()
                : "needs a newer llama.cpp: use it through an OpenAI-compatible llama-server (" + c.message() + ")";
    }

    private static void showDetails(GridPane facts, TextArea template, Details d) {
        facts.getChildren().clear();
        if (d == null) {
            template.clear();
            return;
        }
        int r = 0;
        r = fact(facts, r, "File", d.fileName(), "details-file");
        r = fact(facts, r, "Architecture", d.facts().architecture(), "details-architecture");
        r = fact(facts, r, "Parameters", d.facts().parameterLabel() + (d.facts().parameterCount() > 0
                ? " (" + Formats.count(d.facts().parameterCount()) + ")" : ""), "details-parameters");
        r = fact(facts, r, "Quantization", d.facts().quantization(), "details-quantization");
        r = fact(facts, r, "Context length", d.facts().contextLength() > 0 ? Formats.count(d.facts().contextLength())
                : Formats.NONE, "details-context");
        r = fact(facts, r, "Layers · heads (KV)", d.facts().layers() + " · " + d.facts().heads() + " ("
                + d.facts().kvHeads() + ")", "details-layers");
        fact(facts, r, "Engine", engineSentence(d.compatibility()), "details-engine");
        template.setText(d.chatTemplate().map(t -> "Chat template:\n" + t).orElse("No chat template: the model runs as plain completion."));
    }

    private static int fact(GridPane grid, int row, String label, String value, String id) {
        Label l = new Label(label);
        l.getStyleClass().add(Styles.TEXT_MUTED);
        l.setMinWidth(130);
        Label v = new Label(value);
        v.setId(id);
        v.setWrapText(true);
        GridPane.setHgrow(v, Priority.ALWAYS);
        grid.add(l, 0, row);
        grid.add(v, 1, row);
        return row + 1;
    }

    private static TableColumn<FileRow, String> column(String title, double width, Function<FileRow, String> value) {
        TableColumn<FileRow, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        return c;
    }

    public BorderPane root() {
        return root;
    }
}
