package dev.parallax.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parallax.core.GenerationParams;
import dev.parallax.core.PromptMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsStoreTest {

    @TempDir
    Path home;

    @Test
    void noFileGivesTheInitialSettings() throws Exception {
        assertEquals(Settings.initial(), new SettingsStore(home.resolve("config.json")).load());
    }

    @Test
    void savedSettingsComeBack() throws Exception {
        SettingsStore store = new SettingsStore(home.resolve("config.json"));
        GenerationParams params = GenerationParams.defaults().withThreads(3).withContextSize(4096).withMaxTokens(77)
                .withTemperature(0.3).withTopK(12).withTopP(0.5).withMinP(0.1).withRepeatPenalty(1.3).withSeed(99)
                .withStop(List.of("###", "\n\n")).withGpuLayers(7);
        Settings saved = new Settings(Settings.Theme.DARK, params, PromptMode.RAW, false);
        store.save(saved);
        assertEquals(saved, new SettingsStore(home.resolve("config.json")).load());
    }

    @Test
    void otherKeysOfTheFileAreKept() throws Exception {
        Path file = home.resolve("config.json");
        Files.writeString(file, "{\"providers\":{\"openai\":{\"baseUrl\":\"https://api.openai.com\"}},\"ui\":{\"theme\":\"light\"}}");
        new SettingsStore(file).save(Settings.initial().withTheme(Settings.Theme.DARK));
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        assertEquals("https://api.openai.com", root.path("providers").path("openai").path("baseUrl").asText());
        assertEquals("dark", root.path("ui").path("theme").asText());
    }

    @Test
    void damagedFileIsReportedAndKeptAsACopyOnSave() throws Exception {
        Path file = home.resolve("config.json");
        Files.writeString(file, "{ not json");
        SettingsStore store = new SettingsStore(file);
        SettingsException e = assertThrows(SettingsException.class, store::load);
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
        store.save(Settings.initial());
        assertEquals("{ not json", Files.readString(home.resolve("config.json.damaged")));
        assertEquals(Settings.initial(), store.load());
    }

    @Test
    void invalidDefaultsSayWhich() throws Exception {
        Path file = home.resolve("config.json");
        Files.writeString(file, "{\"engineDefaults\":{\"topP\":5}}");
        SettingsException e = assertThrows(SettingsException.class, () -> new SettingsStore(file).load());
        assertTrue(e.getMessage().contains("top-p must be in (0, 1]"), e.getMessage());
    }

    @Test
    void missingFieldsTakeTheirDefaults() throws Exception {
        Path file = home.resolve("config.json");
        Files.writeString(file, "{\"engineDefaults\":{\"maxTokens\":12}}");
        Settings s = new SettingsStore(file).load();
        assertEquals(GenerationParams.defaults().withMaxTokens(12), s.defaults());
        assertEquals(PromptMode.AUTO, s.mode());
    }
}
