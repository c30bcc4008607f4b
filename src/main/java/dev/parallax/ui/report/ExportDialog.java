package dev.parallax.ui.report;

import atlantafx.base.controls.Message;
import dev.parallax.ui.base.OpeningSize;
import dev.parallax.ui.base.Messages;
import atlantafx.base.theme.Styles;
import dev.parallax.report.ReportFormat;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextArea;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The export window for any report: a format picker, what will be written and a text preview (the Markdown form
 * of the same content), and Export…, which asks where to save. Reusable from every screen that has a comparison, a
 * batch or runs to export: {@code new ExportDialog(viewModel).open(owner)}.
 */
public final class ExportDialog {

    private final ExportViewModel vm;
    private final BorderPane root = new BorderPane();

    public ExportDialog(ExportViewModel vm) {
        this.vm = vm;
        root.getStyleClass().add("export-dialog");
        root.setPadding(new Insets(16));
        root.setTop(top());
        root.setCenter(preview());
        root.setBottom(buttons());
    }

    public Parent root() {
        return root;
    }

    private static final double WIDTH = 820;
    private static final double HEIGHT = 620;
    /** Small enough for a small screen, large enough for the preview to say something. */
    private static final double MIN_WIDTH = 640;
    private static final double MIN_HEIGHT = 460;

    /** Opens the dialog over {@code owner} and starts building the report. */
    public Stage open(Window owner) {
        Stage stage = new Stage();
        stage.initOwner(owner);
        stage.initModality(Modality.WINDOW_MODAL);
        stage.setTitle("Export " + vm.source().description());
        Scene scene = new Scene(root, WIDTH, HEIGHT);
        if (owner != null && owner.getScene() != null) {
            scene.getStylesheets().addAll(owner.getScene().getStylesheets());
        }
        stage.setScene(scene);
        stage.setMinWidth(MIN_WIDTH);
        stage.setMinHeight(MIN_HEIGHT);
        stage.show();
        OpeningSize.hold(stage, WIDTH, HEIGHT);
        vm.load();
        return stage;
    }

    private VBox top() {
        Label title = new Label("Export " + vm.source().description());
        title.getStyleClass().add(Styles.TITLE_3);
        ComboBox<ReportFormat> format = new ComboBox<>(vm.formats());
        format.setId("export-format");
        format.valueProperty().bindBidirectional(vm.formatProperty());
        format.setCellFactory(l -> new FormatCell());
        format.setButtonCell(new FormatCell());
        format.setPrefWidth(320);
        Label formatLabel = new Label("Format");
        HBox formatRow = new HBox(10, formatLabel, format);
        formatRow.setAlignment(Pos.CENTER_LEFT);
        Label summary = new Label();
        summary.setId("export-summary");
        summary.setWrapText(true);
        summary.textProperty().bind(vm.summaryProperty());
        Message error = Messages.create("Export", "", new FontIcon(Feather.ALERT_OCTAGON));
        error.getStyleClass().add(Styles.DANGER);
        error.descriptionProperty().bind(vm.errorProperty());
        error.visibleProperty().bind(vm.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        VBox box = new VBox(10, title, formatRow, summary, error);
        box.setPadding(new Insets(0, 0, 10, 0));
        return box;
    }

    private VBox preview() {
        Label label = new Label("Preview (the same content as text; charts are drawn in the HTML and PDF)");
        label.getStyleClass().add(Styles.TEXT_MUTED);
        TextArea text = new TextArea();
        text.setId("export-preview");
        text.setEditable(false);
        text.setWrapText(true);
        text.getStyleClass().add("monospace");
        text.textProperty().bind(vm.previewProperty());
        VBox.setVgrow(text, Priority.ALWAYS);
        return new VBox(6, label, text);
    }

    private HBox buttons() {
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(20, 20);
        busy.visibleProperty().bind(vm.busyProperty());
        Label written = new Label();
        written.getStyleClass().add(Styles.TEXT_MUTED);
        written.textProperty().bind(vm.writtenProperty().map(w -> w.isEmpty() ? "" : "Written: " + w));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button close = new Button("Close");
        close.setCancelButton(true);
        close.setOnAction(e -> ((Stage) root.getScene().getWindow()).close());
        Button export = new Button("Export…", new FontIcon(Feather.DOWNLOAD));
        export.setId("export-button");
        export.setDefaultButton(true);
        export.getStyleClass().add(Styles.ACCENT);
        export.disableProperty().bind(vm.readyProperty().not().or(vm.busyProperty()));
        export.setOnAction(e -> vm.chooseAndExport());
        HBox box = new HBox(10, busy, written, spacer, close, export);
        box.setAlignment(Pos.CENTER_LEFT);
        box.setPadding(new Insets(12, 0, 0, 0));
        return box;
    }

    private static final class FormatCell extends ListCell<ReportFormat> {
        @Override
        protected void updateItem(ReportFormat item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? null : item.label() + " (" + item.extension() + ")");
        }
    }
}
