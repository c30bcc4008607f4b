package dev.parallax.engine.local.gguf;

import java.math.BigInteger;

/** How GGUF's numbers become Java values, shared by single values and packed arrays. */
final class GgufValues {

    private GgufValues() {
    }

    /** Long when it fits, BigInteger above Long.MAX_VALUE: a uint64 is never shown negative. */
    static Object unsignedLong(long raw) {
        return raw >= 0 ? (Object) raw : new BigInteger(Long.toUnsignedString(raw));
    }

    /** The double that prints like the float does (1e-5f becomes 1.0E-5, not 9.99999974737875E-6). */
    static Double floatToDouble(float value) {
        if (Float.isNaN(value) || Float.isInfinite(value)) {
            return (double) value;
        }
        return Double.parseDouble(Float.toString(value));
    }

    /** Line breaks, tabs and other control characters as escapes, so a value stays on one line. */
    static String escapeControls(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7F) {
                        out.append(String.format("\\x%02X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
