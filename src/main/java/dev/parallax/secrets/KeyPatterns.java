package dev.parallax.secrets;

import java.util.regex.Pattern;

/**
 * Masks strings that look like API keys of the providers Parallax knows, whoever's key they are. A second
 * line of defence after {@link Secret#redact}: an error body may quote a key Parallax never held.
 */
public final class KeyPatterns {

    private static final Pattern KEYS = Pattern.compile(
            "\\b(?:sk-(?:ant-|proj-|or-v1-)?[A-Za-z0-9_\\-]{16,}"   // OpenAI, Anthropic, OpenRouter
                    + "|AIza[0-9A-Za-z_\\-]{30,}"                     // Google
                    + "|gsk_[A-Za-z0-9]{20,}"                         // Groq
                    + "|xai-[A-Za-z0-9]{20,}"                         // xAI
                    + "|(?i:bearer)\\s+[A-Za-z0-9._\\-]{16,})");

    private KeyPatterns() {
    }

    public static String scrub(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        return KEYS.matcher(text).replaceAll(Secret.MASK);
    }
}
