package dev.parallax.history;

/** The history database could not do what was asked; the message says what and, where it can, what to do. */
public class HistoryException extends RuntimeException {

    public HistoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
