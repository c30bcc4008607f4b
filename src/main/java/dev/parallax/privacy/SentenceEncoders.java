package dev.parallax.privacy;

import java.nio.file.Path;
import java.util.function.Supplier;

/** Suppliers of the sentence model for the gate. */
public final class SentenceEncoders {

    private SentenceEncoders() {
    }

    /** The bundled all-MiniLM-L6-v2, copied under {@code cacheDir} and loaded on first use. */
    public static Supplier<SentenceEncoder> miniLm(Path cacheDir) {
        return () -> {
            try {
                return MiniLmEncoder.load(cacheDir);
            } catch (DetectorException e) {
                throw new SpecialCategoryDetector.UncheckedDetectorException(e);
            }
        };
    }

    /** A model that failed to load, with the reason: every check is then undecided. */
    public static Supplier<SentenceEncoder> unavailable(String reason) {
        return () -> {
            throw new SpecialCategoryDetector.UncheckedDetectorException(new DetectorException(reason));
        };
    }
}
