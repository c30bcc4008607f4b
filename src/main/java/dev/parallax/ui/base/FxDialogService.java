package dev.parallax.ui.base;

import javafx.application.Application;
import javafx.application.HostServices;
import javafx.geometry.Pos;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;

import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Dialogs and notifications owned by the main window. */
public final class FxDialogService implements DialogService {

    private static final Set<String> LINK_SCHEMES = Set.of("http", "https", "mailto");

    private final Stage owner;
    private final HostServices host;
    private File lastFolder;

    public FxDialogService(Stage owner) {
        this.owner = owner;
        this.host = hostServices();
    }

    /**
     * The window is started with {@code Platform.startup}, not {@code Application.launch}, so that the
     * composition root can hand it its services; HostServices only needs an Application to exist.
     */
    private static HostServices hostServices() {
        Application app = new Application() {
            @Override
            public void start(Stage stage) {
            }
        };
        return app.getHostServices();
    }

    @Override
    public void showError(String title, String message) {
        Alert alert = new Alert(Alert.AlertType.ERROR, message, ButtonType.OK);
        alert.initOwner(owner);
        alert.setTitle(title);
        alert.setHeaderText(title);
        alert.getDialogPane().setMinWidth(480);
        alert.showAndWait();
    }

    @Override
    public void notify(String title, String message) {
        notification(title, message).graphic(icon(org.kordamp.ikonli.feather.Feather.INFO, "info")).show();
    }

    @Override
    public void notifyWarning(String title, String message) {
        notification(title, message).graphic(icon(org.kordamp.ikonli.feather.Feather.ALERT_TRIANGLE, "warning")).show();
    }

    /** The theme's icon instead of ControlsFX's bitmap (a shaded blue "i" that matches nothing else in the window). */
    private static javafx.scene.Node icon(org.kordamp.ikonli.feather.Feather glyph, String kind) {
        org.kordamp.ikonli.javafx.FontIcon icon = new org.kordamp.ikonli.javafx.FontIcon(glyph);
        icon.getStyleClass().addAll("notification-icon", kind);
        return icon;
    }

    private Notifications notification(String title, String message) {
        return Notifications.create()
                .owner(owner)
                .title(title)
                .text(message)
                .position(Pos.BOTTOM_RIGHT)
                .hideAfter(Duration.seconds(5));
    }

    @Override
    public boolean confirm(String title, String message, String confirmLabel) {
        ButtonType confirm = new ButtonType(confirmLabel, ButtonBar.ButtonData.OK_DONE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, message, confirm, ButtonType.CANCEL);
        alert.initOwner(owner);
        alert.setTitle(title);
        alert.setHeaderText(title);
        return alert.showAndWait().filter(confirm::equals).isPresent();
    }

    @Override
    public List<Path> chooseModelFiles() {
        List<File> files = modelChooser("Import GGUF models").showOpenMultipleDialog(owner);
        if (files == null || files.isEmpty()) {
            return List.of();
        }
        lastFolder = files.get(0).getParentFile();
        return files.stream().map(File::toPath).toList();
    }

    @Override
    public Optional<Path> chooseModelFile() {
        File file = modelChooser("Run a GGUF file").showOpenDialog(owner);
        if (file == null) {
            return Optional.empty();
        }
        lastFolder = file.getParentFile();
        return Optional.of(file.toPath());
    }

    @Override
    public Optional<Path> chooseSaveFile(String title, String suggestedName, java.util.Map<String, List<String>> filters) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.setInitialFileName(suggestedName);
        filters.forEach((label, extensions) -> chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(label,
                extensions.stream().map(e -> "*" + e).toList())));
        if (lastFolder != null && lastFolder.isDirectory()) {
            chooser.setInitialDirectory(lastFolder);
        }
        File file = chooser.showSaveDialog(owner);
        if (file == null) {
            return Optional.empty();
        }
        lastFolder = file.getParentFile();
        return Optional.of(file.toPath());
    }

    @Override
    public Optional<Path> chooseDatasetFile() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open a dataset");
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Datasets (csv, tsv, jsonl, json, txt, xlsx)",
                        "*.csv", "*.tsv", "*.tab", "*.jsonl", "*.ndjson", "*.json", "*.txt", "*.xlsx", "*.xlsm"),
                new FileChooser.ExtensionFilter("All files", "*"));
        if (lastFolder != null && lastFolder.isDirectory()) {
            chooser.setInitialDirectory(lastFolder);
        }
        File file = chooser.showOpenDialog(owner);
        if (file == null) {
            return Optional.empty();
        }
        lastFolder = file.getParentFile();
        return Optional.of(file.toPath());
    }

    private FileChooser modelChooser(String title) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("GGUF models (*.gguf)", "*.gguf", "*.GGUF"),
                new FileChooser.ExtensionFilter("All files", "*"));
        if (lastFolder != null && lastFolder.isDirectory()) {
            chooser.setInitialDirectory(lastFolder);
        }
        return chooser;
    }

    @Override
    public void openLink(URI link) {
        String scheme = link.getScheme() == null ? "" : link.getScheme().toLowerCase(Locale.ROOT);
        if (!LINK_SCHEMES.contains(scheme)) {
            notifyWarning("Link not opened", "Parallax opens only http, https and mailto links, not " + link);
            return;
        }
        host.showDocument(link.toString());
    }

    @Override
    public void openFolder(Path folder) {
        host.showDocument(folder.toUri().toString());
    }
}
