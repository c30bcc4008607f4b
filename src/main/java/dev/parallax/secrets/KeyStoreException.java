package dev.parallax.secrets;

/** A key could not be stored or read. The message says where and what to do; it never holds a key. */
public final class KeyStoreException extends RuntimeException {

    public KeyStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public KeyStoreException(String message) {
        super(message);
    }
}
