package dev.parallax.engine.local.gguf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * The first bytes of a larger file, posing as the whole file: {@link #size()} is the real file's
 * size, and reading past the prefix throws {@link PrefixExhausted} saying how much is needed.
 */
final class PrefixChannel implements SeekableByteChannel {

    /** Reading went past the prefix; {@code atLeast} bytes from the start would have been enough. */
    static final class PrefixExhausted extends IOException {
        private static final long serialVersionUID = 1L;
        final long atLeast;

        PrefixExhausted(long atLeast) {
            super("the prefix ends before the header does");
            this.atLeast = atLeast;
        }
    }

    private final byte[] prefix;
    private final long size;
    private long position;

    PrefixChannel(byte[] prefix, long size) {
        this.prefix = prefix;
        this.size = size;
    }

    @Override
    public int read(ByteBuffer target) throws IOException {
        if (position >= size) {
            return -1;
        }
        if (position >= prefix.length) {
            // The reader fills its whole buffer, so ask for one buffer more than this read wanted.
            throw new PrefixExhausted(position + target.remaining() + ChannelInput.BUFFER_BYTES);
        }
        int count = (int) Math.min(target.remaining(), prefix.length - position);
        target.put(prefix, (int) position, count);
        position += count;
        return count;
    }

    @Override
    public int write(ByteBuffer source) {
        throw new NonWritableChannelException();
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public SeekableByteChannel position(long newPosition) {
        position = newPosition;
        return this;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public SeekableByteChannel truncate(long newSize) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public void close() {
    }
}
