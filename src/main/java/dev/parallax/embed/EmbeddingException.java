package dev.parallax.embed;

/** The sentence model could not be loaded or failed on a text; the message says which and why. */
public final class EmbeddingException extends Exception {

    public EmbeddingException(String message) {
        super(message);
    }

    public EmbeddingException(String message, Throwable cause) {
        super(message, cause);
    }
}
