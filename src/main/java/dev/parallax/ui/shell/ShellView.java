package dev.parallax.ui.shell;

import atlantafx.base.theme.Styles;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.beans.binding.Bindings;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.DragEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.controlsfx.control.StatusBar;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.io.File;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The window's frame: the navigation on the left, the current screen, the status bar, and an overlay
 * that shows while files are dragged over the window (a drop anywhere goes to {@link #setOnFilesDropped}).
 */
public final class ShellView {

    private final ShellViewModel vm;
    private final StackPane root = new StackPane();
    private final StackPane content = new StackPane();
    private final StatusBar statusBar = new StatusBar();
    private final HBox statusLinks = new HBox(12);
    private final VBox dropOverlay = new VBox(10);
    private final Map<Page, ToggleButton> navButtons = new EnumMap<>(Page.class);
    private final Map<Page, Supplier<Node>> pageFactories;
    private final Map<Page, Node> builtPages = new EnumMap<>(Page.class);
    private Consumer<List<Path>> onFilesDropped = files -> { };

    /** Each screen is built the first time it is shown (or by {@link #buildAllPages}): start-up builds one. */
    public ShellView(ShellViewModel vm, Map<Page, Supplier<Node>> pages, Image logo, String version) {
        this.vm = vm;
        this.pageFactories = pages;
        BorderPane frame = new BorderPane();
        frame.setLeft(sidebar(logo, version));
        // A page never narrower or shorter than its content's minimum: below it (a small screen, a narrowed window) the
        // page scrolls, where the frame would otherwise outgrow the window and be cut on both sides, sidebar included.
        ScrollPane pageScroll = new ScrollPane(content);
        pageScroll.setFitToWidth(true);
        pageScroll.setFitToHeight(true);
        pageScroll.getStyleClass().add("page-scroll");
        frame.setCenter(pageScroll);
        frame.setBottom(statusBar());
        content.getStyleClass().add("content");

        showPage(vm.pageProperty().get());
        vm.pageProperty().addListener((obs, old, now) -> showPage(now));

        dropOverlay.getStyleClass().add("drop-overlay");
        dropOverlay.setAlignment(Pos.CENTER);
        FontIcon dropIcon = new FontIcon(Feather.DOWNLOAD);
        dropIcon.setIconSize(48);
        dropIcon.getStyleClass().add("drop-icon");
        Label dropTitle = new Label("Drop .gguf files to import them");
        dropTitle.getStyleClass().add(Styles.TITLE_3);
        Label dropText = new Label("They are checked, copied into the model folder and hashed.");
        dropText.getStyleClass().add(Styles.TEXT_MUTED);
        dropOverlay.getChildren().addAll(dropIcon, dropTitle, dropText);
        dropOverlay.setVisible(false);
        dropOverlay.setMouseTransparent(true);
        StackPane.setMargin(dropOverlay, new Insets(16));

        root.getChildren().addAll(frame, dropOverlay);
        root.getStyleClass().add("shell");
        installDrop();
    }

    private Node sidebar(Image logo, String version) {
        ImageView icon = new ImageView(logo);
        icon.setFitWidth(30);
        icon.setFitHeight(30);
        icon.setSmooth(true);
        Label name = new Label("Parallax");
        name.getStyleClass().addAll(Styles.TITLE_4, "brand-name");
        HBox brand = new HBox(10, icon, name);
        brand.setAlignment(Pos.CENTER_LEFT);
        brand.getStyleClass().add("brand");

        VBox nav = new VBox(4);
        ToggleGroup group = new ToggleGroup();
        for (Page page : Page.values()) {
            ToggleButton button = new ToggleButton(page.title(), new FontIcon(page.icon()));
            button.getStyleClass().add("nav-button");
            button.setId("nav-" + page.name().toLowerCase(java.util.Locale.ROOT));
            button.setToggleGroup(group);
            button.setMaxWidth(Double.MAX_VALUE);
            button.setOnAction(e -> vm.show(page));
            navButtons.put(page, button);
            nav.getChildren().add(button);
        }
        selectNav(vm.pageProperty().get());
        vm.pageProperty().addListener((obs, old, now) -> selectNav(now));
        // A selected page stays selected: clicking it again must not leave the navigation empty.
        group.selectedToggleProperty().addListener((obs, old, now) -> {
            if (now == null && old != null) {
                old.setSelected(true);
            }
        });

        Region grow = new Region();
        VBox.setVgrow(grow, Priority.ALWAYS);
        Label versionLabel = new Label("Parallax " + version);
        versionLabel.getStyleClass().addAll(Styles.TEXT_CAPTION, Styles.TEXT_MUTED);
        VBox sidebar = new VBox(8, brand, nav, grow, versionLabel);
        sidebar.getStyleClass().add("sidebar");
        sidebar.setPrefWidth(208);
        sidebar.setMinWidth(180);
        return sidebar;
    }

    private void selectNav(Page page) {
        ToggleButton b = navButtons.get(page);
        if (b != null) {
            b.setSelected(true);
        }
    }

    private void showPage(Page page) {
        content.getChildren().setAll(page(page));
    }

    private Node page(Page page) {
        return builtPages.computeIfAbsent(page, p -> pageFactories.get(p).get());
    }

    /** Builds the screens not shown yet, so that the first visit to each is instant. */
    public void buildAllPages() {
        for (Page p : Page.values()) {
            page(p);
        }
    }

    private Node statusBar() {
        statusBar.setId("status-bar");
        statusBar.textProperty().bind(vm.engineStateProperty());
        FontIcon engineIcon = new FontIcon(Feather.ACTIVITY);
        vm.engineBusyProperty().addListener((obs, old, busy) -> {
            engineIcon.getStyleClass().removeAll("engine-busy");
            if (busy) {
                engineIcon.getStyleClass().add("engine-busy");
            }
        });
        statusBar.setGraphic(engineIcon);
        Label model = new Label();
        model.setId("status-model");
        model.setGraphic(new FontIcon(Feather.CPU));
        model.textProperty().bind(vm.loadedModelProperty());
        Label memory = new Label();
        memory.setId("status-memory");
        memory.textProperty().bind(vm.workerMemoryProperty());
        memory.visibleProperty().bind(vm.workerMemoryProperty().isNotEmpty());
        memory.managedProperty().bind(memory.visibleProperty());
        HBox right = new HBox(18, statusLinks, model, memory);
        right.setAlignment(Pos.CENTER_RIGHT);
        right.setPadding(new Insets(0, 8, 0, 0));
        statusBar.getRightItems().add(right);
        return statusBar;
    }

    /**
     * A link at the right of the status bar, shown while {@code text} is not empty (a cue such as "1 download
     * interrupted — resume"); a click runs {@code action}.
     */
    public void addStatusLink(String id, ObservableValue<String> text, String tooltip, Feather icon, Runnable action) {
        Hyperlink link = new Hyperlink();
        link.setId(id);
        link.setGraphic(new FontIcon(icon));
        link.textProperty().bind(text);
        link.setTooltip(new Tooltip(tooltip));
        link.setOnAction(e -> action.run());
        link.visibleProperty().bind(Bindings.createBooleanBinding(
                () -> text.getValue() != null && !text.getValue().isEmpty(), text));
        link.managedProperty().bind(link.visibleProperty());
        statusLinks.getChildren().add(link);
    }

    /** Shows a background job's progress in the status bar while {@code active} is true. */
    public void bindProgress(ObservableValue<Boolean> active, ObservableValue<Number> progress) {
        active.addListener((obs, old, now) -> {
            statusBar.progressProperty().unbind();
            if (now) {
                statusBar.progressProperty().bind(progress);
            } else {
                statusBar.setProgress(0);
            }
        });
    }

    private void installDrop() {
        // Filters, not handlers: a drop must work over any control, whatever it does with drags itself.
        root.addEventFilter(DragEvent.DRAG_OVER, e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
                dropOverlay.setVisible(true);
                e.consume();
            }
        });
        root.addEventFilter(DragEvent.DRAG_EXITED, e -> dropOverlay.setVisible(false));
        root.addEventFilter(DragEvent.DRAG_DROPPED, e -> {
            dropOverlay.setVisible(false);
            if (!e.getDragboard().hasFiles()) {
                return;
            }
            List<Path> files = e.getDragboard().getFiles().stream().map(File::toPath).toList();
            e.setDropCompleted(true);
            e.consume();
            onFilesDropped.accept(files);
        });
    }

    public void setOnFilesDropped(Consumer<List<Path>> action) {
        this.onFilesDropped = action;
    }

    public StackPane root() {
        return root;
    }
}
