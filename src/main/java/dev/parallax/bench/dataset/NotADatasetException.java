package dev.parallax.bench.dataset;

/** The file cannot be read as a dataset at all (wrong kind of file, unreadable, no rows); the message says why. */
public final class NotADatasetException extends Exception {

    public NotADatasetException(String message) {
        super(message);
    }

    public NotADatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
