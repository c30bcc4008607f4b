package dev.parallax.ui.playground;

import dev.parallax.ui.base.TabLeaves;
import atlantafx.base.theme.Styles;
import dev.parallax.core.PromptMode;
import javafx.beans.property.ObjectProperty;
import javafx.geometry.HPos;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.util.StringConverter;

import java.util.Locale;

/** The engine parameters as a form; the Playground and the Settings' defaults both show one. */
public final class ParametersView {

    private final GridPane grid = new GridPane();
    private int row;

    public ParametersView(ParametersViewModel vm) {
        this(vm, true);
    }

    /** @param withMode false where the prompt mode is not the user's to pick (Compare runs every target in auto) */
    public ParametersView(ParametersViewModel vm, boolean withMode) {
        grid.getStyleClass().add("parameters");
        grid.setHgap(12);
        grid.setVgap(10);
        ColumnConstraints labels = new ColumnConstraints();
        labels.setHalignment(HPos.LEFT);
        labels.setMinWidth(104);
        ColumnConstraints fields = new ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        fields.setFillWidth(true);
        grid.getColumnConstraints().addAll(labels, fields);

        if (withMode) {
            ComboBox<PromptMode> mode = new ComboBox<>();
            mode.getItems().setAll(PromptMode.values());
            mode.setConverter(new StringConverter<>() {
                @Override
                public String toString(PromptMode m) {
                    return m == null ? "" : m.name().toLowerCase(Locale.ROOT);
                }

                @Override
                public PromptMode fromString(String s) {
                    return PromptMode.valueOf(s.toUpperCase(Locale.ROOT));
                }
            });
            mode.valueProperty().bindBidirectional(vm.modeProperty());
            mode.setMaxWidth(Double.MAX_VALUE);
            mode.setId("param-mode");
            add("Mode", mode, "auto: the model's chat template when it has one, plain completion otherwise.\n"
                    + "chat: always through a chat template (ChatML when the model has none).\nraw: the text as it is.");
        }

        add("Max tokens", intSpinner(vm.maxTokensProperty(), 1, 1_000_000, 64, "param-max-tokens"),
                "The most tokens the answer may have.");
        add("Temperature", doubleSpinner(vm.temperatureProperty(), 0, 5, 0.05, "param-temperature"),
                "Randomness: 0 always picks the most likely token.");
        add("Top-k", intSpinner(vm.topKProperty(), 0, 100_000, 5, "param-top-k"),
                "Sample among the k most likely tokens (0: off).");
        add("Top-p", doubleSpinner(vm.topPProperty(), 0.01, 1, 0.01, "param-top-p"),
                "Sample among the most likely tokens that together reach this probability.");
        add("Min-p", doubleSpinner(vm.minPProperty(), 0, 0.99, 0.01, "param-min-p"),
                "Drop tokens less likely than this share of the most likely one.");
        add("Repeat penalty", doubleSpinner(vm.repeatPenaltyProperty(), 0.01, 5, 0.05, "param-repeat-penalty"),
                "Above 1 makes repeating recent tokens less likely.");
        TextField seed = new TextField();
        seed.textProperty().bindBidirectional(vm.seedProperty());
        seed.setId("param-seed");
        add("Seed", seed, "-1: a random seed each run. A fixed seed with the same parameters repeats an answer.");
        TextArea stop = new TextArea();
        stop.textProperty().bindBidirectional(vm.stopProperty());
        stop.setPrefRowCount(2);
        stop.setPromptText("one per line, \\n for a line break");
        TabLeaves.install(stop);
        stop.setId("param-stop");
        add("Stop strings", stop, "Generation stops at any of these. One per line; write \\n for a line break.");
        add("Context", intSpinner(vm.contextSizeProperty(), 0, 1 << 20, 512, "param-context"),
                "Context length in tokens (0: the engine's default, 2048). Changing it reloads the model.");
        add("Threads", intSpinner(vm.threadsProperty(), 0, 1024, 1, "param-threads"),
                "CPU threads (0: all cores; the current llama.cpp engine uses fewer while other programs keep the CPU busy)."
                        + " Changing it reloads the model.");
        add("GPU layers", intSpinner(vm.gpuLayersProperty(), 0, 10_000, 1, "param-gpu-layers"),
                "Layers to offload to a GPU, when the engine has one. Changing it reloads the model.");
    }

    private void add(String label, Node field, String help) {
        Label l = new Label(label);
        l.getStyleClass().add("param-label");
        Tooltip tip = new Tooltip(help);
        tip.setWrapText(true);
        tip.setMaxWidth(360);
        l.setTooltip(tip);
        if (field instanceof javafx.scene.control.Control c) {
            c.setTooltip(tip);
            c.setMaxWidth(Double.MAX_VALUE);
        }
        grid.add(l, 0, row);
        grid.add(field, 1, row);
        row++;
    }

    private static Spinner<Integer> intSpinner(ObjectProperty<Integer> value, int min, int max, int step, String id) {
        Spinner<Integer> s = new Spinner<>();
        SpinnerValueFactory.IntegerSpinnerValueFactory f =
                new SpinnerValueFactory.IntegerSpinnerValueFactory(min, max, value.get() == null ? min : value.get(), step);
        s.setValueFactory(f);
        f.valueProperty().bindBidirectional(value);
        s.setEditable(true);
        s.setId(id);
        return s;
    }

    private static Spinner<Double> doubleSpinner(ObjectProperty<Double> value, double min, double max, double step, String id) {
        Spinner<Double> s = new Spinner<>();
        SpinnerValueFactory.DoubleSpinnerValueFactory f =
                new SpinnerValueFactory.DoubleSpinnerValueFactory(min, max, value.get() == null ? min : value.get(), step);
        f.setConverter(new StringConverter<>() {
            @Override
            public String toString(Double d) {
                if (d == null) {
                    return "";
                }
                String t = String.format(Locale.ROOT, "%.3f", d);
                return t.replaceAll("0+$", "").replaceAll("\\.$", ".0");
            }

            @Override
            public Double fromString(String text) {
                try {
                    return Double.parseDouble(text.trim().replace(',', '.'));
                } catch (NumberFormatException e) {
                    return f.getValue();
                }
            }
        });
        s.setValueFactory(f);
        f.valueProperty().bindBidirectional(value);
        s.setEditable(true);
        s.setId(id);
        return s;
    }

    public GridPane root() {
        return grid;
    }
}
