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
        private final FileChannel channel;

        ChannelPartFile(Path file) throws IOException {
            Files.createDirectories(file.toAbsolutePath().getParent());
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        }

        @Override
        public void write(ByteBuffer source, long position) throws IOException {
            long at = position;
            while (source.hasRemaining()) {
                at += channel.write(source, at);
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
