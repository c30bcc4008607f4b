package dev.parallax.ui.settings;

import atlantafx.base.theme.Styles;
import dev.parallax.cost.Price;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.math.BigDecimal;

import static dev.parallax.ui.settings.ProvidersView.column;

/** Settings → Prices: the dated table, and a form that overrides one model's price. */
public final class PricesView {

    private final VBox root;

    public PricesView(PricesViewModel vm) {
        Label asOf = new Label();
        asOf.setId("prices-as-of");
        asOf.getStyleClass().addAll(Styles.TITLE_4, Styles.WARNING);
        asOf.textProperty().bind(Bindings.concat("Prices as of ", vm.asOfProperty()));
        Label hint = new Label("US dollars per million tokens. Providers change prices: check theirs and override "
                + "any that moved. A model in neither list has an unknown cost, never $0.");
        hint.setWrapText(true);
        hint.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);

        TableView<Price> table = new TableView<>(vm.prices());
        table.setId("prices-table");
        table.getColumns().add(column("Provider", 90, Price::provider));
        table.getColumns().add(column("Model", 190, Price::model));
        table.getColumns().add(column("Input", 70, p -> p.input().toPlainString()));
        table.getColumns().add(column("Output", 70, p -> p.output().toPlainString()));
        table.getColumns().add(column("Cached", 70, p -> p.cachedInput().map(BigDecimal::toPlainString).orElse("—")));
        table.getColumns().add(column("Context", 80, p -> p.contextWindow().isPresent()
                ? String.format(java.util.Locale.ROOT, "%,d", p.contextWindow().getAsInt()) : "—"));
        table.getColumns().add(column("As of", 100, p -> p.asOf() + (p.overridden() ? " (yours)" : "")));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getStyleClass().add(Styles.DENSE);
        table.setPrefHeight(260);
        table.getSelectionModel().selectedItemProperty().addListener((o, a, p) -> vm.selectedProperty().set(p));

        TextField provider = field("provider", vm.providerProperty(), 100);
        provider.setId("price-provider");
        TextField model = field("model", vm.modelProperty(), 170);
        model.setId("price-model");
        HBox.setHgrow(model, Priority.ALWAYS);
        // Wide enough for their prompts: at 90 px they read "input $/1M", "output $/1" and "cached $/".
        TextField input = field("input $/1M", vm.inputProperty(), 120);
        input.setId("price-input");
        TextField output = field("output $/1M", vm.outputProperty(), 120);
        output.setId("price-output");
        TextField cached = field("cached $/1M", vm.cachedProperty(), 120);
        cached.setId("price-cached");
        Button save = new Button("Override", new FontIcon(Feather.EDIT_2));
        save.setId("price-save");
        save.setOnAction(e -> vm.saveOverride());
        save.disableProperty().bind(vm.providerProperty().isEmpty().or(vm.modelProperty().isEmpty()));
        Button remove = new Button("Remove override");
        remove.setOnAction(e -> vm.removeOverride());
        remove.disableProperty().bind(Bindings.createBooleanBinding(
                () -> vm.selectedProperty().get() == null || !vm.selectedProperty().get().overridden(), vm.selectedProperty()));
        HBox names = new HBox(8, provider, model);
        HBox figures = new HBox(8, input, output, cached, save, remove);
        figures.setAlignment(Pos.CENTER_LEFT);
        root = new VBox(10, asOf, hint, table, names, figures);
    }

    private static TextField field(String prompt, javafx.beans.property.StringProperty value, double width) {
        TextField f = new TextField();
        f.setPromptText(prompt);
        f.textProperty().bindBidirectional(value);
        f.setPrefWidth(width);
        return f;
    }

    public VBox root() {
        return root;
    }
}
