package dev.parallax.models;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which local engine would run a model file, before it is downloaded.
 *
 * @param engine  the engine Parallax would pick, when one can run it on this machine now
 * @param capable every engine whose llama.cpp knows the architecture and tensor types, installed or not
 * @param message one line for a person: what runs it, or why nothing here does and what to do instead
 */
public record Compatibility(Verdict verdict, Optional<LocalEngineProfile> engine, List<LocalEngineProfile> capable,
                            String message) {

    public enum Verdict {
        /** An installed engine runs it. */
        RUNS,
        /** Only an engine that is not installed here (the current llama.cpp) knows it. */
        NEEDS_NEWER_ENGINE,
        /** No engine Parallax has knows it. */
        UNSUPPORTED,
        /** Not enough known yet (no header read, no catalog entry). */
        UNKNOWN
    }

    public Compatibility {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(engine, "engine");
        capable = List.copyOf(capable);
        Objects.requireNonNull(message, "message");
    }

    public boolean runsHere() {
        return verdict == Verdict.RUNS;
    }
}
