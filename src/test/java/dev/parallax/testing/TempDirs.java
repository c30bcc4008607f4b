package dev.parallax.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Temporary folders for the benchmarks' {@code main}s, removed when the process ends (normally, on an exception or on
 * Ctrl-C): a benchmark's home holds a database and copies of native libraries and models, 50 to 350 MB a run. (JUnit
 * tests use {@code @TempDir}.)
 */
public final class TempDirs {

    private TempDirs() {
    }

    public static Path removedAtExit(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                deleteTree(dir);
            } catch (UncheckedIOException | IOException e) {
                System.err.println("could not remove " + dir + ": " + e.getMessage());
            }
        }, "remove-" + prefix));
        return dir;
    }

    /** Deletes a folder and everything in it; nothing when it is gone already. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
