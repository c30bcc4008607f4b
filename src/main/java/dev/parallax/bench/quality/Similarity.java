package dev.parallax.bench.quality;

/** How alike two texts are in meaning, as a cosine in [-1, 1] (an embedding model's). */
@FunctionalInterface
public interface Similarity {

    double cosine(String a, String b);

    /** For when no embedding model is available: similarity checks then do not apply. */
    static Similarity unavailable() {
        return (a, b) -> {
            throw new UnsupportedOperationException("no embedding model");
        };
    }
}
