package dev.parallax.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parallax.app.AppServices;
import dev.parallax.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line as a script would use it: arguments in, stdout/stderr/exit code out. */
class CliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private record Outcome(int code, String out, String err) {
    }

    private Outcome parallax(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("--home", home.toString()));
        all.addAll(Arrays.asList(args));
        int code = Cli.execute(all.toArray(String[]::new), AppServices::new, new PrintWriter(out), new PrintWriter(err));
        return new Outcome(code, out.toString(), err.toString());
    }

    @Test
    void runJsonCarriesTheContractKeysAndLandsInHistory() throws Exception {
        String model = TestModels.stories260K().toString();
        Outcome run = parallax("run", "--target", "local:" + model, "--prompt", "Once upon a time", "--max-tokens", "16",
                "--seed", "1", "--json");
        assertEquals(0, run.code(), run.err());
        JsonNode json = JSON.readTree(run.out());
        for (String key : List.of("status", "text", "ttft_ms", "total_ms", "prompt_tokens", "completion_tokens",
                "tokens_per_second", "engine_tokens_per_second", "run_id")) {
            assertTrue(json.has(key), "missing " + key);
        }
        assertEquals("completed", json.get("status").asText());
        assertFalse(json.get("text").asText().isEmpty());
        assertEquals(16, json.get("completion_tokens").asInt());
        assertTrue(json.get("ttft_ms").asDouble() > 0);
        assertTrue(json.get("total_ms").asDouble() >= json.get("ttft_ms").asDouble());
        assertTrue(json.get("tokens_per_second").asDouble() > 0);
        assertTrue(json.get("engine_tokens_per_second").asDouble() > 0);

        Outcome history = parallax("history", "--json");
        assertEquals(0, history.code(), history.err());
        JsonNode runs = JSON.readTree(history.out());
        assertEquals(json.get("run_id").asText(), runs.get(0).get("run_id").asText());
        assertEquals("completed", runs.get(0).get("status").asText());
    }

    /** Only the named subcommand is built (a whole tree is 150-250 ms of each start); the usage still lists them all. */
    @Test
    void aCommandLineBuildsOnlyTheSubcommandItNames() {
        ParallaxCommand root = new ParallaxCommand(AppServices::new, System.in);
        assertEquals(java.util.Set.of("history", "help"),
                Cli.commandLine(root, new String[] {"--home", "/tmp/x", "--verbose", "history", "--json"}).getSubcommands().keySet());
        assertEquals(java.util.Set.of("models", "help"),
                Cli.commandLine(root, new String[] {"--home=/tmp/x", "models", "list"}).getSubcommands().keySet());
        int all = ParallaxCommand.SUBCOMMANDS.size() + 1;
        for (String[] args : new String[][] {{}, {"--help"}, {"--version"}, {"help", "models"}, {"histry"}, {"--home", "/x"}}) {
            assertEquals(all, Cli.commandLine(root, args).getSubcommands().size(), String.join(" ", args));
        }
        assertTrue(Cli.wantsCompilerPolicy(new String[] {"--home", "/x", "bench", "--dataset", "d.csv"}));
        assertTrue(Cli.wantsCompilerPolicy(new String[] {"compare", "--prompt", "hi"}));
        assertTrue(Cli.wantsCompilerPolicy(new String[] {"batch", "resume", "abcd"}));
        assertFalse(Cli.wantsCompilerPolicy(new String[] {"run", "--target", "local:x"}));
        assertFalse(Cli.wantsCompilerPolicy(new String[] {"--help"}));
        assertTrue(Cli.wantsCompilerPolicy(new String[] {"--home", "/x", "models", "pull", "org/repo:Q4_K_M"}));
        assertFalse(Cli.wantsCompilerPolicy(new String[] {"models", "list"}));
        assertFalse(Cli.wantsCompilerPolicy(new String[] {"models", "search", "pull"}));
        assertEquals(ParallaxCommand.SUBCOMMANDS.size(), ParallaxCommand.SUBCOMMANDS.stream()
                .map(c -> c.getAnnotation(picocli.CommandLine.Command.class).name()).distinct().count());
    }

    @Test
    void everyCommandAndSubcommandAnswersHelp() {
        List<List<String>> paths = new ArrayList<>();
        collect(Cli.fullCommandLine(new ParallaxCommand(AppServices::new, System.in)), new ArrayList<>(), paths);
        assertTrue(paths.size() > 30, "only " + paths.size() + " commands found");
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            Outcome help = parallax(args.toArray(String[]::new));
            String name = String.join(" ", path);
            assertEquals(0, help.code(), name + ": " + help.err());
            assertTrue(help.out().startsWith("Usage: parallax" + (name.isEmpty() ? "" : " " + name)), name + ": " + help.out());
            assertEquals("", help.err(), name);
        }
        Outcome shortForm = parallax("history", "-h");
        assertEquals(0, shortForm.code(), shortForm.err());
        assertTrue(shortForm.out().contains("--limit"), shortForm.out());
    }

    private static void collect(picocli.CommandLine command, List<String> path, List<List<String>> into) {
        into.add(List.copyOf(path));
        command.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandName().equals(name) && !name.equals("help")) {
                List<String> next = new ArrayList<>(path);
                next.add(name);
                collect(sub, next, into);
            }
        });
    }

    @Test
    void corruptModelsAreRefusedWithOneLineAndAnExitCode() throws Exception {
        byte[] model = Files.readAllBytes(TestModels.stories260K());
        Path bad = home.resolve("bad.gguf");
        Files.write(bad, Arrays.copyOf(model, 4096));
        Outcome imported = parallax("models", "import", bad.toString());
        assertEquals(1, imported.code());
        assertEquals(1, imported.err().strip().lines().count(), imported.err());
        assertTrue(imported.err().startsWith("parallax: bad.gguf is not a valid GGUF model"), imported.err());

        Outcome run = parallax("run", "--target", "local:" + bad, "--prompt", "hi");
        assertEquals(1, run.code());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().contains("is not a valid GGUF model"));
    }

    @Test
    void unknownModelsAndBadOptionsSayWhatToDo() {
        Outcome unknown = parallax("run", "--target", "local:nothing-here", "--prompt", "hi");
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("import one with 'parallax models import FILE'"), unknown.err());

        Outcome badTarget = parallax("run", "--target", "stories", "--prompt", "hi");
        assertEquals(2, badTarget.code());
        assertTrue(badTarget.err().contains("write provider:model"), badTarget.err());

        Outcome smallContext = parallax("bench-local", "--model", TestModels.stories260K().toString(), "--ctx", "100");
        assertEquals(2, smallContext.code());
        assertTrue(smallContext.err().contains("--ctx 100 cannot hold the run: give at least 448"), smallContext.err());
    }

    @Test
    void benchLocalReportsTheContextItRanAt() throws Exception {
        Outcome bench = parallax("bench-local", "--model", TestModels.stories260K().toString(), "--engine", "auto",
                "--runs", "1", "--prompt-tokens", "16", "--gen-tokens", "8", "--ctx", "1024", "--json");
        assertEquals(0, bench.code(), bench.err());
        JsonNode report = JSON.readTree(bench.out()).get(0);
        assertEquals(1024, report.path("context").asInt(), report.toString());
        assertEquals(1, report.path("samples").size());
        assertTrue(report.path("samples").get(0).path("promptTokens").asInt() > 0, report.toString());
    }

    @Test
    void importedModelsAreListedAndDescribed() throws Exception {
        assertEquals(0, parallax("models", "import", TestModels.stories260K().toString()).code());
        Outcome again = parallax("models", "import", TestModels.stories260K().toString());
        assertEquals(0, again.code(), "the model is there: no failure");
        assertTrue(again.out().contains("is already imported as"), again.out());
        String name = TestModels.stories260K().getFileName().toString().replace(".gguf", "");
        Outcome list = parallax("models", "list", "--json");
        JsonNode models = JSON.readTree(list.out());
        assertEquals(name, models.get(0).get("name").asText());
        assertEquals("llama", models.get(0).get("architecture").asText());
        assertEquals(64, models.get(0).get("sha256").asText().length());

        Outcome info = parallax("models", "info", name);
        assertEquals(0, info.code(), info.err());
        assertTrue(info.out().contains("general.architecture"), info.out());
    }
}
