package dev.parallax.ui.settings;

import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import dev.parallax.engine.cloud.ApiFormat;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.function.Function;

/** Settings → Providers: the list, the selected provider's base URL, key and connection test, and an add form. */
public final class ProvidersView {

    private final VBox root;

    public ProvidersView(ProvidersViewModel vm) {
        TableView<ProviderRow> table = new TableView<>(vm.providers());
        table.setId("providers-table");
        table.getColumns().add(column("Provider", 120, ProviderRow::name));
        table.getColumns().add(column("Format", 80, ProviderRow::format));
        table.getColumns().add(column("Base URL", 250, ProviderRow::baseUrl));
        table.getColumns().add(column("Key", 130, ProviderRow::key));
        table.getColumns().add(column("Status", 160, r -> r.ready() ? "ready" : r.problem()));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPrefHeight(240);
        table.getStyleClass().add(Styles.DENSE);
        table.getSelectionModel().selectedItemProperty().addListener((o, a, row) -> vm.selectedProperty().set(row));
        vm.selectedProperty().addListener((o, a, row) -> {
            if (row != table.getSelectionModel().getSelectedItem()) {
                table.getSelectionModel().select(row);
            }
        });

        VBox selected = selectedForm(vm);
        selected.visibleProperty().bind(vm.selectedProperty().isNotNull());
        selected.managedProperty().bind(selected.visibleProperty());

        Label hint = new Label();
        hint.textProperty().bind(Bindings.concat("Keys are write-only: stored in ", vm.keyStorageProperty(),
                ", never shown again. A provider's environment variable wins over a stored key."));
        hint.setWrapText(true);
        hint.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);

        root = new VBox(12, hint, table, selected, addForm(vm));
    }

    private static VBox selectedForm(ProvidersViewModel vm) {
        Label title = new Label();
        title.getStyleClass().add(Styles.TEXT_BOLD);
        title.textProperty().bind(Bindings.createStringBinding(() -> vm.selectedProperty().get() == null ? ""
                : vm.selectedProperty().get().name() + " · key " + vm.selectedProperty().get().key(), vm.selectedProperty()));

        TextField url = new TextField();
        url.setId("provider-base-url");
        url.textProperty().bindBidirectional(vm.baseUrlProperty());
        HBox.setHgrow(url, Priority.ALWAYS);
        Button saveUrl = new Button("Save URL");
        saveUrl.setId("provider-save-url");
        saveUrl.setOnAction(e -> vm.saveBaseUrl());

        PasswordField key = new PasswordField();
        key.setId("provider-key");
        key.setPromptText("Paste an API key");
        key.textProperty().bindBidirectional(vm.keyInputProperty());
        HBox.setHgrow(key, Priority.ALWAYS);
        Button storeKey = new Button("Store key", new FontIcon(Feather.LOCK));
        storeKey.setId("provider-store-key");
        storeKey.setOnAction(e -> vm.storeKey());
        storeKey.disableProperty().bind(vm.keyInputProperty().isEmpty());
        Button removeKey = new Button("Remove key");
        removeKey.setId("provider-remove-key");
        removeKey.setOnAction(e -> vm.removeKey());
        removeKey.disableProperty().bind(Bindings.createBooleanBinding(() -> vm.selectedProperty().get() == null
                || !vm.selectedProperty().get().key().equals("stored"), vm.selectedProperty()));

        Button test = new Button("Test connection", new FontIcon(Feather.ZAP));
        test.setId("provider-test");
        test.setOnAction(e -> vm.testConnection());
        test.disableProperty().bind(vm.busyProperty());
        Label result = new Label();
        result.setId("provider-test-result");
        result.setWrapText(true);
        result.textProperty().bind(vm.connectionProperty());
        vm.connectionOkProperty().addListener((o, a, ok) -> {
            result.getStyleClass().removeAll(Styles.SUCCESS, Styles.DANGER);
            result.getStyleClass().add(ok ? Styles.SUCCESS : Styles.DANGER);
        });
        HBox.setHgrow(result, Priority.ALWAYS);
        Button remove = new Button("Remove", new FontIcon(Feather.TRASH_2));
        remove.setId("provider-remove");
        remove.getStyleClass().add(Styles.DANGER);
        remove.setOnAction(e -> vm.remove());
        // Reset URL on a built-in provider with its preset URL asked to confirm, then said there was nothing to reset.
        remove.disableProperty().bind(Bindings.createBooleanBinding(() -> vm.selectedProperty().get() == null
                || !vm.selectedProperty().get().removable(), vm.selectedProperty()));
        remove.textProperty().bind(Bindings.createStringBinding(() -> vm.selectedProperty().get() != null
                && vm.selectedProperty().get().builtin() ? "Reset URL" : "Remove", vm.selectedProperty()));

        HBox urlRow = row(url, saveUrl);
        HBox keyRow = row(key, storeKey, removeKey);
        HBox testRow = row(test, result, new Spacer(), remove);
        VBox box = new VBox(8, title, labelled("Base URL", urlRow), labelled("API key", keyRow), testRow);
        box.getStyleClass().add("provider-selected");
        return box;
    }

    private static VBox addForm(ProvidersViewModel vm) {
        Label title = new Label("Add an OpenAI-compatible server (LM Studio, vLLM, llama-server…)");
        title.getStyleClass().add(Styles.TEXT_BOLD);
        TextField name = new TextField();
        name.setId("new-provider-name");
        name.setPromptText("name, e.g. lmstudio");
        name.textProperty().bindBidirectional(vm.newNameProperty());
        name.setPrefWidth(150);
        TextField url = new TextField();
        url.setId("new-provider-url");
        url.setPromptText("base URL, e.g. http://127.0.0.1:1234/v1");
        url.textProperty().bindBidirectional(vm.newBaseUrlProperty());
        HBox.setHgrow(url, Priority.ALWAYS);
        ComboBox<ApiFormat> format = new ComboBox<>();
        format.getItems().setAll(ApiFormat.values());
        format.valueProperty().bindBidirectional(vm.newFormatProperty());
        format.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(ApiFormat f) {
                return f == null ? "" : f.label();
            }

            @Override
            public ApiFormat fromString(String s) {
                return ApiFormat.fromLabel(s);
            }
        });
        Button add = new Button("Add", new FontIcon(Feather.PLUS));
        add.setId("add-provider");
        add.getStyleClass().add(Styles.ACCENT);
        add.setOnAction(e -> vm.add());
        add.disableProperty().bind(vm.newNameProperty().isEmpty().or(vm.newBaseUrlProperty().isEmpty()));
        return new VBox(8, title, row(name, url, format, add));
    }

    private static VBox labelled(String caption, javafx.scene.Node body) {
        Label l = new Label(caption);
        l.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        return new VBox(4, l, body);
    }

    private static HBox row(javafx.scene.Node... nodes) {
        HBox h = new HBox(8, nodes);
        h.setAlignment(Pos.CENTER_LEFT);
        return h;
    }

    static <R> TableColumn<R, String> column(String title, double width, Function<R, String> value) {
        TableColumn<R, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    public VBox root() {
        return root;
    }
}
