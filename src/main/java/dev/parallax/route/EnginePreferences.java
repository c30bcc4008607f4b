package dev.parallax.route;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parallax.config.ConfigFile;
import dev.parallax.engine.local.EngineChoice;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How local models run, as the user set it: whether the worker keeps the last model loaded between runs,
 * and which engine runs a given model when a run asks for {@code auto} (a model the current llama.cpp
 * handles badly can be pinned to java-llama.cpp, and the other way round). Kept in {@code config.json},
 * section {@value #SECTION}; a run's own {@code --engine} still wins.
 */
public final class EnginePreferences {

    static final String SECTION = "localEngines";

    private final ConfigFile config;

    public EnginePreferences(ConfigFile config) {
        this.config = config;
    }

    /** On unless turned off: a follow-up run on the same model skips the load. */
    public boolean keepModelLoaded() {
        return config.section(SECTION).map(s -> s.path("keepModelLoaded").asBoolean(true)).orElse(true);
    }

    public void setKeepModelLoaded(boolean keep) {
        ObjectNode s = section();
        s.put("keepModelLoaded", keep);
        config.writeSection(SECTION, s);
    }

    /** The engine pinned for this model (by its name in the store); empty when the model follows {@code auto}. */
    public Optional<EngineChoice> forModel(String modelName) {
        return Optional.ofNullable(perModel().get(modelName));
    }

    /** Every pinned model and its engine, by model name. Entries this version cannot read are left out. */
    public Map<String, EngineChoice> perModel() {
        Map<String, EngineChoice> pinned = new TreeMap<>();
        JsonNode models = config.section(SECTION).map(s -> s.path("perModel")).orElse(null);
        if (models != null && models.isObject()) {
            models.fields().forEachRemaining(e -> {
                try {
                    EngineChoice c = EngineChoice.parse(e.getValue().asText(""));
                    if (c != EngineChoice.AUTO) {
                        pinned.put(e.getKey(), c);
                    }
                } catch (IllegalArgumentException unknown) {
                    // Written by hand or by a newer version: the model follows auto.
                }
            });
        }
        return pinned;
    }

    /** Pins a model to an engine; {@link EngineChoice#AUTO} removes the pin. */
    public void setForModel(String modelName, EngineChoice choice) {
        if (modelName == null || modelName.isBlank()) {
            throw new IllegalArgumentException("a model name is needed");
        }
        ObjectNode s = section();
        ObjectNode models = s.path("perModel") instanceof ObjectNode o ? o : s.putObject("perModel");
        if (choice == EngineChoice.AUTO) {
            models.remove(modelName);
        } else {
            models.put(modelName, choice.label());
        }
        config.writeSection(SECTION, s);
    }

    /** The engine a run on this model uses: the run's own choice unless that is {@code auto}, then the model's pin. */
    public EngineChoice resolve(EngineChoice asked, String modelName) {
        return asked != EngineChoice.AUTO ? asked : forModel(modelName).orElse(EngineChoice.AUTO);
    }

    private ObjectNode section() {
        return config.section(SECTION).filter(JsonNode::isObject).map(n -> (ObjectNode) n)
                .orElseGet(() -> ConfigFile.json().createObjectNode());
    }
}
