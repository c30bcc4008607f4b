package dev.parallax.core;

/**
 * Timings as the engine itself reports them (llama.cpp's own "prompt eval" and "eval" counters),
 * kept next to Parallax's measurements so either can be checked against the other.
 */
public record EngineTimings(int promptTokens, double promptMs, int generatedTokens, double generationMs) {

    public double promptTokensPerSecond() {
        return promptMs > 0 ? promptTokens * 1000.0 / promptMs : 0;
    }

    public double generationTokensPerSecond() {
        return generationMs > 0 ? generatedTokens * 1000.0 / generationMs : 0;
    }
}
