package dev.parallax.ui;

import dev.parallax.app.AppServices;
import dev.parallax.app.ParallaxHome;
import dev.parallax.core.RunStatus;
import dev.parallax.core.TaskProgress;
import dev.parallax.history.RunRecord;
import dev.parallax.models.ImportMode;
import dev.parallax.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The desktop app as a real process (headless, Monocle): closing it mid-run and its start-up probe. */
class DesktopProcessTest {

    @TempDir
    Path home;

    private Process start(List<String> jvmOptions, String main, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-Dglass.platform=Monocle", "-Dmonocle.platform=Headless", "-Dprism.order=sw", "-Djava.awt.headless=true"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(Map.of("PARALLAX_HOME", home.toString()));
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        p.getOutputStream().close();
        return p;
    }

    @Test
    void closingTheWindowWhileGeneratingCancelsTheRunStopsTheWorkerAndExitsWithin3Seconds() throws Exception {
        try (AppServices setup = new AppServices(new ParallaxHome(home), false)) {
            setup.models().importFile(TestModels.stories260K(), ImportMode.COPY, TaskProgress.none());
        }
        Process app = start(List.of(), DesktopCloseMain.class.getName(), home.toString());
        // Never hang the build: a child that never gets to "closing" is stopped, which ends the read below.
        CompletableFuture.runAsync(app::destroyForcibly, CompletableFuture.delayedExecutor(120, TimeUnit.SECONDS));
        long worker = -1;
        long closingAt = -1;
        List<ProcessHandle> children = List.of();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("worker ")) {
                    worker = Long.parseLong(line.substring(7).trim());
                } else if (line.equals("closing")) {
                    closingAt = System.nanoTime();
                    children = app.descendants().toList();
                    break;
                }
            }
            assertTrue(closingAt > 0, "the app started a run and asked to close");
            assertTrue(app.waitFor(10, TimeUnit.SECONDS), "the process ended");
        } finally {
            app.destroyForcibly();
        }
        long exitMs = (System.nanoTime() - closingAt) / 1_000_000;
        assertTrue(exitMs < 3000, "the process ended " + exitMs + " ms after the close request");
        assertEquals(0, app.exitValue());
        long workerPid = worker;
        assertTrue(children.stream().anyMatch(c -> c.pid() == workerPid), "the worker was a child: " + children);
        for (ProcessHandle child : children) {
            child.onExit().get(2, TimeUnit.SECONDS);
            assertFalse(child.isAlive(), "no child process is left: " + child.pid());
        }

        try (AppServices after = new AppServices(new ParallaxHome(home), false)) {
            List<RunRecord> runs = after.runs().recent(10);
            assertEquals(1, runs.size());
            assertEquals(RunStatus.CANCELLED, runs.get(0).status(), "saved as cancelled, not interrupted");
            assertFalse(runs.get(0).output().isEmpty());
            assertEquals(0, after.interruptedAtStart());
        }
    }

    @Test
    void withoutADisplayTheDesktopSaysSoAndPointsToTheCommandLine() throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"), "dev.parallax.app.Parallax");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("PARALLAX_HOME", home.toString());
        pb.environment().remove("DISPLAY");
        pb.environment().remove("WAYLAND_DISPLAY");
        Process p = pb.start();
        p.getOutputStream().close();
        java.util.concurrent.CompletableFuture<String> err = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                return e.toString();
            }
        });
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("with no display the process did not end: " + err.getNow(""));
        }
        String text = err.get(5, TimeUnit.SECONDS);
        assertEquals(2, p.exitValue(), text);
        assertTrue(text.startsWith("parallax: cannot open the desktop window ("), text);
        assertTrue(text.strip().endsWith("use the command line: parallax --help"), text);
        assertFalse(text.contains("Exception in thread"), text);
    }

    @Test
    void theStartUpProbePrintsTheFirstFrameTimeAndExits() throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dglass.platform=Monocle", "-Dmonocle.platform=Headless", "-Dprism.order=sw", "-Djava.awt.headless=true",
                "-D" + DesktopApp.EXIT_AFTER_FIRST_FRAME + "=true",
                "-cp", System.getProperty("java.class.path"), "dev.parallax.app.Parallax"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("PARALLAX_HOME", home.toString());
        Process p = pb.start();
        p.getOutputStream().close();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), err);
        List<String> probe = err.lines().filter(l -> l.startsWith("parallax: first frame after ")).toList();
        assertEquals(1, probe.size(), err);
        assertTrue(probe.get(0).matches("parallax: first frame after \\d+ ms"), probe.get(0));
        assertFalse(home.resolve("parallax.mv.db").toFile().exists(), "the probe opens no database");
    }
}
