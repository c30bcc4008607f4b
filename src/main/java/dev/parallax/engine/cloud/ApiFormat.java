package dev.parallax.engine.cloud;

import java.util.Locale;

/** The four wire formats Parallax speaks. */
public enum ApiFormat {
    /** OpenAI Chat Completions, streamed as server-sent events; also every OpenAI-compatible server. */
    OPENAI("openai"),
    /** Anthropic Messages, streamed as server-sent events. */
    ANTHROPIC("anthropic"),
    /** Gemini streamGenerateContent with alt=sse. */
    GEMINI("gemini"),
    /** Ollama's native /api/chat, streamed as newline-delimited JSON. */
    OLLAMA("ollama");

    private final String label;

    ApiFormat(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static ApiFormat fromLabel(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (ApiFormat f : values()) {
            if (f.label.equals(t)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown API format '" + text + "': use openai, anthropic, gemini or ollama");
    }
}
