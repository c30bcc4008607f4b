package dev.parallax.privacy;

import java.util.List;

/** Turns sentences into unit-length vectors whose dot product is their cosine similarity. */
public interface SentenceEncoder {

    /** One vector per sentence, in order. */
    float[][] encode(List<String> sentences) throws DetectorException;
}
