package dev.parallax.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The JDK's own failures, as a user would meet them, turned into words. */
class FileErrorsTest {

    @TempDir
    Path dir;

    @Test
    void theJdksFailuresReadAsReasons() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertEquals("no such file or folder",
                FileErrors.inWords(assertThrows(IOException.class, () -> Files.readAllBytes(dir.resolve("missing")))));
        assertEquals("a file is in the way: " + file,
                FileErrors.inWords(assertThrows(IOException.class, () -> Files.createDirectories(file))));
        assertEquals("part of the path is a file, not a folder",
                FileErrors.inWords(assertThrows(IOException.class, () -> Files.createDirectories(file.resolve("sub")))));
        assertEquals("it is a folder, not a file",
                FileErrors.inWords(assertThrows(IOException.class, () -> Files.readString(dir))));
        Path binary = Files.write(dir.resolve("b.bin"), new byte[] {(byte) 0xff, (byte) 0xfe, 0});
        assertEquals("it is not UTF-8 text",
                FileErrors.inWords(assertThrows(IOException.class, () -> Files.readString(binary, StandardCharsets.UTF_8))));
        assertEquals("permission denied", FileErrors.inWords(new java.nio.file.AccessDeniedException("/x")));
        assertEquals("the disk is full", FileErrors.inWords(new IOException("No space left on device")));
        assertEquals("read-only file system", FileErrors.inWords(new java.nio.file.FileSystemException("/x", null,
                "Read-only file system")));
    }
}
