package dev.parallax.privacy;

/** A detector could not look at a text; the gate treats the text as undecided, and nothing leaves. */
public final class DetectorException extends Exception {

    public DetectorException(String message, Throwable cause) {
        super(message, cause);
    }

    public DetectorException(String message) {
        super(message);
    }
}
