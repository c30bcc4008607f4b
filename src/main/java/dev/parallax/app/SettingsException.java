package dev.parallax.app;

/** The settings could not be read or written; the message says what happened and what to do. */
public final class SettingsException extends Exception {

    public SettingsException(String message, Throwable cause) {
        super(message, cause);
    }
}
