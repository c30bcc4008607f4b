package dev.parallax.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parallax.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code parallax engines}: keep-loaded and per-model pins are saved, shown, and followed by {@code auto} runs. */
class EnginesCommandTest {

    @TempDir
    Path home;

    @Test
    void aPinnedModelRunsOnItsEngineUnderAutoAndARunsOwnEngineStillWins() throws Exception {
        CliHarness cli = new CliHarness(home);
        assertEquals(0, cli.run("models", "import", TestModels.stories260K().toString()).code());
        String name = TestModels.stories260K().getFileName().toString().replace(".gguf", "");

        JsonNode before = cli.run("engines", "--json").json();
        assertTrue(before.get("keep_model_loaded").asBoolean());
        assertEquals(0, before.get("pinned_models").size());

        CliHarness.Result pin = cli.run("engines", "pin", name, "java-llama.cpp");
        assertEquals(0, pin.code(), pin.err());
        assertEquals("java-llama.cpp", cli.run("engines", "--json").json().get("pinned_models").get(name).asText());

        CliHarness.Result run = cli.run("run", "--target", "local:" + name, "--prompt", "Once upon a time",
                "--max-tokens", "4", "--json");
        assertEquals(0, run.code(), run.err());
        assertEquals("java-llama.cpp", run.json().get("engine").asText());

        if (cli.run("engines", "--json").json().get("current_available").asBoolean()) {
            CliHarness.Result named = cli.run("run", "--target", "local:" + name, "--prompt", "Once upon a time",
                    "--max-tokens", "4", "--engine", "current", "--json");
            assertEquals(0, named.code(), named.err());
            assertEquals("llama.cpp (FFM)", named.json().get("engine").asText());
        }

        assertEquals(0, cli.run("engines", "pin", name, "auto").code());
        assertEquals(0, cli.run("engines", "--json").json().get("pinned_models").size());
    }

    @Test
    void keepLoadedIsSavedAndBadValuesAreRefused() throws Exception {
        CliHarness cli = new CliHarness(home);
        assertEquals(0, cli.run("engines", "keep-loaded", "off").code());
        assertFalse(cli.run("engines", "--json").json().get("keep_model_loaded").asBoolean());
        assertTrue(cli.run("engines").out().contains("keep the last model loaded:            off"));

        CliHarness.Result bad = cli.run("engines", "keep-loaded", "maybe");
        assertEquals(2, bad.code(), "a wrong option value");
        assertTrue(bad.err().contains("keep-loaded takes on or off, not 'maybe'"), bad.err());

        CliHarness.Result badEngine = cli.run("engines", "pin", "whatever", "cuda");
        assertEquals(2, badEngine.code(), "a wrong option value");
        assertTrue(badEngine.err().contains("unknown engine 'cuda'"), badEngine.err());
    }
}
