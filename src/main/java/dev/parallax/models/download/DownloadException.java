package dev.parallax.models.download;

/** A download could not go on; the message says why and what to do. */
public final class DownloadException extends Exception {

    private static final long serialVersionUID = 1L;

    public DownloadException(String message) {
        super(message);
    }

    public DownloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
