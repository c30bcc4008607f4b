package dev.parallax.engine.local.gguf;

/**
 * A GGUF file that cannot be read or does not hold together. The message says what is wrong and
 * where in the file, in words a user can act on.
 */
public final class GgufException extends Exception {

    private static final long serialVersionUID = 1L;

    public GgufException(String message) {
        super(message);
    }

    public GgufException(String message, Throwable cause) {
        super(message, cause);
    }
}
