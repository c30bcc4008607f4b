package dev.parallax.bench.compare;

import dev.parallax.core.GenerationParams;
import dev.parallax.core.Target;
import dev.parallax.engine.local.EngineChoice;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The same prompt on 2 to 6 targets, each {@code repeat} times.
 *
 * @param sequential one run at a time across all targets (fair timing: nothing else competes for the CPU or the
 *                   network); otherwise cloud targets run at the same time as each other and as the local ones
 */
public record CompareRequest(String prompt, Optional<String> system, List<Target> targets, int repeat,
                             boolean sequential, GenerationParams params, EngineChoice engine) {

    public static final int MIN_TARGETS = 2;
    public static final int MAX_TARGETS = 6;

    public CompareRequest {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(system, "system");
        targets = List.copyOf(targets);
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(engine, "engine");
        if (prompt.isBlank()) {
            throw new IllegalArgumentException("a comparison needs a prompt");
        }
        if (targets.size() < MIN_TARGETS || targets.size() > MAX_TARGETS) {
            throw new IllegalArgumentException("a comparison takes " + MIN_TARGETS + " to " + MAX_TARGETS
                    + " targets, not " + targets.size());
        }
        if (targets.size() != targets.stream().distinct().count()) {
            throw new IllegalArgumentException("a target is listed twice; use --repeat to run it more than once");
        }
        if (repeat < 1 || repeat > 100) {
            throw new IllegalArgumentException("repeat must be 1 to 100, not " + repeat);
        }
    }
}
