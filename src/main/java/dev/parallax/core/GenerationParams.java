package dev.parallax.core;

import java.util.List;
import java.util.Objects;

/**
 * Sampling and runtime parameters of one run. Zero threads means "let the engine choose";
 * zero context means "the engine's default"; a negative seed means "random".
 */
public record GenerationParams(
        int threads,
        int contextSize,
        int maxTokens,
        double temperature,
        int topK,
        double topP,
        double minP,
        double repeatPenalty,
        long seed,
        List<String> stop,
        int gpuLayers) {

    public static final int DEFAULT_CONTEXT = 2048;

    public GenerationParams {
        stop = List.copyOf(Objects.requireNonNull(stop, "stop"));
        if (threads < 0) throw new IllegalArgumentException("threads must be 0 (auto) or more, not " + threads);
        if (contextSize < 0) throw new IllegalArgumentException("context size must be 0 (default) or more, not " + contextSize);
        if (maxTokens <= 0) throw new IllegalArgumentException("max tokens must be at least 1, not " + maxTokens);
        // NaN and Infinity parse as doubles ("--top-p NaN") and slip past every comparison below.
        requireFinite("temperature", temperature);
        requireFinite("top-p", topP);
        requireFinite("min-p", minP);
        requireFinite("repeat penalty", repeatPenalty);
        if (temperature < 0) throw new IllegalArgumentException("temperature must be 0 or more, not " + temperature);
        if (topK < 0) throw new IllegalArgumentException("top-k must be 0 (off) or more, not " + topK);
        if (topP <= 0 || topP > 1) throw new IllegalArgumentException("top-p must be in (0, 1], not " + topP);
        if (minP < 0 || minP >= 1) throw new IllegalArgumentException("min-p must be in [0, 1), not " + minP);
        if (repeatPenalty <= 0) throw new IllegalArgumentException("repeat penalty must be above 0, not " + repeatPenalty);
        if (gpuLayers < 0) throw new IllegalArgumentException("GPU layers must be 0 or more, not " + gpuLayers);
    }

    private static void requireFinite(String name, double v) {
        if (!Double.isFinite(v)) throw new IllegalArgumentException(name + " must be a finite number, not " + v);
    }

    public static GenerationParams defaults() {
        return new GenerationParams(0, DEFAULT_CONTEXT, 256, 0.8, 40, 0.95, 0.05, 1.1, -1, List.of(), 0);
    }

    public GenerationParams withThreads(int v) { return new GenerationParams(v, contextSize, maxTokens, temperature, topK, topP, minP, repeatPenalty, seed, stop, gpuLayers); }
    public GenerationParams withContextSize(int v) { return new GenerationParams(threads, v, maxTokens, temperature, topK, topP, minP, repeatPenalty, seed, stop, gpuLayers); }
    public GenerationParams withMaxTokens(int v) { return new GenerationParams(threads, contextSize, v, temperature, topK, topP, minP, repeatPenalty, seed, stop, gpuLayers); }
    public GenerationParams withTemperature(double v) { return new GenerationParams(threads, contextSize, maxTokens, v, topK, topP, minP, repeatPenalty, seed, stop, gpuLayers); }
    public GenerationParams withTopK(int v) { return new GenerationParams(threads, contextSize, maxTokens, temperature, v, topP, minP, repeatPenalty, seed, stop, gpuLayers); }
    public GenerationParams withTopP(double v) { return new GenerationParams(threads, contextSize, maxTokens, temperature, topK, v, minP, repeatPenalty, seed, stop, gpuLayers); }
    public GenerationParams withMinP(double v) { return new GenerationParams(threads, contextSize, maxTokens, temperature, topK, topP, v, repeatPenalty, seed, stop, gpuLayers); }
    public GenerationParams withRepeatPenalty(double v) { return new GenerationParams(threads, contextSize, maxTokens, temperature, topK, topP, minP, v, seed, stop, gpuLayers); }
    public GenerationParams withSeed(long v) { return new GenerationParams(threads, contextSize, maxTokens, temperature, topK, topP, minP, repeatPenalty, v, stop, gpuLayers); }
    public GenerationParams withStop(List<String> v) { return new GenerationParams(threads, contextSize, maxTokens, temperature, topK, topP, minP, repeatPenalty, seed, v, gpuLayers); }
    public GenerationParams withGpuLayers(int v) { return new GenerationParams(threads, contextSize, maxTokens, temperature, topK, topP, minP, repeatPenalty, seed, stop, v); }
}
