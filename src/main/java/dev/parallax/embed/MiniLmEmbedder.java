package dev.parallax.embed;

import java.util.List;
import java.util.Objects;
import java.nio.file.Path;

/**
 * Sentence embeddings with all-MiniLM-L6-v2 (384 dimensions) for quality scores: the process-wide float model
 * ({@link MiniLmEncoder}: ONNX Runtime through DJL, offline, files from the langchain4j jar; the privacy gate runs the
 * int8 build of the same network), one text at a time.
 */
public final class MiniLmEmbedder implements AutoCloseable {

    public static final int DIMENSIONS = 384;

    private final Path cacheDir;

    /** @param cacheDir where the model files are unpacked when this process has not loaded the model yet */
    public MiniLmEmbedder(Path cacheDir) {
        this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
    }

    /** The unit-length embedding of {@code text}. */
    public float[] embed(String text) {
        Objects.requireNonNull(text, "text");
        try {
            return MiniLmEncoder.load(cacheDir).encode(List.of(text))[0];
        } catch (EmbeddingException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Cosine similarity of two texts, in [-1, 1]. */
    public double cosine(String a, String b) {
        return cosine(embed(a), embed(b));
    }

    /** Cosine similarity of two embeddings of the same length. */
    public static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("embeddings of different lengths: " + a.length + " and " + b.length);
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    @Override
    public void close() {
        // The model is shared for the life of the process.
    }
}
