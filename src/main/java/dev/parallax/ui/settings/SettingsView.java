package dev.parallax.ui.settings;

import atlantafx.base.controls.Spacer;
import atlantafx.base.controls.ToggleSwitch;
import atlantafx.base.theme.Styles;
import dev.parallax.app.Settings;
import dev.parallax.ui.playground.ParametersView;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** The Settings screen: appearance, providers, prices, privacy, the data folder, and the engine defaults. */
public final class SettingsView {

    private final SettingsViewModel vm;
    private final ScrollPane root;

    public SettingsView(SettingsViewModel vm, ProvidersViewModel providers, PricesViewModel prices,
                        LocalEnginesViewModel engines, PrivacySettingsViewModel privacy) {
        this.vm = vm;
        Label title = new Label("Settings");
        title.getStyleClass().add(Styles.TITLE_3);
        VBox column = new VBox(18, title, appearance(),
                card("Providers", new ProvidersView(providers).root()), card("Prices", new PricesView(prices).root()),
                card("Privacy", new PrivacySettingsView(privacy).root()),
                data(), localEngines(engines), defaults());
        column.setMaxWidth(900);
        column.setPadding(new Insets(18, 24, 24, 24));
        HBox centered = new HBox(column);
        HBox.setHgrow(column, Priority.ALWAYS);
        root = new ScrollPane(centered);
        root.setFitToWidth(true);
        root.getStyleClass().addAll("settings", atlantafx.base.theme.Tweaks.EDGE_TO_EDGE);
    }

    private Node appearance() {
        ToggleGroup group = new ToggleGroup();
        ToggleButton light = new ToggleButton("Light", new FontIcon(Feather.SUN));
        light.setId("theme-light");
        light.getStyleClass().add(Styles.LEFT_PILL);
        ToggleButton dark = new ToggleButton("Dark", new FontIcon(Feather.MOON));
        dark.setId("theme-dark");
        dark.getStyleClass().add(Styles.RIGHT_PILL);
        light.setToggleGroup(group);
        dark.setToggleGroup(group);
        (vm.themeProperty().get() == Settings.Theme.DARK ? dark : light).setSelected(true);
        group.selectedToggleProperty().addListener((o, old, now) -> {
            if (now == null) {
                old.setSelected(true);
            } else {
                vm.themeProperty().set(now == dark ? Settings.Theme.DARK : Settings.Theme.LIGHT);
            }
        });
        vm.themeProperty().addListener((o, a, t) -> (t == Settings.Theme.DARK ? dark : light).setSelected(true));

        ToggleSwitch markdown = new ToggleSwitch();
        markdown.selectedProperty().bindBidirectional(vm.markdownProperty());

        return card("Appearance",
                row("Theme", "Primer light or dark", new HBox(light, dark)),
                row("Markdown answers", "Show answers rendered as Markdown rather than plain text", markdown));
    }

    private Node data() {
        TextField folder = new TextField(vm.dataFolder());
        folder.setId("data-folder");
        folder.setEditable(false);
        HBox.setHgrow(folder, Priority.ALWAYS);
        Button open = new Button("Open", new FontIcon(Feather.FOLDER));
        open.setOnAction(e -> vm.openDataFolder());
        HBox line = new HBox(8, folder, open);
        line.setAlignment(Pos.CENTER_LEFT);
        Label hint = new Label("History database, imported models, logs and settings (" + vm.settingsFile()
                + "). Choose another with PARALLAX_HOME or --home.");
        hint.setWrapText(true);
        hint.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        return card("Data folder", line, hint);
    }

    private Node localEngines(LocalEnginesViewModel engines) {
        ToggleSwitch keep = new ToggleSwitch();
        keep.setId("keep-model-loaded");
        keep.selectedProperty().bindBidirectional(engines.keepLoadedProperty());
        keep.disableProperty().bind(engines.readyProperty().not());
        Label status = new Label();
        status.setWrapText(true);
        status.textProperty().bind(engines.statusProperty());
        status.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        return card("Local engines",
                row("Keep the last model loaded", "Follow-up runs on the same model skip the load; off gives the memory back after each run",
                        keep),
                status);
    }

    private Node defaults() {
        ParametersView form = new ParametersView(vm.defaults());
        form.root().setMaxWidth(520);
        Button save = new Button("Save defaults", new FontIcon(Feather.CHECK));
        save.setId("save-defaults");
        save.getStyleClass().add(Styles.ACCENT);
        save.setOnAction(e -> vm.saveDefaults());
        Button restore = new Button("Built-in defaults");
        restore.setOnAction(e -> vm.restoreBuiltInDefaults());
        HBox buttons = new HBox(8, new Spacer(), restore, save);
        Label hint = new Label("New runs in the Playground start from these parameters.");
        hint.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        return card("Engine defaults", hint, form.root(), buttons);
    }

    private static Node row(String title, String help, Node control) {
        Label t = new Label(title);
        Label h = new Label(help);
        h.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        VBox text = new VBox(2, t, h);
        HBox row = new HBox(12, text, new Spacer(), control);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private static Node card(String title, Node... body) {
        Label t = new Label(title);
        t.getStyleClass().add(Styles.TITLE_4);
        VBox box = new VBox(12, t);
        box.getChildren().addAll(body);
        box.getStyleClass().add("card-box");
        box.setPadding(new Insets(16, 18, 18, 18));
        return box;
    }

    public ScrollPane root() {
        return root;
    }
}
