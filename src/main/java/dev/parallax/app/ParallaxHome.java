package dev.parallax.app;

import dev.parallax.core.FileErrors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Parallax's data folder: {@code --home}, else {@code PARALLAX_HOME}, else {@code ~/.parallax}.
 * Holds the database, the model store, logs and the native libraries the engines unpack.
 */
public record ParallaxHome(Path root) {

    public static ParallaxHome resolve(Optional<Path> flag, Map<String, String> env) {
        if (flag.isPresent()) {
            return new ParallaxHome(flag.get().toAbsolutePath().normalize());
        }
        String fromEnv = env.get("PARALLAX_HOME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new ParallaxHome(Path.of(fromEnv).toAbsolutePath().normalize());
        }
        return new ParallaxHome(Path.of(System.getProperty("user.home"), ".parallax"));
    }

    public Path models() {
        return root.resolve("models");
    }

    public Path logs() {
        return root.resolve("logs");
    }

    /** Where engines unpack their native libraries: private, because java-llama.cpp cleans its folder. */
    public Path nativeLibraries() {
        return root.resolve("native");
    }

    public Path settings() {
        return root.resolve("config.json");
    }

    /** Creates the folders, with a message that says which one failed and why. */
    public void ensureExists() throws IOException {
        for (Path dir : new Path[] {root, models(), logs(), nativeLibraries()}) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new IOException("cannot create the data folder " + dir + " (" + FileErrors.inWords(e)
                        + "). Choose another one with --home or PARALLAX_HOME.", e);
            }
        }
    }
}
