package dev.parallax.core;

/** Token counts of one run, and how they were obtained. */
public record Usage(int promptTokens, int completionTokens, UsageBasis basis) {

    public Usage {
        if (promptTokens < 0 || completionTokens < 0) {
            throw new IllegalArgumentException("token counts cannot be negative");
        }
        java.util.Objects.requireNonNull(basis, "basis");
    }

    public static Usage none() {
        return new Usage(0, 0, UsageBasis.ESTIMATED);
    }

    public int totalTokens() {
        return promptTokens + completionTokens;
    }
}
