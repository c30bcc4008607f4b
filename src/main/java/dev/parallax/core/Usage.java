package dev.parallax.core;

/**
 * Token counts of one run, and how they were obtained.
 *
 * @param promptTokens       every prompt token, cached ones included
 * @param completionTokens   generated tokens, reasoning tokens included (they are billed as output)
 * @param cachedPromptTokens the part of the prompt the provider read from its cache (cheaper), 0 if none
 */
public record Usage(int promptTokens, int completionTokens, UsageBasis basis, int cachedPromptTokens) {

    public Usage {
        if (promptTokens < 0 || completionTokens < 0 || cachedPromptTokens < 0) {
            throw new IllegalArgumentException("token counts cannot be negative");
        }
        java.util.Objects.requireNonNull(basis, "basis");
        if (cachedPromptTokens > promptTokens) {
            throw new IllegalArgumentException("cached prompt tokens (" + cachedPromptTokens
                    + ") cannot exceed the prompt tokens (" + promptTokens + ")");
        }
    }

    public Usage(int promptTokens, int completionTokens, UsageBasis basis) {
        this(promptTokens, completionTokens, basis, 0);
    }

    public static Usage none() {
        return new Usage(0, 0, UsageBasis.ESTIMATED);
    }

    public int totalTokens() {
        return promptTokens + completionTokens;
    }
}
