package dev.parallax.testing;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a valid GGUF file of about any size, streaming, for download tests and benchmarks: a small
 * llama header and one int8 tensor of pseudo-random bytes (random so that a flipped byte shows). Not a
 * model anything can run; large files are generated where needed and never committed.
 */
public final class LargeGguf {

    private LargeGguf() {
    }

    public static void main(String[] args) throws IOException {
        long bytes = Long.parseLong(args[1]);
        write(Path.of(args[0]), bytes, 42);
        System.out.println(Files.size(Path.of(args[0])));
    }

    /** A GGUF file of exactly {@code totalBytes} bytes (at least 4 KiB). */
    public static Path write(Path file, long totalBytes, long seed) throws IOException {
        byte[] header = header(0);
        long tensorBytes = totalBytes - header.length;
        header = header(tensorBytes);
        if (tensorBytes <= 0 || header.length + tensorBytes != totalBytes) {
            throw new IllegalArgumentException("cannot make a GGUF of " + totalBytes + " bytes");
        }
        SplittableRandom random = new SplittableRandom(seed);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            out.write(header);
            long left = tensorBytes;
            while (left > 0) {
                for (int i = 0; i < block.length; i += 8) {
                    long v = random.nextLong();
                    for (int b = 0; b < 8; b++) {
                        block[i + b] = (byte) (v >>> (8 * b));
                    }
                }
                int n = (int) Math.min(block.length, left);
                out.write(block, 0, n);
                left -= n;
            }
        }
        return file;
    }

    /** Header and tensor info, padded to 32 bytes; the same length whatever the tensor size. */
    private static byte[] header(long tensorBytes) {
        ByteBuffer b = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);
        b.put("GGUF".getBytes(StandardCharsets.US_ASCII)).putInt(3).putLong(1).putLong(2);
        string(b, "general.architecture");
        b.putInt(8);
        string(b, "llama");
        string(b, "general.name");
        b.putInt(8);
        string(b, "Large test blob");
        string(b, "blob");
        b.putInt(1).putLong(Math.max(1, tensorBytes)).putInt(24).putLong(0);
        int length = (b.position() + 31) / 32 * 32;
        byte[] out = new byte[length];
        b.flip();
        b.get(out, 0, b.limit());
        return out;
    }

    private static void string(ByteBuffer b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        b.putLong(bytes.length).put(bytes);
    }
}
