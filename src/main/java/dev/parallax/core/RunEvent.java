package dev.parallax.core;

/**
 * What an engine reports while a run goes on. Every event carries a System.nanoTime stamp taken
 * where it happened (for local runs: in the worker process; the monotonic clock is shared).
 */
public sealed interface RunEvent {

    long nanos();

    /** The engine accepted the run and starts working on it (after any queueing). */
    record Started(long nanos, String engine, String engineBuild) implements RunEvent { }

    /**
     * A request left for a provider (attempt 1, 2, ...). Cloud runs only; the first one is also the
     * moment the run started. Latencies "from send" count from the last attempt.
     */
    record RequestSent(long nanos, int attempt) implements RunEvent { }

    /** The provider's response headers arrived, with this HTTP status. */
    record ResponseHeaders(long nanos, int httpStatus) implements RunEvent { }

    /** The first byte of the response body arrived. */
    record FirstByte(long nanos) implements RunEvent { }

    /**
     * Something about how the engine ran that the user should know, though the run went on (a local engine ran on
     * fewer threads because other programs were using the CPU).
     */
    record Notice(long nanos, String message) implements RunEvent { }

    /** An attempt failed before any byte of its body arrived; the next one is sent after {@code waitMs}. */
    record Retrying(long nanos, int attempt, String reason, long waitMs) implements RunEvent { }

    /**
     * Timings the provider reported about itself (queue, load, processing...), in milliseconds, keyed by a
     * stable snake_case name. Several reports merge; a later value for a key replaces an earlier one.
     */
    record ProviderTimings(long nanos, java.util.Map<String, Double> millis) implements RunEvent {
        public ProviderTimings {
            millis = java.util.Map.copyOf(millis);
        }
    }

    /** The model had to be loaded for this run; it took this long. */
    record ModelLoaded(long nanos, double loadMs) implements RunEvent { }

    /** A piece of output text: usually one token. */
    record Token(long nanos, String text) implements RunEvent { }

    /** Token counts, exact or estimated, and the engine's own timings when it has them. */
    record UsageReported(long nanos, Usage usage, java.util.Optional<EngineTimings> engineTimings) implements RunEvent { }

    /** The run ended normally: the model stopped, hit a stop string or the token limit. */
    record Completed(long nanos, String stopReason) implements RunEvent { }

    /** The run ended early without an end marker; partial text stands. */
    record Truncated(long nanos, String reason) implements RunEvent { }

    record Failed(long nanos, String message) implements RunEvent { }

    record Cancelled(long nanos) implements RunEvent { }

    default boolean isTerminal() {
        return this instanceof Completed || this instanceof Truncated || this instanceof Failed || this instanceof Cancelled;
    }
}
