package dev.parallax.core;

import java.util.Objects;

/**
 * Where a run goes: a provider ("local" for a GGUF model on this machine) and a model within it.
 * Written as {@code provider:model}, e.g. {@code local:stories260K} or {@code local:/models/x.gguf}.
 */
public record Target(String provider, String model) {

    public static final String LOCAL = "local";

    public Target {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        if (provider.isBlank()) {
            throw new IllegalArgumentException("a target needs a provider, as in local:MODEL");
        }
        if (model.isBlank()) {
            throw new IllegalArgumentException("a target needs a model after the provider, as in " + provider + ":MODEL");
        }
    }

    /** Parses {@code provider:model}; the model part may itself contain colons (paths, tags). */
    public static Target parse(String text) {
        Objects.requireNonNull(text, "text");
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("'" + text + "' is not a target: write provider:model, as in local:stories260K");
        }
        return new Target(text.substring(0, colon).trim(), text.substring(colon + 1).trim());
    }

    public static Target local(String model) {
        return new Target(LOCAL, model);
    }

    public boolean isLocal() {
        return LOCAL.equals(provider);
    }

    @Override
    public String toString() {
        return provider + ":" + model;
    }
}
