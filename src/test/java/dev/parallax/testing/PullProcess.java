package dev.parallax.testing;

import dev.parallax.app.Parallax;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code parallax models pull} in a process of its own against a fake Hub, for tests that stop it midway. */
public final class PullProcess {

    private PullProcess() {
    }

    /** This JVM's java with {@code jvmOptions}, running Parallax with {@code args}; output to the two files. */
    public static ProcessBuilder builder(FakeHub hub, List<String> jvmOptions, Path stdout, Path stderr, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Parallax.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile())
                .redirectOutput(stdout.toFile());
        builder.environment().put("HF_ENDPOINT", hub.endpoint().toString());
        return builder;
    }

    /** Waits (at most 60 s) until the Hub has served {@code bytes} of the file, or the process ended. */
    public static void awaitServed(Process p, FakeHub hub, String repo, String file, long bytes)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (p.isAlive() && hub.bytesServed(repo, file) < bytes && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
