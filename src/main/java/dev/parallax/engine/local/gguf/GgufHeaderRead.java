package dev.parallax.engine.local.gguf;

/**
 * What reading a GGUF header from the first bytes of a file gave: the whole header, or how many
 * bytes from the start the reader needs at least before it can finish.
 */
public sealed interface GgufHeaderRead {

    /** The header was complete within the prefix and is valid against the whole file's size. */
    record Complete(GgufFile header) implements GgufHeaderRead {
    }

    /** The prefix ended inside the header: read again with at least {@code atLeast} bytes. */
    record NeedsMoreBytes(long atLeast) implements GgufHeaderRead {
    }
}
