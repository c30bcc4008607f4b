package dev.parallax.secrets;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    /** Below this length a key is masked only where it stands alone, not inside a word. */
    static final int SHORT_KEY = 8;

    /**
     * {@code text} with every copy of this key (also URL-encoded) replaced by a mask. A short key (the "x" or
     * "EMPTY" that local servers take) is masked only as a whole token: as a substring it turned the hint
     * "parallax keys set" into "paralla[redacted] keys set".
     */
    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = mask(text, value);
        String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8);
        if (!encoded.equals(value)) {
            out = mask(out, encoded);
        }
        return out;
    }

    private static String mask(String text, String key) {
        if (key.length() >= SHORT_KEY) {
            return text.replace(key, MASK);
        }
        return Pattern.compile("(?<![\\p{Alnum}_\\-])" + Pattern.quote(key) + "(?![\\p{Alnum}_\\-])").matcher(text)
                .replaceAll(Matcher.quoteReplacement(MASK));
    }

    @Override
    public String toString() {
        return "Secret" + MASK;
    }
}
