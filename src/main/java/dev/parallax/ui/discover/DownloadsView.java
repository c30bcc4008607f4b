package dev.parallax.ui.discover;

import atlantafx.base.controls.Message;
import dev.parallax.ui.base.Messages;
import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import dev.parallax.ui.discover.DownloadsViewModel.DownloadRow;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.Locale;
import java.util.function.Function;

/** The Downloads panel: a table of downloads with progress, speed, ETA, state, checksum and actions. */
public final class DownloadsView {

    private final DownloadsViewModel vm;
    private final VBox root;

    public DownloadsView(DownloadsViewModel vm) {
        this.vm = vm;
        Label title = new Label("Downloads");
        title.getStyleClass().add(Styles.TITLE_4);
        Label summary = new Label();
        summary.setId("downloads-summary");
        summary.getStyleClass().add(Styles.TEXT_MUTED);
        summary.textProperty().bind(vm.summaryProperty());
        Button resumeAll = new Button("Resume all", new FontIcon(Feather.PLAY));
        resumeAll.setId("downloads-resume-all");
        resumeAll.getStyleClass().add(Styles.SMALL);
        resumeAll.setOnAction(e -> vm.resumeAll());
        resumeAll.visibleProperty().bind(vm.noticeProperty().isNotEmpty());
        resumeAll.managedProperty().bind(resumeAll.visibleProperty());
        HBox header = new HBox(10, title, summary, new Spacer(), resumeAll);
        header.setAlignment(Pos.CENTER_LEFT);

        Message notice = Messages.create("Interrupted downloads", "", new FontIcon(Feather.INFO));
        notice.getStyleClass().add(Styles.ACCENT);
        notice.descriptionProperty().bind(vm.noticeProperty());
        notice.visibleProperty().bind(vm.noticeProperty().isNotEmpty());
        notice.managedProperty().bind(notice.visibleProperty());

        TableView<DownloadRow> table = table();
        VBox.setVgrow(table, Priority.ALWAYS);
        root = new VBox(6, header, notice, table);
        root.setPadding(new Insets(8, 0, 0, 0));
        root.setMinHeight(120);
    }

    private TableView<DownloadRow> table() {
        TableView<DownloadRow> table = new TableView<>(vm.rows());
        table.setId("downloads-table");
        table.getStyleClass().addAll(Styles.STRIPED, Styles.DENSE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<DownloadRow, String> name = column("File", 240, DownloadRow::name);
        name.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
                DownloadRow row = empty || getTableRow() == null ? null : getTableRow().getItem();
                setTooltip(row == null ? null : new Tooltip(row.repo() + "\n" + row.snapshot().target()));
            }
        });
        table.getColumns().add(name);
        TableColumn<DownloadRow, DownloadRow> progress = new TableColumn<>("Progress");
        progress.setPrefWidth(260);
        progress.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        progress.setCellFactory(c -> new TableCell<>() {
            private final ProgressBar bar = new ProgressBar();
            private final Label amount = new Label();
            private final HBox box = new HBox(8, bar, amount);

            {
                bar.setPrefWidth(90);
                amount.getStyleClass().add(Styles.TEXT_SMALL);
                box.setAlignment(Pos.CENTER_LEFT);
            }

            @Override
            protected void updateItem(DownloadRow row, boolean empty) {
                super.updateItem(row, empty);
                setText(null);
                if (empty || row == null) {
                    setGraphic(null);
                    return;
                }
                bar.setProgress(row.progress());
                amount.setText(row.amount());
                setGraphic(box);
            }
        });
        table.getColumns().add(progress);
        table.getColumns().add(column("Speed", 90, DownloadRow::speed));
        table.getColumns().add(column("ETA", 75, DownloadRow::eta));
        TableColumn<DownloadRow, DownloadRow> state = new TableColumn<>("State");
        state.setPrefWidth(120);
        state.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        state.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(DownloadRow row, boolean empty) {
                super.updateItem(row, empty);
                setText(null);
                if (empty || row == null) {
                    setGraphic(null);
                    setTooltip(null);
                    return;
                }
                Label badge = new Label(row.state());
                badge.getStyleClass().addAll("status-badge", "status-" + row.status().name().toLowerCase(Locale.ROOT));
                setGraphic(badge);
                setTooltip(row.snapshot().error().map(e -> {
                    Tooltip t = new Tooltip(e);
                    t.setWrapText(true);
                    t.setMaxWidth(480);
                    return t;
                }).orElse(null));
            }
        });
        table.getColumns().add(state);
        table.getColumns().add(column("Checksum", 160, DownloadRow::checksum));
        TableColumn<DownloadRow, DownloadRow> actions = new TableColumn<>("");
        actions.setPrefWidth(90);
        actions.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        actions.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(DownloadRow row, boolean empty) {
                super.updateItem(row, empty);
                setText(null);
                setGraphic(empty || row == null ? null : actionButtons(row));
            }
        });
        table.getColumns().add(actions);
        Label empty = new Label("Nothing downloaded yet: pick a model above and press Download");
        empty.getStyleClass().add(Styles.TEXT_MUTED);
        table.setPlaceholder(empty);
        return table;
    }

    private Node actionButtons(DownloadRow row) {
        HBox box = new HBox(4);
        box.setAlignment(Pos.CENTER_LEFT);
        if (row.canPause()) {
            box.getChildren().add(action(Feather.PAUSE, "Pause (keeps what is downloaded)", "pause", () -> vm.pause(row)));
        }
        if (row.canResume()) {
            box.getChildren().add(action(Feather.PLAY, "Resume where it stopped", "resume", () -> vm.resume(row)));
        }
        if (row.canRetry()) {
            box.getChildren().add(action(Feather.ROTATE_CW, "Try again", "retry", () -> vm.retry(row)));
        }
        if (row.canCancel()) {
            box.getChildren().add(action(Feather.X, "Cancel and delete the partial file", "cancel", () -> vm.cancel(row)));
        }
        return box;
    }

    private static Button action(Feather icon, String tip, String id, Runnable run) {
        Button b = new Button(null, new FontIcon(icon));
        b.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL);
        b.getStyleClass().add("download-" + id);
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> run.run());
        return b;
    }

    private static TableColumn<DownloadRow, String> column(String title, double width, Function<DownloadRow, String> value) {
        TableColumn<DownloadRow, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        return c;
    }

    public VBox root() {
        return root;
    }
}
