package dev.parallax.privacy;

import java.nio.file.Path;
import java.util.function.Supplier;

/** The bundled sentence model for tests, copied once under target/ and loaded once per JVM. */
public final class TestEncoder {

    private TestEncoder() {
    }

    public static Path cacheDir() {
        return Path.of(System.getProperty("parallax.test.model.cache", "target/privacy-model")).toAbsolutePath();
    }

    public static Supplier<SentenceEncoder> shared() {
        return SentenceEncoders.miniLm(cacheDir());
    }
}
