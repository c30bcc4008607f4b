package dev.parallax.engine.local;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns token pieces into text. A token can end in the middle of a multi-byte UTF-8 character
 * (emoji, CJK); those bytes wait for the next piece instead of becoming replacement characters.
 */
public final class Utf8Accumulator {

    private byte[] pending = new byte[64];
    private int length;

    /** Adds {@code n} bytes and returns the text that is complete so far (possibly empty). */
    public String accept(byte[] bytes, int n) {
        if (length + n > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pending.length * 2, length + n));
        }
        System.arraycopy(bytes, 0, pending, length, n);
        length += n;
        int complete = completePrefix();
        if (complete == 0) {
            return "";
        }
        String text = new String(pending, 0, complete, StandardCharsets.UTF_8);
        System.arraycopy(pending, complete, pending, 0, length - complete);
        length -= complete;
        return text;
    }

    /** Whatever is left at the end, decoded leniently. */
    public String flush() {
        String text = new String(pending, 0, length, StandardCharsets.UTF_8);
        length = 0;
        return text;
    }

    /** Length of the longest prefix that does not end inside a character. */
    private int completePrefix() {
        int i = length - 1;
        int continuation = 0;
        while (i >= 0 && (pending[i] & 0xC0) == 0x80 && continuation < 3) {
            i--;
            continuation++;
        }
        if (i < 0) {
            return continuation > 0 ? 0 : length;
        }
        int lead = pending[i] & 0xFF;
        int needed = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
        return needed > continuation ? i : length;
    }
}
