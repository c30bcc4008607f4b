package dev.parallax.models.download;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** How much a folder's file system can still take; a seam for tests. */
@FunctionalInterface
public interface DiskSpace {

    long usableBytes(Path directory) throws IOException;

    static DiskSpace real() {
        return dir -> Files.getFileStore(dir).getUsableSpace();
    }
}
