package dev.parallax.engine;

import dev.parallax.core.RunListener;
import dev.parallax.core.RunSpec;

/**
 * Runs prompts on one kind of target. An engine reports a run as {@link dev.parallax.core.RunEvent}s
 * and ends every run it accepted with exactly one terminal event (completed, truncated, failed or
 * cancelled), whatever happens to the process, the network or the model.
 */
public interface Engine extends AutoCloseable {

    /** A short, stable name: "java-llama.cpp", "llama.cpp-ffm", "openai"... */
    String name();

    /** Starts the run and returns at once; events reach {@code listener} on an engine thread. */
    RunHandle stream(RunSpec spec, RunListener listener);

    /** Stops everything the engine started (worker processes, connections). Never throws. */
    @Override
    void close();
}
