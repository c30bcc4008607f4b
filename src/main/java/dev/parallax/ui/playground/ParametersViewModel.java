package dev.parallax.ui.playground;

import dev.parallax.core.GenerationParams;
import dev.parallax.core.PromptMode;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.ArrayList;
import java.util.List;

/**
 * The engine parameters of a run, as editable properties: the Playground's panel and the defaults in
 * Settings share it. {@link #toParams()} is where a value that makes no sense gets its message.
 */
public final class ParametersViewModel {

    private final ObjectProperty<Integer> threads = new SimpleObjectProperty<>(this, "threads");
    private final ObjectProperty<Integer> contextSize = new SimpleObjectProperty<>(this, "contextSize");
    private final ObjectProperty<Integer> maxTokens = new SimpleObjectProperty<>(this, "maxTokens");
    private final ObjectProperty<Double> temperature = new SimpleObjectProperty<>(this, "temperature");
    private final ObjectProperty<Integer> topK = new SimpleObjectProperty<>(this, "topK");
    private final ObjectProperty<Double> topP = new SimpleObjectProperty<>(this, "topP");
    private final ObjectProperty<Double> minP = new SimpleObjectProperty<>(this, "minP");
    private final ObjectProperty<Double> repeatPenalty = new SimpleObjectProperty<>(this, "repeatPenalty");
    private final StringProperty seed = new SimpleStringProperty(this, "seed");
    private final StringProperty stop = new SimpleStringProperty(this, "stop");
    private final ObjectProperty<Integer> gpuLayers = new SimpleObjectProperty<>(this, "gpuLayers");
    private final ObjectProperty<PromptMode> mode = new SimpleObjectProperty<>(this, "mode");

    public ParametersViewModel(GenerationParams initial, PromptMode initialMode) {
        load(initial, initialMode);
    }

    public void load(GenerationParams p, PromptMode m) {
        threads.set(p.threads());
        contextSize.set(p.contextSize());
        maxTokens.set(p.maxTokens());
        temperature.set(p.temperature());
        topK.set(p.topK());
        topP.set(p.topP());
        minP.set(p.minP());
        repeatPenalty.set(p.repeatPenalty());
        seed.set(Long.toString(p.seed()));
        stop.set(encodeStops(p.stop()));
        gpuLayers.set(p.gpuLayers());
        mode.set(m);
    }

    /** The parameters as a run takes them; the message of the exception names the wrong value. */
    public GenerationParams toParams() {
        return new GenerationParams(
                required(threads, "Threads"),
                required(contextSize, "Context"),
                required(maxTokens, "Max tokens"),
                required(temperature, "Temperature"),
                required(topK, "Top-k"),
                required(topP, "Top-p"),
                required(minP, "Min-p"),
                required(repeatPenalty, "Repeat penalty"),
                parseSeed(seed.get()),
                decodeStops(stop.get()),
                required(gpuLayers, "GPU layers"));
    }

    public PromptMode modeValue() {
        return mode.get() == null ? PromptMode.AUTO : mode.get();
    }

    private static <T> T required(ObjectProperty<T> p, String name) {
        if (p.get() == null) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return p.get();
    }

    static long parseSeed(String text) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) {
            return -1;
        }
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("seed must be a whole number (-1 for a random seed), not '" + t + "'");
        }
    }

    /** One stop string a line; {@code \n}, {@code \t} and {@code \\} stand for a line break, a tab and a backslash. */
    static List<String> decodeStops(String text) {
        List<String> stops = new ArrayList<>();
        if (text == null) {
            return stops;
        }
        for (String line : text.split("\\R")) {
            if (line.isEmpty()) {
                continue;
            }
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '\\' && i + 1 < line.length()) {
                    char next = line.charAt(++i);
                    switch (next) {
                        case 'n' -> s.append('\n');
                        case 't' -> s.append('\t');
                        case '\\' -> s.append('\\');
                        default -> s.append('\\').append(next);
                    }
                } else {
                    s.append(c);
                }
            }
            stops.add(s.toString());
        }
        return stops;
    }

    static String encodeStops(List<String> stops) {
        List<String> lines = new ArrayList<>();
        for (String s : stops) {
            lines.add(s.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t"));
        }
        return String.join("\n", lines);
    }

    public ObjectProperty<Integer> threadsProperty() { return threads; }
    public ObjectProperty<Integer> contextSizeProperty() { return contextSize; }
    public ObjectProperty<Integer> maxTokensProperty() { return maxTokens; }
    public ObjectProperty<Double> temperatureProperty() { return temperature; }
    public ObjectProperty<Integer> topKProperty() { return topK; }
    public ObjectProperty<Double> topPProperty() { return topP; }
    public ObjectProperty<Double> minPProperty() { return minP; }
    public ObjectProperty<Double> repeatPenaltyProperty() { return repeatPenalty; }
    public StringProperty seedProperty() { return seed; }
    public StringProperty stopProperty() { return stop; }
    public ObjectProperty<Integer> gpuLayersProperty() { return gpuLayers; }
    public ObjectProperty<PromptMode> modeProperty() { return mode; }
}
