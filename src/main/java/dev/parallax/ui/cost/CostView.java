package dev.parallax.ui.cost;

import atlantafx.base.controls.Message;
import dev.parallax.ui.base.Messages;
import dev.parallax.ui.base.WindowWidth;
import atlantafx.base.theme.Styles;
import dev.parallax.cost.CloudBreakEven;
import dev.parallax.cost.OwnershipEstimate;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.StringProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.function.Function;

/** The Cost screen: a measured workload, the machine's and electricity's figures, and local against cloud over time. */
public final class CostView {

    private final CostViewModel vm;
    private final BorderPane root = new BorderPane();
    private final LineChart<Number, Number> chart;
    /** A narrow window lays the form out in two columns instead of three. */
    private final WindowWidth width = WindowWidth.of(root);

    public CostView(CostViewModel vm) {
        this.vm = vm;
        root.getStyleClass().add("cost");
        NumberAxis months = new NumberAxis();
        months.setLabel("month");
        NumberAxis usd = new NumberAxis();
        usd.setLabel("cumulative cost (US dollars)");
        chart = new LineChart<>(months, usd);
        chart.setId("cost-chart");
        chart.setAnimated(false);
        chart.setCreateSymbols(false);
        chart.setTitle("Break-even: cumulative cost, local against cloud");
        chart.setMinHeight(320);
        vm.estimateProperty().addListener((o, a, e) -> plot(e));

        root.setTop(header());
        VBox body = new VBox(16, source(), inputs(), error(), results(), chart, assumptions());
        body.setPadding(new Insets(12, 24, 24, 24));
        ScrollPane scroll = new ScrollPane(body);
        scroll.setFitToWidth(true);
        root.setCenter(scroll);
    }

    public Node root() {
        return root;
    }

    private Node header() {
        Label title = new Label("Cost");
        title.setId("cost-title");
        title.getStyleClass().add(Styles.TITLE_3);
        title.setMinWidth(Region.USE_PREF_SIZE);
        Label sub = new Label("What running a measured workload on this machine costs against the cloud, and when it pays off.");
        sub.setId("cost-subtitle");
        sub.getStyleClass().add(Styles.TEXT_MUTED);
        sub.setWrapText(true);
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(18, 18);
        busy.visibleProperty().bind(vm.busyProperty());
        HBox header = new HBox(10, title, sub, busy);
        header.setAlignment(Pos.CENTER_LEFT);
        header.getStyleClass().add("page-header");
        return header;
    }

    private Node source() {
        ComboBox<CostViewModel.SourceChoice> source = new ComboBox<>(vm.sources());
        source.setId("cost-source");
        source.valueProperty().bindBidirectional(vm.sourceProperty());
        source.setPromptText("A batch or a dataset");
        source.setPrefWidth(520);
        ComboBox<String> cloud = new ComboBox<>(vm.cloudChoices());
        cloud.setId("cost-extra-cloud");
        cloud.setEditable(true);
        cloud.setPromptText("also compare with… (provider:model)");
        cloud.valueProperty().bindBidirectional(vm.extraCloudProperty());
        cloud.setPrefWidth(300);
        // In a narrow window the pickers give way, never the caption.
        source.setMinWidth(220);
        cloud.setMinWidth(200);
        Label workload = new Label();
        workload.setId("cost-workload");
        workload.setWrapText(true);
        workload.getStyleClass().add(Styles.TEXT_MUTED);
        workload.textProperty().bind(vm.workloadTextProperty());
        Label caption = new Label("Workload");
        caption.setId("cost-workload-caption");
        caption.setMinWidth(Region.USE_PREF_SIZE);
        HBox row = new HBox(10, caption, source, cloud);
        row.setAlignment(Pos.CENTER_LEFT);
        return new VBox(6, row, workload);
    }

    private Node inputs() {
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        field(grid, "Hardware price ($)", "cost-hardware", vm.hardwareUsdProperty());
        field(grid, "Lifetime (months)", "cost-lifetime", vm.lifetimeMonthsProperty());
        field(grid, "Utilisation (%)", "cost-utilisation", vm.utilisationPercentProperty());
        field(grid, "Power draw (W)", "cost-watts", vm.powerWattsProperty());
        field(grid, "Electricity ($/kWh)", "cost-electricity", vm.usdPerKwhProperty());
        field(grid, "Prompts a month", "cost-prompts", vm.promptsPerMonthProperty());
        arrange(grid, width.isWide() ? 3 : 2);
        width.wideProperty().addListener((o, was, wide) -> arrange(grid, wide ? 3 : 2));
        Label power = new Label();
        power.getStyleClass().add(Styles.TEXT_MUTED);
        power.textProperty().bind(vm.powerSourceProperty().map(s -> s.isEmpty() ? "" : "Power: " + s));
        return new VBox(6, grid, power);
    }

    private static void field(GridPane grid, String label, String id, StringProperty value) {
        TextField f = new TextField();
        f.setId(id);
        f.setPrefColumnCount(9);
        f.textProperty().bindBidirectional(value);
        Label l = new Label(label);
        l.setId(id + "-label");
        l.setLabelFor(f);
        l.setMinWidth(Region.USE_PREF_SIZE);
        grid.getChildren().addAll(l, f);
    }

    /** Puts the form's caption and field pairs, in the order they were added, {@code perRow} to a row. */
    private static void arrange(GridPane grid, int perRow) {
        for (int i = 0; i < grid.getChildren().size(); i++) {
            int pair = i / 2;
            GridPane.setConstraints(grid.getChildren().get(i), pair % perRow * 2 + i % 2, pair / perRow);
        }
    }

    private Node error() {
        Message error = Messages.create("Cannot estimate", "", new FontIcon(Feather.ALERT_TRIANGLE));
        error.getStyleClass().add(Styles.WARNING);
        error.descriptionProperty().bind(vm.errorProperty());
        error.visibleProperty().bind(vm.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        return error;
    }

    private Node results() {
        Label local = new Label();
        local.setId("cost-local");
        local.getStyleClass().add(Styles.TEXT_BOLD);
        local.textProperty().bind(vm.localTextProperty().map(t -> t.isEmpty() ? "" : "Local: " + t));
        TableView<CostViewModel.CloudLine> table = new TableView<>(vm.clouds());
        table.setId("cost-clouds");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(column("Cloud target", 220, CostViewModel.CloudLine::target));
        table.getColumns().add(column("Blended $ per 1M tokens", 170, CostViewModel.CloudLine::perMillion));
        table.getColumns().add(column("Cloud a month", 120, CostViewModel.CloudLine::monthly));
        table.getColumns().add(column("Break-even", 460, CostViewModel.CloudLine::breakEven));
        table.setFixedCellSize(30);
        table.prefHeightProperty().bind(table.fixedCellSizeProperty().multiply(javafx.beans.binding.Bindings.size(vm.clouds()).add(1.7)));
        table.setMinHeight(70);
        table.setPlaceholder(new Label("No estimate yet"));
        return new VBox(8, local, table);
    }

    private static TableColumn<CostViewModel.CloudLine, String> column(String title, double width,
                                                                      Function<CostViewModel.CloudLine, String> value) {
        TableColumn<CostViewModel.CloudLine, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setSortable(false);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        return c;
    }

    private Node assumptions() {
        Label title = new Label("Assumptions");
        title.getStyleClass().add(Styles.TEXT_BOLD);
        VBox list = new VBox(4);
        vm.assumptions().addListener((javafx.collections.ListChangeListener<String>) c -> {
            list.getChildren().clear();
            for (String a : vm.assumptions()) {
                Label l = new Label("• " + a);
                l.setWrapText(true);
                list.getChildren().add(l);
            }
        });
        VBox box = new VBox(6, title, list);
        VBox.setVgrow(box, Priority.NEVER);
        return box;
    }

    private void plot(OwnershipEstimate e) {
        chart.getData().clear();
        if (e == null) {
            return;
        }
        int months = e.inputs().lifetimeMonths();
        NumberAxis x = (NumberAxis) chart.getXAxis();
        x.setAutoRanging(false);
        x.setLowerBound(0);
        x.setUpperBound(months);
        x.setTickUnit(months <= 12 ? 1 : months <= 24 ? 3 : months <= 72 ? 6 : 12);
        chart.getData().add(series("local (hardware + electricity)", e.localCumulativeUsd()));
        for (CloudBreakEven c : e.clouds()) {
            chart.getData().add(series(c.target() + " — break-even " + c.breakEvenText(e.inputs().lifetimeMonths())
                    .replaceAll(" \\(.*", ""), c.cumulativeUsd()));
        }
    }

    private static XYChart.Series<Number, Number> series(String name, java.util.List<Double> values) {
        XYChart.Series<Number, Number> s = new XYChart.Series<>();
        s.setName(name);
        for (int m = 0; m < values.size(); m++) {
            s.getData().add(new XYChart.Data<>(m, values.get(m)));
        }
        return s;
    }
}
