package dev.parallax.embed;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Files that ship inside a jar (a model, native libraries), copied once to a folder of this machine. */
final class BundledFiles {

    private BundledFiles() {
    }

    /**
     * Copies {@code source} to {@code target} unless a file of the same size is there (or the size is unknown and a
     * file is there): through a temporary file and an atomic rename, so another Parallax process never reads a
     * half-written copy.
     */
    static void copyIfDifferent(URL source, Path target) throws IOException {
        long size = source.openConnection().getContentLengthLong();
        if (Files.isRegularFile(target) && (size < 0 || Files.size(target) == size)) {
            return;
        }
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
        try (InputStream in = source.openStream()) {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
