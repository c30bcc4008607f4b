package dev.parallax.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parallax.core.GenerationParams;
import dev.parallax.core.PromptMode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads and writes the desktop settings in {@code config.json}. Only the {@code ui} and
 * {@code engineDefaults} sections are Parallax's settings; every other key in the file (providers,
 * routing, cost model) is kept exactly as it was when the settings are saved.
 */
public final class SettingsStore {

    static final String UI = "ui";
    static final String ENGINE_DEFAULTS = "engineDefaults";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;

    public SettingsStore(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /**
     * The saved settings; the initial ones when there is no file yet.
     *
     * @throws SettingsException when the file cannot be read or holds values that make no sense; the
     *                           message says which and what to do
     */
    public Settings load() throws SettingsException {
        ObjectNode root;
        try {
            root = readTree();
        } catch (NoSuchFileException e) {
            return Settings.initial();
        } catch (IOException e) {
            throw new SettingsException("cannot read the settings in " + file + " (" + describe(e)
                    + "). Parallax uses its default settings; saving them keeps a copy of the old file next to it.", e);
        }
        Settings initial = Settings.initial();
        JsonNode ui = root.path(UI);
        Settings.Theme theme = "dark".equalsIgnoreCase(ui.path("theme").asText("")) ? Settings.Theme.DARK : initial.theme();
        boolean markdown = ui.path("markdown").asBoolean(initial.markdown());
        JsonNode d = root.path(ENGINE_DEFAULTS);
        GenerationParams base = initial.defaults();
        PromptMode mode;
        GenerationParams params;
        try {
            mode = d.has("mode") ? PromptMode.valueOf(d.path("mode").asText().toUpperCase(Locale.ROOT)) : initial.mode();
            params = new GenerationParams(
                    d.path("threads").asInt(base.threads()),
                    d.path("contextSize").asInt(base.contextSize()),
                    d.path("maxTokens").asInt(base.maxTokens()),
                    d.path("temperature").asDouble(base.temperature()),
                    d.path("topK").asInt(base.topK()),
                    d.path("topP").asDouble(base.topP()),
                    d.path("minP").asDouble(base.minP()),
                    d.path("repeatPenalty").asDouble(base.repeatPenalty()),
                    d.path("seed").asLong(base.seed()),
                    stopStrings(d.path("stop")),
                    d.path("gpuLayers").asInt(base.gpuLayers()));
        } catch (IllegalArgumentException e) {
            throw new SettingsException("the engine defaults in " + file + " are not valid (" + e.getMessage()
                    + "). Parallax uses its own defaults until you save new ones in Settings.", e);
        }
        return new Settings(theme, params, mode, markdown);
    }

    /** Writes the settings, keeping every other key of the file. An unreadable old file is kept as a copy. */
    public void save(Settings settings) throws SettingsException {
        ObjectNode root;
        try {
            root = readTree();
        } catch (NoSuchFileException e) {
            root = JSON.createObjectNode();
        } catch (IOException e) {
            keepDamagedCopy();
            root = JSON.createObjectNode();
        }
        ObjectNode ui = root.putObject(UI);
        ui.put("theme", settings.theme().name().toLowerCase(Locale.ROOT));
        ui.put("markdown", settings.markdown());
        GenerationParams p = settings.defaults();
        ObjectNode d = root.putObject(ENGINE_DEFAULTS);
        d.put("threads", p.threads());
        d.put("contextSize", p.contextSize());
        d.put("maxTokens", p.maxTokens());
        d.put("temperature", p.temperature());
        d.put("topK", p.topK());
        d.put("topP", p.topP());
        d.put("minP", p.minP());
        d.put("repeatPenalty", p.repeatPenalty());
        d.put("seed", p.seed());
        ArrayNode stop = d.putArray("stop");
        p.stop().forEach(stop::add);
        d.put("gpuLayers", p.gpuLayers());
        d.put("mode", settings.mode().name().toLowerCase(Locale.ROOT));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, JSON.writeValueAsString(root), StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new SettingsException("cannot save the settings to " + file + " (" + describe(e) + ").", e);
        }
    }

    private ObjectNode readTree() throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            return JSON.createObjectNode();
        }
        JsonNode node = JSON.readTree(text);
        if (!(node instanceof ObjectNode object)) {
            throw new IOException("the file does not hold a JSON object");
        }
        return object;
    }

    private void keepDamagedCopy() throws SettingsException {
        Path copy = file.resolveSibling(file.getFileName() + ".damaged");
        try {
            Files.move(file, copy, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new SettingsException("cannot keep a copy of the unreadable settings file " + file
                    + " before saving (" + describe(e) + "); nothing was written.", e);
        }
    }

    private static List<String> stopStrings(JsonNode node) {
        List<String> stop = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(s -> stop.add(s.asText()));
        }
        return stop;
    }

    private static String describe(IOException e) {
        if (e instanceof JsonProcessingException json) {
            return "not valid JSON: " + json.getOriginalMessage();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
