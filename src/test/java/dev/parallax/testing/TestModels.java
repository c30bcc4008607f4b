package dev.parallax.testing;

import java.nio.file.Path;

/** Temporary until the fixture lands: the shared model. */
public final class TestModels {
    public static Path stories260K() {
        return Path.of(System.getProperty("parallax.shared.models", "../shared/models"), "stories260K.gguf").toAbsolutePath().normalize();
    }
}
