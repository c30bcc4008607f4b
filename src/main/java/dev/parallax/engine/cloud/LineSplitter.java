package dev.parallax.engine.cloud;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Cuts a byte stream into lines ending in CRLF, LF or CR, also when a CRLF or a UTF-8 sequence is split
 * between two reads. Lines are decoded as UTF-8 whole, which is safe: CR and LF never occur inside a multi-byte
 * UTF-8 sequence. A byte-order mark at the very start is dropped.
 */
final class LineSplitter {

    interface Sink {
        void line(String line, long nanos);
    }

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final Sink sink;
    private final ByteArrayOutputStream current = new ByteArrayOutputStream();
    private boolean lastWasCr;
    private int bomChecked;
    private boolean atStart = true;

    LineSplitter(Sink sink) {
        this.sink = sink;
    }

    void feed(byte[] bytes, int offset, int length, long nanos) {
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (atStart) {
                if (bomChecked < BOM.length && b == BOM[bomChecked]) {
                    bomChecked++;
                    if (bomChecked == BOM.length) {
                        atStart = false;
                    }
                    continue;
                }
                atStart = false;
                if (bomChecked > 0) {
                    // Not a BOM after all: the bytes held back belong to the line.
                    current.write(BOM, 0, bomChecked);
                }
            }
            if (b == '\n') {
                if (lastWasCr) {
                    lastWasCr = false;
                    continue;
                }
                emit(nanos);
            } else if (b == '\r') {
                lastWasCr = true;
                emit(nanos);
            } else {
                lastWasCr = false;
                current.write(b);
            }
        }
    }

    /** Text after the last line ending, which a stream that ends there leaves unfinished. */
    String pending() {
        return current.toString(StandardCharsets.UTF_8);
    }

    boolean hasPending() {
        return current.size() > 0;
    }

    private void emit(long nanos) {
        String line = current.toString(StandardCharsets.UTF_8);
        current.reset();
        sink.line(line, nanos);
    }
}
