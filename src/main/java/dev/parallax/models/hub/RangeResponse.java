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
 */
public record RangeResponse(boolean partial, long start, long length, long total, Optional<String> etag,
                            InputStream body) implements AutoCloseable {

    public RangeResponse {
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(body, "body");
    }

    @Override
    public void close() throws IOException {
        body.close();
    }
}
