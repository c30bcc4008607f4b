package dev.parallax.cli;

import dev.parallax.core.GenerationParams;
import dev.parallax.engine.local.EngineChoice;
import picocli.CommandLine.Option;

/** Generation options shared by compare and bench. */
final class GenerationOptions {

    @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "256", description = "Most tokens to generate (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--temperature", paramLabel = "X", defaultValue = "0.8", description = "Sampling temperature (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "-1", description = "Sampling seed; -1 = random (default).")
    long seed;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0", description = "CPU threads for local models (default: all cores).")
    int threads;

    @Option(names = "--ctx", paramLabel = "N", defaultValue = "2048", description = "Context size for local models (default: ${DEFAULT-VALUE}).")
    int contextSize;

    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "auto",
            description = "Local engine: auto, current, or java-llama.cpp.")
    String engine;

    GenerationParams params() {
        try {
            return GenerationParams.defaults().withMaxTokens(maxTokens).withTemperature(temperature).withSeed(seed)
                    .withThreads(threads).withContextSize(contextSize);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(e.getMessage(), 2);
        }
    }

    EngineChoice engineChoice() {
        try {
            return EngineChoice.parse(engine);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(e.getMessage(), 2);
        }
    }
}
