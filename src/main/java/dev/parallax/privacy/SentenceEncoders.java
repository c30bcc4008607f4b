package dev.parallax.privacy;

import dev.parallax.embed.EmbeddingException;
import dev.parallax.embed.MiniLmEncoder;

import java.nio.file.Path;
import java.util.function.Supplier;

/** Suppliers of the sentence model for the gate. */
public final class SentenceEncoders {

    private SentenceEncoders() {
    }

    /** The bundled all-MiniLM-L6-v2 with int8 weights, copied under {@code cacheDir} and loaded on first use. */
    public static Supplier<SentenceEncoder> miniLm(Path cacheDir) {
        return miniLm(cacheDir, MiniLmEncoder.Variant.INT8);
    }

    /** The bundled all-MiniLM-L6-v2 of this variant, copied under {@code cacheDir} and loaded on first use. */
    public static Supplier<SentenceEncoder> miniLm(Path cacheDir, MiniLmEncoder.Variant variant) {
        return () -> {
            MiniLmEncoder model;
            try {
                model = MiniLmEncoder.load(cacheDir, variant);
            } catch (EmbeddingException e) {
                throw new SpecialCategoryDetector.UncheckedDetectorException(new DetectorException(e.getMessage(), e));
            }
            return sentences -> {
                try {
                    return model.encode(sentences);
                } catch (EmbeddingException e) {
                    throw new DetectorException(e.getMessage(), e);
                }
            };
        };
    }

    /** A model that failed to load, with the reason: every check is then undecided. */
    public static Supplier<SentenceEncoder> unavailable(String reason) {
        return () -> {
            throw new SpecialCategoryDetector.UncheckedDetectorException(new DetectorException(reason));
        };
    }
}
