package dev.parallax.engine.cloud;

import dev.parallax.core.EngineTimings;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a response stream said so far, as a format decoder understood it. The run decides from it how the run
 * ended: completed only when the format's end markers all arrived.
 */
final class StreamState {

    final StringBuilder text = new StringBuilder();
    int tokenEvents;
    OptionalInt promptTokens = OptionalInt.empty();
    OptionalInt completionTokens = OptionalInt.empty();
    int cachedPromptTokens;
    /** The provider's usage report is complete (its final form arrived). */
    boolean usageFinal;
    Optional<EngineTimings> engineTimings = Optional.empty();
    final Map<String, Double> providerTimings = new LinkedHashMap<>();
    String finishReason;
    /** The format's end of stream ([DONE], message_stop, done: true). */
    boolean endMarker;
    /** An error the provider sent inside the stream. */
    String providerError;
    /** Data that could not be understood. */
    String malformed;

    boolean failed() {
        return providerError != null || malformed != null;
    }

    void usage(int prompt, int completion, int cached, boolean isFinal) {
        promptTokens = OptionalInt.of(Math.max(0, prompt));
        completionTokens = OptionalInt.of(Math.max(0, completion));
        cachedPromptTokens = Math.max(0, Math.min(cached, prompt));
        usageFinal = isFinal;
    }
}
