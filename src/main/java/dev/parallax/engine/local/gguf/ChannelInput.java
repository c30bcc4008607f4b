package dev.parallax.engine.local.gguf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;

/**
 * Little-endian reads from a channel through one fixed 64 KiB buffer. It never reads past the size
 * it was given, and callers check a length against {@link #remaining()} before asking for it.
 */
final class ChannelInput {

    static final int BUFFER_BYTES = 64 * 1024;

    /** Says where the reader is, for the message when the file ends too early. */
    interface Place {
        String describe();
    }

    private final SeekableByteChannel channel;
    private final long size;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private final Place place;
    private long bufferStart;

    ChannelInput(SeekableByteChannel channel, long size, Place place) {
        this.channel = channel;
        this.size = size;
        this.place = place;
        buffer.limit(0);
    }

    long size() {
        return size;
    }

    long position() {
        return bufferStart + buffer.position();
    }

    long remaining() {
        return size - position();
    }

    int u8() throws IOException, GgufException {
        require(1);
        return buffer.get() & 0xFF;
    }

    short i16() throws IOException, GgufException {
        require(2);
        return buffer.getShort();
    }

    int i32() throws IOException, GgufException {
        require(4);
        return buffer.getInt();
    }

    long u32() throws IOException, GgufException {
        return i32() & 0xFFFF_FFFFL;
    }

    long i64() throws IOException, GgufException {
        require(8);
        return buffer.getLong();
    }

    /** {@code length} bytes; the caller has checked them against {@link #remaining()} and its memory budget. */
    byte[] bytes(int length) throws IOException, GgufException {
        if (length > remaining()) {
            throw truncated(length);
        }
        byte[] out = new byte[length];
        if (length <= BUFFER_BYTES) {
            require(length);
            buffer.get(out);
            return out;
        }
        long start = position();
        int buffered = buffer.remaining();
        buffer.get(out, 0, buffered);
        channel.position(start + buffered);
        readFully(ByteBuffer.wrap(out, buffered, length - buffered));
        bufferStart = start + length;
        buffer.clear().limit(0);
        return out;
    }

    private void require(int count) throws IOException, GgufException {
        if (buffer.remaining() >= count) {
            return;
        }
        if (count > remaining()) {
            throw truncated(count);
        }
        long start = position();
        buffer.compact();
        bufferStart = start;
        channel.position(start + buffer.position());
        int wanted = (int) Math.min(buffer.capacity(), size - start);
        buffer.limit(wanted);
        readAtLeast(buffer, count);
        buffer.flip();
    }

    /** Fills {@code target} until it holds {@code count} bytes: a short read is fine once those are in. */
    private void readAtLeast(ByteBuffer target, int count) throws IOException, GgufException {
        int idleReads = 0;
        while (target.position() < count) {
            int read = channel.read(target);
            if (read < 0) {
                throw new GgufException("the file ended early while reading " + place.describe()
                        + ": it was shorter than when reading began; was it still being written?");
            }
            if (read == 0 && ++idleReads > 16) {
                throw new GgufException("the file stopped yielding data while reading " + place.describe());
            }
        }
    }

    private void readFully(ByteBuffer target) throws IOException, GgufException {
        int idleReads = 0;
        while (target.hasRemaining()) {
            int read = channel.read(target);
            if (read < 0) {
                throw new GgufException("the file ended early while reading " + place.describe()
                        + ": it was shorter than when reading began; was it still being written?");
            }
            if (read == 0 && ++idleReads > 16) {
                throw new GgufException("the file stopped yielding data while reading " + place.describe());
            }
        }
    }

    private GgufException truncated(int count) {
        return new GgufException("the file is truncated: it ends at byte " + size + " in the middle of "
                + place.describe() + " (" + (count - remaining()) + " more bytes needed)");
    }
}
