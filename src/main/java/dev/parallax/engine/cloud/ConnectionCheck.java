package dev.parallax.engine.cloud;

import java.util.OptionalInt;

/**
 * The answer to "can Parallax reach this provider with this key?": a models-list call, its latency, and what
 * went wrong if it did.
 */
public record ConnectionCheck(String provider, boolean ok, double latencyMs, OptionalInt httpStatus,
                              OptionalInt modelCount, String message) {
}
