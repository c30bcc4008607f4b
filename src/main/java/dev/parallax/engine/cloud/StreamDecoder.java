package dev.parallax.engine.cloud;

/** Turns a provider's response body into {@link StreamState} and tokens, as the bytes arrive. */
interface StreamDecoder {

    void feed(byte[] bytes, int offset, int length, long nanos);

    /** The body ended cleanly (no more bytes will come). */
    void end(long nanos);
}
