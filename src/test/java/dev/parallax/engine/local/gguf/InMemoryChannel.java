package dev.parallax.engine.local.gguf;

import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/** A read-only channel over bytes in memory, so the fuzz test needs no file per case. */
final class InMemoryChannel implements SeekableByteChannel {

    /** The bytes a channel serves: a real array, or a large file described by a rule. */
    interface Content {
        long size();

        byte get(long position);
    }

    private final Content content;
    private final byte[] array;
    private final long size;
    private long position;
    private boolean open = true;

    InMemoryChannel(Content content) {
        this.content = content;
        this.array = null;
        this.size = content.size();
    }

    /** The first {@code length} bytes of {@code bytes}: a truncated file without a copy. */
    InMemoryChannel(byte[] bytes, int length) {
        this.content = null;
        this.array = bytes;
        this.size = length;
    }

    @Override
    public int read(ByteBuffer target) throws ClosedChannelException {
        if (!open) {
            throw new ClosedChannelException();
        }
        if (position >= size) {
            return -1;
        }
        int count = (int) Math.min(target.remaining(), size - position);
        if (array != null) {
            target.put(array, (int) position, count);
        } else {
            for (int i = 0; i < count; i++) {
                target.put(content.get(position + i));
            }
        }
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
        return open;
    }

    @Override
    public void close() {
        open = false;
    }
}
