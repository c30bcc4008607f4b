package dev.parallax.ui.settings;

import atlantafx.base.controls.Spacer;
import atlantafx.base.controls.ToggleSwitch;
import atlantafx.base.theme.Styles;
import dev.parallax.privacy.PrivacyAction;
import dev.parallax.privacy.PrivacyConfig;
import dev.parallax.privacy.UserRule;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Slider;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.Locale;
import java.util.Optional;

/** Settings → Privacy: policy by default and per provider, local fallback, rules, sensitivity, phone regions, names. */
public final class PrivacySettingsView {

    private final PrivacySettingsViewModel vm;
    private final VBox root;
    private final VBox providerRows = new VBox(6);
    private final VBox ruleRows = new VBox(6);

    public PrivacySettingsView(PrivacySettingsViewModel vm) {
        this.vm = vm;
        Label hint = new Label("What happens before a prompt with findings leaves this machine. allow: sent as written; "
                + "redact: placeholders such as <EMAIL_1> are sent and the answer gets the originals back; local-only: "
                + "it runs on the local model below instead. A gate that cannot decide sends nothing.");
        hint.setWrapText(true);
        hint.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);

        ComboBox<PrivacyAction> defaultAction = actions();
        defaultAction.setId("privacy-default");
        defaultAction.valueProperty().bindBidirectional(vm.defaultActionProperty());

        ComboBox<String> localModel = new ComboBox<>(vm.localModels());
        localModel.setId("privacy-local-model");
        localModel.setEditable(true);
        localModel.setPromptText("a local model name or .gguf path");
        localModel.setPrefWidth(280);
        localModel.valueProperty().bindBidirectional(vm.localModelProperty());

        vm.providers().addListener((ListChangeListener<PrivacySettingsViewModel.ProviderPolicy>) c -> showProviders());
        showProviders();

        Slider similarity = new Slider(PrivacyConfig.MIN_SPECIAL_SIMILARITY, PrivacyConfig.MAX_SPECIAL_SIMILARITY,
                PrivacyConfig.DEFAULT_SPECIAL_SIMILARITY);
        similarity.setId("privacy-similarity");
        similarity.setPrefWidth(200);
        similarity.setBlockIncrement(0.01);
        similarity.valueProperty().bindBidirectional(vm.similarityProperty());
        Label similarityValue = new Label();
        similarityValue.setMinWidth(36);
        similarityValue.textProperty().bind(Bindings.createStringBinding(
                () -> String.format(Locale.ROOT, "%.2f", vm.similarityProperty().get()), vm.similarityProperty()));

        TextField regions = new TextField();
        regions.setId("privacy-phone-regions");
        regions.setPrefWidth(200);
        regions.setPromptText("US, GB, DE, FR");
        regions.textProperty().bindBidirectional(vm.phoneRegionsProperty());

        ToggleSwitch names = new ToggleSwitch();
        names.setId("privacy-name-check");
        names.selectedProperty().bindBidirectional(vm.nameCheckProperty());
        Label namesStatement = new Label();
        namesStatement.setId("privacy-name-check-statement");
        namesStatement.setWrapText(true);
        namesStatement.textProperty().bind(vm.nameCheckStatement());
        namesStatement.getStyleClass().add(Styles.TEXT_SMALL);
        vm.nameCheckProperty().addListener((o, a, on) -> namesStatement.pseudoClassStateChanged(Styles.STATE_WARNING, !on));
        namesStatement.pseudoClassStateChanged(Styles.STATE_WARNING, !vm.nameCheckProperty().get());
        namesStatement.getStyleClass().add("name-check-statement");

        GridPane grid = new GridPane();
        grid.setHgap(14);
        grid.setVgap(10);
        int r = 0;
        grid.addRow(r++, caption("Default policy", "For providers without their own"), defaultAction);
        grid.addRow(r++, caption("Local model", "Where local-only prompts run"), localModel);
        grid.addRow(r++, caption("Special-category similarity", "Lower finds more, and is wrong more often"),
                new HBox(8, similarity, similarityValue));
        grid.addRow(r++, caption("Phone regions", "National formats recognised (+xx always are)"), regions);
        grid.addRow(r, caption("Names of people and places", "Checked by your local model"), names);

        Label providersTitle = new Label("Per provider");
        providersTitle.getStyleClass().add(Styles.TEXT_BOLD);

        Label formError = new Label();
        formError.setId("privacy-form-error");
        formError.setWrapText(true);
        formError.getStyleClass().add(Styles.DANGER);
        formError.textProperty().bind(vm.formErrorProperty());
        formError.visibleProperty().bind(vm.formErrorProperty().isNotEmpty());
        formError.managedProperty().bind(formError.visibleProperty());
        Label status = new Label();
        status.setId("privacy-status");
        status.setWrapText(true);
        status.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        status.textProperty().bind(vm.statusProperty());
        HBox.setHgrow(status, Priority.ALWAYS);
        status.setMaxWidth(Double.MAX_VALUE);
        Button save = new Button("Save privacy settings", new FontIcon(Feather.CHECK));
        save.setId("privacy-save");
        save.getStyleClass().add(Styles.ACCENT);
        save.setOnAction(e -> vm.save());
        save.setMinWidth(Button.USE_PREF_SIZE);
        HBox saveRow = new HBox(12, status, save);
        saveRow.setAlignment(Pos.CENTER_RIGHT);

        root = new VBox(12, hint, grid, namesStatement, providersTitle, providerRows, formError, saveRow, rules());
    }

    private Node rules() {
        Label title = new Label("Your rules");
        title.getStyleClass().add(Styles.TEXT_BOLD);
        Label hint = new Label("Project code names, customer names, ticket ids: a named regular expression, or keywords "
                + "(whole words, any case). A match counts as a finding like an e-mail address does. Rules are saved "
                + "as you add or remove them.");
        hint.setWrapText(true);
        hint.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        vm.rules().addListener((ListChangeListener<UserRule>) c -> showRules());
        showRules();

        TextField name = new TextField();
        name.setId("rule-name");
        name.setPromptText("name");
        name.setPrefWidth(130);
        name.textProperty().bindBidirectional(vm.ruleNameProperty());
        ComboBox<PrivacySettingsViewModel.RuleKind> kind = new ComboBox<>();
        kind.getItems().setAll(PrivacySettingsViewModel.RuleKind.values());
        kind.setId("rule-kind");
        kind.valueProperty().bindBidirectional(vm.ruleKindProperty());
        kind.setConverter(new StringConverter<>() {
            @Override
            public String toString(PrivacySettingsViewModel.RuleKind k) {
                return k == null ? "" : k == PrivacySettingsViewModel.RuleKind.REGEX ? "regex" : "keywords";
            }

            @Override
            public PrivacySettingsViewModel.RuleKind fromString(String s) {
                return "keywords".equals(s) ? PrivacySettingsViewModel.RuleKind.KEYWORDS : PrivacySettingsViewModel.RuleKind.REGEX;
            }
        });
        TextField pattern = new TextField();
        pattern.setId("rule-pattern");
        pattern.promptTextProperty().bind(Bindings.createStringBinding(() ->
                vm.ruleKindProperty().get() == PrivacySettingsViewModel.RuleKind.REGEX ? "\\bCASE-\\d{5}\\b"
                        : "Bluebird, Nightjar", vm.ruleKindProperty()));
        pattern.textProperty().bindBidirectional(vm.rulePatternProperty());
        HBox.setHgrow(pattern, Priority.ALWAYS);
        Button add = new Button("Add rule", new FontIcon(Feather.PLUS));
        add.setId("rule-add");
        add.setOnAction(e -> vm.addRule());
        add.setMinWidth(Button.USE_PREF_SIZE);
        HBox form = new HBox(8, name, kind, pattern, add);
        form.setAlignment(Pos.CENTER_LEFT);
        Label error = new Label();
        error.setId("rule-error");
        error.setWrapText(true);
        error.getStyleClass().add(Styles.DANGER);
        error.textProperty().bind(vm.ruleErrorProperty());
        error.visibleProperty().bind(vm.ruleErrorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        return new VBox(8, title, hint, ruleRows, form, error);
    }

    private void showProviders() {
        providerRows.getChildren().clear();
        if (vm.providers().isEmpty()) {
            Label none = new Label("No cloud provider is configured yet (Providers above); every one follows the default.");
            none.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
            providerRows.getChildren().add(none);
            return;
        }
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        int columns = 3;
        int i = 0;
        for (PrivacySettingsViewModel.ProviderPolicy p : vm.providers()) {
            Label name = new Label(p.provider());
            name.setMinWidth(90);
            Node control;
            if (p.onThisMachine()) {
                Label here = new Label("on this machine");
                here.setId("privacy-provider-" + p.provider());
                here.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
                here.setTooltip(new javafx.scene.control.Tooltip("Its models run on this machine: nothing leaves, so "
                        + "every prompt is allowed."));
                here.setPrefWidth(150);
                control = here;
            } else {
                control = providerChoice(p);
            }
            grid.add(name, (i % columns) * 2, i / columns);
            grid.add(control, (i % columns) * 2 + 1, i / columns);
            if (i % columns != columns - 1) {
                GridPane.setMargin(control, new javafx.geometry.Insets(0, 18, 0, 0));
            }
            i++;
        }
        providerRows.getChildren().add(grid);
    }

    private static ComboBox<Optional<PrivacyAction>> providerChoice(PrivacySettingsViewModel.ProviderPolicy p) {
        ComboBox<Optional<PrivacyAction>> action = new ComboBox<>();
        action.setId("privacy-provider-" + p.provider());
        action.getItems().add(Optional.empty());
        for (PrivacyAction a : PrivacyAction.values()) {
            action.getItems().add(Optional.of(a));
        }
        action.setConverter(new StringConverter<>() {
            @Override
            public String toString(Optional<PrivacyAction> a) {
                return a == null ? "" : a.map(PrivacyAction::label).orElse("as the default");
            }

            @Override
            public Optional<PrivacyAction> fromString(String s) {
                return s.equals("as the default") ? Optional.empty() : Optional.of(PrivacyAction.parse(s));
            }
        });
        action.setPrefWidth(150);
        action.valueProperty().bindBidirectional(p.actionProperty());
        return action;
    }

    private void showRules() {
        ruleRows.getChildren().clear();
        if (vm.rules().isEmpty()) {
            Label none = new Label("No rules yet.");
            none.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
            ruleRows.getChildren().add(none);
            return;
        }
        for (UserRule rule : vm.rules()) {
            Label name = new Label(rule.name());
            name.setMinWidth(130);
            name.getStyleClass().add(Styles.TEXT_BOLD);
            Label what = new Label(PrivacySettingsViewModel.describe(rule));
            what.getStyleClass().add(Styles.TEXT_SMALL);
            what.setStyle("-fx-font-family: monospace;");
            Button remove = new Button(null, new FontIcon(Feather.TRASH_2));
            remove.setId("rule-remove-" + rule.name());
            remove.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.DANGER);
            remove.setOnAction(e -> vm.removeRule(rule));
            HBox row = new HBox(12, name, what, new Spacer(), remove);
            row.setAlignment(Pos.CENTER_LEFT);
            ruleRows.getChildren().add(row);
        }
    }

    private static ComboBox<PrivacyAction> actions() {
        ComboBox<PrivacyAction> box = new ComboBox<>();
        box.getItems().setAll(PrivacyAction.values());
        box.setPrefWidth(180);
        box.setButtonCell(new ActionCell());
        box.setCellFactory(l -> new ActionCell());
        return box;
    }

    private static final class ActionCell extends ListCell<PrivacyAction> {
        @Override
        protected void updateItem(PrivacyAction a, boolean empty) {
            super.updateItem(a, empty);
            setText(empty || a == null ? null : a.label());
        }
    }

    private static Node caption(String title, String help) {
        Label t = new Label(title);
        Label h = new Label(help);
        h.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        return new VBox(1, t, h);
    }

    public VBox root() {
        return root;
    }
}
