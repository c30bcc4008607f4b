package dev.parallax.route;

/** A run that could not start: unknown target, missing or invalid model. The message says what to do. */
public final class RunRejectedException extends Exception {

    public RunRejectedException(String message, Throwable cause) {
        super(message, cause);
    }

    public RunRejectedException(String message) {
        super(message);
    }
}
