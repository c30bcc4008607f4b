package dev.parallax.engine.cloud;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The answer to "can Parallax reach this provider with this key?": a models-list call, its latency, the models it
 * listed, and what went wrong if it did.
 *
 * @param models the model ids the provider listed, as a target names them ({@code provider:ID}); empty when it
 *               listed none or the call failed
 */
public record ConnectionCheck(String provider, boolean ok, double latencyMs, OptionalInt httpStatus,
                              OptionalInt modelCount, String message, List<String> models) {

    public ConnectionCheck {
        Objects.requireNonNull(models, "models");
        models = List.copyOf(models);
    }

    /** A check that listed no model ids. */
    public ConnectionCheck(String provider, boolean ok, double latencyMs, OptionalInt httpStatus,
                           OptionalInt modelCount, String message) {
        this(provider, ok, latencyMs, httpStatus, modelCount, message, List.of());
    }
}
