package dev.parallax.bench.batch;

/** A row where two targets' answers mean different things (cosine similarity of their embeddings below a threshold). */
public record Disagreement(int rowNo, long line, String targetA, String targetB, double similarity) {
}
