package dev.parallax.models.hub;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to a range request, its body not yet read.
 *
 * @param partial true for 206 (the range asked for); false for 200, which is the whole file from byte 0
 * @param start   the first byte the body holds
 * @param length  bytes in the body, or -1 when the server did not say
 * @param total   the whole file's size, or -1 when the server did not say
 * @param abort   drops the connection, for a pause, a cancel or a stalled read
 */
public record RangeResponse(boolean partial, long start, long length, long total, Optional<String> etag,
                            InputStream body, Runnable abort) implements AutoCloseable {

    public RangeResponse {
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(abort, "abort");
    }

    /** Done with the body (the connection may be reused once it was read to the end). */
    @Override
    public void close() throws IOException {
        body.close();
    }

    /** Drops the connection at once, from any thread: a blocked read fails. */
    public void abortConnection() {
        abort.run();
    }
}
