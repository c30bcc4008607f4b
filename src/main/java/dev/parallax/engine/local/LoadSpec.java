package dev.parallax.engine.local;

/**
 * What a worker has loaded. Two runs with the same load spec share the loaded model; a different one
 * means a fresh worker, because java-llama.cpp frees no native memory when a model is closed.
 */
public record LoadSpec(String modelFile, int contextSize, int threads, int gpuLayers) {
}
