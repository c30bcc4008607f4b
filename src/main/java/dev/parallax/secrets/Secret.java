package dev.parallax.secrets;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * An API key. It prints as a mask, so a key that ends up in a log line, an exception or a record's
 * toString shows nothing; only {@link #reveal()} gives the value, for the request header that needs it.
 */
public final class Secret {

    public static final String MASK = "[redacted]";

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /** A key as typed or read; surrounding whitespace (a pasted newline) is dropped. */
    public static Secret of(String value) {
        Objects.requireNonNull(value, "value");
        String trimmed = value.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("an API key cannot be empty");
        }
        return new Secret(trimmed);
    }

    public String reveal() {
        return value;
    }

    /** {@code text} with every copy of this key (also URL-encoded) replaced by a mask. */
    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text.replace(value, MASK);
        String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8);
        if (!encoded.equals(value)) {
            out = out.replace(encoded, MASK);
        }
        return out;
    }

    @Override
    public String toString() {
        return "Secret" + MASK;
    }
}
