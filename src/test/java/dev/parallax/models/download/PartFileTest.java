package dev.parallax.models.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartFileTest {

    @Test
    void aWriteLargerThanOnePieceLandsWholeAtItsPositionAndConsumesTheBuffer(@TempDir Path dir) throws Exception {
        byte[] bytes = new byte[3 * PartFile.ChannelPartFile.WRITE_PIECE + 1234];
        new Random(7).nextBytes(bytes);
        Path file = dir.resolve("model.gguf.incomplete");
        try (PartFile part = PartFile.Opener.files().open(file)) {
            ByteBuffer source = ByteBuffer.wrap(bytes, 0, bytes.length - 100);
            part.write(source, 5000);
            assertEquals(bytes.length - 100, source.position());
            assertEquals(bytes.length - 100, source.limit(), "the caller's limit is restored");
            part.write(ByteBuffer.wrap(bytes, bytes.length - 100, 100), 5000 + bytes.length - 100);
            assertEquals(5000 + bytes.length, part.size());
            ByteBuffer back = ByteBuffer.allocate(bytes.length);
            while (back.hasRemaining() && part.read(back, 5000 + back.position()) > 0) {
                // read until full
            }
            assertArrayEquals(bytes, back.array());
        }
        assertArrayEquals(new byte[5000], java.util.Arrays.copyOf(Files.readAllBytes(file), 5000));
    }
}
