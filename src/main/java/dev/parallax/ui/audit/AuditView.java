package dev.parallax.ui.audit;

import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.function.Function;

/** The Audit screen: what the privacy gate decided for each run, filters, and the selected line in full. */
public final class AuditView {

    private final AuditViewModel vm;
    private final BorderPane root = new BorderPane();

    public AuditView(AuditViewModel vm) {
        this.vm = vm;
        root.getStyleClass().add("audit");
        VBox top = new VBox(12, header(), filters());
        top.setPadding(new Insets(18, 24, 0, 24));
        root.setTop(top);
        SplitPane split = new SplitPane(table(), detailsPane());
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.55);
        BorderPane.setMargin(split, new Insets(12, 24, 20, 24));
        root.setCenter(split);
    }

    private Node header() {
        Label title = new Label("Audit");
        title.getStyleClass().add(Styles.TITLE_3);
        Label summary = new Label();
        summary.setId("audit-summary");
        summary.getStyleClass().add(Styles.TEXT_MUTED);
        summary.textProperty().bind(vm.summaryProperty());
        Button refresh = new Button(null, new FontIcon(Feather.REFRESH_CW));
        refresh.setId("audit-refresh");
        refresh.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        refresh.setTooltip(new Tooltip("Read the audit again"));
        refresh.setOnAction(e -> vm.refresh());
        HBox header = new HBox(10, title, summary, new Spacer(), refresh);
        header.setAlignment(Pos.CENTER_LEFT);
        return header;
    }

    private Node filters() {
        ComboBox<String> decision = new ComboBox<>(vm.decisionChoices());
        decision.setId("audit-decision");
        decision.valueProperty().bindBidirectional(vm.decisionProperty());
        ComboBox<String> provider = new ComboBox<>(vm.providerChoices());
        provider.setId("audit-provider");
        provider.valueProperty().bindBidirectional(vm.providerProperty());
        Label hint = new Label("Types and spans of what was found; the values themselves are never stored.");
        hint.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        HBox filters = new HBox(10, decision, provider, new Spacer(), hint);
        filters.setAlignment(Pos.CENTER_LEFT);
        return filters;
    }

    private Node table() {
        TableView<AuditRow> table = new TableView<>(vm.rows());
        table.setId("audit-table");
        table.getColumns().add(column("Time", 150, AuditRow::time, 145));
        table.getColumns().add(column("Asked for", 150, AuditRow::requested, 90));
        table.getColumns().add(column("Decision", 125, AuditRow::decision, 90));
        table.getColumns().add(column("Rule", 120, AuditRow::rule, 90));
        table.getColumns().add(column("Ran on", 150, AuditRow::chosen, 90));
        table.getColumns().add(column("Findings, or the change", 220, r -> r.isSettingsChange()
                ? r.event().detail().orElse("") : r.findings(), 120));
        table.getColumns().add(column("Redacted", 80, r -> r.isSettingsChange() ? "" : Integer.toString(r.redactions()), 80));
        table.getColumns().add(column("Dismissed", 88, r -> r.isSettingsChange() ? "" : Integer.toString(r.dismissed()), 88));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_NEXT_COLUMN);
        table.getStyleClass().add(Styles.DENSE);
        Label empty = new Label("No decisions yet: runs to cloud targets are checked and listed here.");
        empty.getStyleClass().add(Styles.TEXT_MUTED);
        table.setPlaceholder(empty);
        table.getSelectionModel().selectedItemProperty().addListener((o, a, row) -> vm.selectedProperty().set(row));
        vm.selectedProperty().addListener((o, a, row) -> {
            if (row == null) {
                table.getSelectionModel().clearSelection();
            } else if (table.getSelectionModel().getSelectedItem() != row) {
                table.getSelectionModel().select(row);
            }
        });
        return table;
    }

    private Node detailsPane() {
        TextArea text = new TextArea();
        text.setId("audit-details");
        text.setEditable(false);
        text.setWrapText(true);
        text.setStyle("-fx-font-family: monospace;");
        text.setPromptText("Select a line to see the whole decision.");
        text.textProperty().bind(vm.detailsProperty());
        return text;
    }

    private static <R> TableColumn<R, String> column(String title, double width, Function<R, String> value, double min) {
        TableColumn<R, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        c.setPrefWidth(width);
        c.setMinWidth(min);
        return c;
    }

    public BorderPane root() {
        return root;
    }
}
