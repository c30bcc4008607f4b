package dev.parallax.models.download;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The {@code .incomplete} file a download writes into: positional writes from several connections at
 * once, positional reads for the hasher. A seam, so that tests can make the disk fill up.
 */
public interface PartFile extends AutoCloseable {

    /** Writes all of {@code source} at {@code position}. */
    void write(ByteBuffer source, long position) throws IOException;

    /** Reads into {@code target} from {@code position}; -1 at the end. */
    int read(ByteBuffer target, long position) throws IOException;

    long size() throws IOException;

    void truncate(long size) throws IOException;

    /** Flushes written data to the device. */
    void force() throws IOException;

    @Override
    void close() throws IOException;

    /** Opens (creating) a part file. */
    @FunctionalInterface
    interface Opener {
        PartFile open(Path file) throws IOException;

        static Opener files() {
            return ChannelPartFile::new;
        }
    }

    /** A part file on disk through one FileChannel (positional I/O is safe from several threads). */
    final class ChannelPartFile implements PartFile {
        /**
         * Bytes per write call. Larger writes let the kernel put them in larger page-cache folios, whose allocation
         * was erratic on the build machine (Linux 6.18 guest): 1 GiB written 256 KiB at a time took 0.3 to 2.2 s of
         * system time, 32 KiB at a time 0.30 to 0.32 s every time; a 1 GiB pull's system time fell from 2.4 s to
         * 1.0 s (docs/decisions/0007). 32,768 calls per GiB cost a few milliseconds anywhere.
         */
        static final int WRITE_PIECE = 32 << 10;

        private final FileChannel channel;

        ChannelPartFile(Path file) throws IOException {
            Files.createDirectories(file.toAbsolutePath().getParent());
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        }

        @Override
        public void write(ByteBuffer source, long position) throws IOException {
            long at = position;
            int end = source.limit();
            try {
                while (source.position() < end) {
                    source.limit(Math.min(end, source.position() + WRITE_PIECE));
                    while (source.hasRemaining()) {
                        at += channel.write(source, at);
                    }
                }
            } finally {
                source.limit(end);
            }
        }

        @Override
        public int read(ByteBuffer target, long position) throws IOException {
            return channel.read(target, position);
        }

        @Override
        public long size() throws IOException {
            return channel.size();
        }

        @Override
        public void truncate(long size) throws IOException {
            channel.truncate(size);
        }

        @Override
        public void force() throws IOException {
            channel.force(false);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
