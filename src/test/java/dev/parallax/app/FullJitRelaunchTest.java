package dev.parallax.app;

import dev.parallax.cli.Cli;
import dev.parallax.testing.FakeHub;
import dev.parallax.testing.LargeGguf;
import dev.parallax.testing.PullProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The installed command line runs C1 only; {@code models pull} runs again in a JVM with C2 (decision 0015). */
class FullJitRelaunchTest {

    @TempDir
    Path home;

    @Test
    void theChildKeepsTheOptionsAndClassPathButNotTheC1OnlyOnes() {
        List<String> command = FullJitRelaunch.command(Path.of("/opt/parallax/lib/runtime"),
                List.of("-XX:+UseSerialGC", "-Xms48m", "-XX:TieredStopAtLevel=1", "-Djava.class.path=/old",
                        "-XX:CompilationMode=quick-only", "-Djpackage.app-version=0.1.0"),
                "/opt/parallax/lib/app/parallax.jar", new String[] {"--home", "/h", "models", "pull", "a/b:Q8_0"});
        assertEquals(List.of(Path.of("/opt/parallax/lib/runtime", "bin", "java").toString(), "-XX:+UseSerialGC",
                "-Xms48m", "-Djpackage.app-version=0.1.0", "-Dparallax.fullJit=true", "-cp",
                "/opt/parallax/lib/app/parallax.jar", Parallax.class.getName(), "--home", "/h", "models", "pull",
                "a/b:Q8_0"), command);
    }

    @Test
    void onlyModelsPullIsRelaunchedAndVerboseIsFoundBeforeTheCommand() {
        assertTrue(Cli.namesModelsPull(new String[] {"--home", "/x", "models", "pull", "a/b"}));
        assertFalse(Cli.namesModelsPull(new String[] {"models", "list"}));
        assertFalse(Cli.namesModelsPull(new String[] {"bench", "--dataset", "d.csv"}));
        assertTrue(Cli.namesVerbose(new String[] {"--home", "/x", "--verbose", "models", "pull", "a/b"}));
        assertFalse(Cli.namesVerbose(new String[] {"--home", "/x", "models", "pull", "--verbose"}));
        assertFalse(FullJitRelaunch.isChild());
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aPullStartedInAC1OnlyJvmRunsInAChildWithC2AndStopsWithItsParent() throws Exception {
        Path file = LargeGguf.write(home.resolve("Big-Q8_0.gguf"), 48L << 20, 7);
        try (FakeHub hub = FakeHub.start()) {
            hub.repo("demo/Big-GGUF", 10, 1, 1).file("demo/Big-GGUF", "Big-Q8_0.gguf", file);
            hub.throttle(2L << 20); // per connection: 4 connections take about 6 s
            Path err = home.resolve("pull-stderr.txt");
            ProcessBuilder builder = PullProcess.builder(hub, List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"),
                    home.resolve("pull-stdout.txt"), err, "--home", home.resolve("data").toString(), "--verbose",
                    "models", "pull", "demo/Big-GGUF:Q8_0");
            Process parent = builder.start();
            parent.getOutputStream().close();
            PullProcess.awaitServed(parent, hub, "demo/Big-GGUF", "Big-Q8_0.gguf", 8L << 20);
            assertTrue(parent.isAlive(), "the pull ended before it was stopped: " + Files.readString(err));
            List<ProcessHandle> children = parent.toHandle().children().toList();
            assertEquals(1, children.size(), "one child JVM runs the pull");
            String childCommand = Files.readString(Path.of("/proc", Long.toString(children.get(0).pid()), "cmdline"),
                    StandardCharsets.UTF_8).replace('\0', ' ');
            assertTrue(childCommand.contains("-Dparallax.fullJit=true"), "the child is marked: " + childCommand);
            assertFalse(childCommand.contains("TieredStopAtLevel"), "the child has C2: " + childCommand);
            parent.destroy(); // as Ctrl-C would: the parent stops the child, which saves where it was
            assertTrue(parent.waitFor(30, TimeUnit.SECONDS), "the parent did not end after TERM");
            assertTrue(children.get(0).onExit().get(30, TimeUnit.SECONDS) != null);
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            assertTrue(stderr.contains("runs in a JVM with C2"), stderr);
            assertTrue(stderr.contains("Big-Q8_0.gguf: paused at ") && stderr.contains("run the same command again"),
                    stderr);

            hub.throttle(0);
            Process again = builder.redirectError(home.resolve("again-stderr.txt").toFile()).start();
            again.getOutputStream().close();
            assertTrue(again.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, again.exitValue(), Files.readString(home.resolve("again-stderr.txt")));
            assertTrue(Files.exists(home.resolve("data").resolve("models").resolve("demo").resolve("Big-GGUF")
                    .resolve("Big-Q8_0.gguf")), "installed");
        }
    }
}
