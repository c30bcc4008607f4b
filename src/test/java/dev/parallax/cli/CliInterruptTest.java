package dev.parallax.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parallax.app.AppServices;
import dev.parallax.app.Parallax;
import dev.parallax.testing.FakeHub;
import dev.parallax.testing.LargeGguf;
import dev.parallax.testing.PullProcess;
import dev.parallax.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ctrl-C (or a TERM) during {@code parallax run}, in a process of its own: the run is cancelled and saved with
 * what it answered, and the user reads why it stopped. Before, the JVM's shutdown raced the run's last write (H2
 * closed itself on exit) and the user read "parallax: Shutdown in progress"; the run came back as interrupted
 * with no tokens.
 */
class CliInterruptTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void aTerminatedRunIsSavedAsCancelledWithItsAnswer() throws Exception {
        Path err = home.resolve("stderr.txt");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), Parallax.class.getName(),
                "--home", home.resolve("data").toString(),
                "run", "--engine", "java-llama.cpp", "--target", "local:" + TestModels.stories260K(),
                "--prompt", "Once upon a time", "--ctx", "32768", "--max-tokens", "32000", "--temperature", "1"));
        Path answer = home.resolve("stdout.txt");
        Process p = new ProcessBuilder(command).redirectOutput(answer.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        // The answer is streaming: the run is under way.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (Files.size(answer) == 0 && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(p.isAlive() && Files.size(answer) > 0, "the run printed nothing: " + Files.readString(err));
        p.destroy(); // SIGTERM: Ctrl-C's SIGINT runs the same shutdown hooks
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the CLI did not end after TERM");
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertFalse(stderr.contains("Shutdown in progress"), stderr);
        assertTrue(stderr.contains("parallax: run cancelled"), stderr);

        StringWriter out = new StringWriter();
        StringWriter errors = new StringWriter();
        int code = Cli.execute(new String[] {"--home", home.resolve("data").toString(), "history", "--limit", "1", "--json"},
                AppServices::new, new PrintWriter(out), new PrintWriter(errors));
        assertEquals(0, code, errors.toString());
        JsonNode last = JSON.readTree(out.toString());
        last = last.isArray() ? last.get(0) : last.path("runs").get(0);
        assertEquals("cancelled", last.path("status").asText(), last.toString());
        assertTrue(last.path("completion_tokens").asInt() > 0, last.toString());
        assertTrue(last.path("prompt_tokens").asInt() > 0, "a cancelled run keeps its prompt's size: " + last);
        assertFalse(last.path("text").asText().isEmpty(), last.toString());
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void aTerminatedPullIsPausedAndTheNextPullGoesOnFromThere() throws Exception {
        Path file = LargeGguf.write(home.resolve("Big-Q8_0.gguf"), 48L << 20, 7);
        try (FakeHub hub = FakeHub.start()) {
            hub.repo("demo/Big-GGUF", 10, 1, 1).file("demo/Big-GGUF", "Big-Q8_0.gguf", file);
            hub.throttle(2L << 20); // per connection: 4 connections take about 6 s
            Path err = home.resolve("pull-stderr.txt");
            Process p = PullProcess.builder(hub, List.of("-Xmx256m"), home.resolve("pull-stdout.txt"), err,
                    "--home", home.resolve("data").toString(), "models", "pull", "demo/Big-GGUF:Q8_0").start();
            p.getOutputStream().close();
            PullProcess.awaitServed(p, hub, "demo/Big-GGUF", "Big-Q8_0.gguf", 8L << 20);
            assertTrue(p.isAlive(), "the pull ended before it was stopped: " + Files.readString(err));
            p.destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the CLI did not end after TERM");
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            assertTrue(stderr.contains("Big-Q8_0.gguf: paused at ") && stderr.contains("run the same command again"), stderr);
            long servedBefore = hub.bytesServed("demo/Big-GGUF", "Big-Q8_0.gguf");

            hub.throttle(0);
            StringWriter out = new StringWriter();
            StringWriter errors = new StringWriter();
            int code = Cli.execute(new String[] {"--home", home.resolve("data").toString(), "models", "pull", "demo/Big-GGUF:Q8_0"},
                    (h, v) -> new AppServices(h, v, java.util.Map.of("HF_ENDPOINT", hub.endpoint().toString())),
                    new PrintWriter(out), new PrintWriter(errors));
            assertEquals(0, code, errors.toString());
            long again = hub.bytesServed("demo/Big-GGUF", "Big-Q8_0.gguf") - servedBefore;
            assertTrue(again < Files.size(file) - (4L << 20), "the second pull fetched " + again + " bytes of "
                    + Files.size(file) + ": what arrived before the pause was fetched again");
        }
    }
}
