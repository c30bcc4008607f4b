package dev.parallax.bench.dataset;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens a text file with the right encoding: a byte-order mark (UTF-8, UTF-16 LE/BE) wins and is skipped;
 * without one, UTF-16 is recognised by its zero bytes, valid UTF-8 is UTF-8, anything else is read as
 * Windows-1252 (what spreadsheet programs write on Western Windows machines).
 */
final class TextDecoding {

    static final int SNIFF = 64 * 1024;

    /** The encoding found and how many BOM bytes to skip. */
    record Detected(Charset charset, int bomLength) {
    }

    private TextDecoding() {
    }

    static byte[] head(Path file, int limit) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(limit);
        }
    }

    static Detected detect(byte[] head) {
        if (head.length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
            return new Detected(StandardCharsets.UTF_8, 3);
        }
        if (head.length >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE) {
            return new Detected(StandardCharsets.UTF_16LE, 2);
        }
        if (head.length >= 2 && (head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF) {
            return new Detected(StandardCharsets.UTF_16BE, 2);
        }
        int evenZeros = 0;
        int oddZeros = 0;
        int n = Math.min(head.length, 4096);
        for (int i = 0; i < n; i++) {
            if (head[i] == 0) {
                if (i % 2 == 0) {
                    evenZeros++;
                } else {
                    oddZeros++;
                }
            }
        }
        if (n >= 4 && oddZeros > n / 4 && evenZeros == 0) {
            return new Detected(StandardCharsets.UTF_16LE, 0);
        }
        if (n >= 4 && evenZeros > n / 4 && oddZeros == 0) {
            return new Detected(StandardCharsets.UTF_16BE, 0);
        }
        return new Detected(validUtf8(head) ? StandardCharsets.UTF_8 : Charset.forName("windows-1252"), 0);
    }

    /** True when the bytes hold NUL bytes outside a UTF-16 text: a binary file. */
    static boolean looksBinary(byte[] head, Detected d) {
        if (d.charset() == StandardCharsets.UTF_16LE || d.charset() == StandardCharsets.UTF_16BE) {
            return false;
        }
        int n = Math.min(head.length, 8192);
        for (int i = 0; i < n; i++) {
            if (head[i] == 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean validUtf8(byte[] head) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int end = head.length;
        // A multi-byte character may be cut at the end of the sample: leave out up to 3 trailing bytes.
        if (head.length == SNIFF) {
            int back = 0;
            while (back < 3 && end > 0 && (head[end - 1] & 0xC0) == 0x80) {
                end--;
                back++;
            }
            if (end > 0 && (head[end - 1] & 0xC0) == 0xC0) {
                end--;
            }
        }
        try {
            decoder.decode(ByteBuffer.wrap(head, 0, end));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** A reader over the whole file in its detected encoding, after the BOM. */
    static BufferedReader open(Path file, Detected d) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.skipNBytes(d.bomLength());
        CharsetDecoder decoder = d.charset().newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        return new BufferedReader(new InputStreamReader(in, decoder), 1 << 16);
    }
}
