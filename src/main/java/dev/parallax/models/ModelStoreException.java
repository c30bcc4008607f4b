package dev.parallax.models;

/** A model could not be found, read, imported or removed; the message says why and what to do. */
public class ModelStoreException extends Exception {

    public ModelStoreException(String message) {
        super(message);
    }

    public ModelStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
