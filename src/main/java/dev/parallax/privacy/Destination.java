package dev.parallax.privacy;

import java.util.Objects;

/**
 * Where a prompt could go: a provider name ({@code local} for this machine's models) and whether its server runs on
 * this machine (Ollama or a server of the user's own on a loopback address), in which case nothing leaves.
 */
public record Destination(String provider, boolean onThisMachine) {

    public static final Destination LOCAL = new Destination("local", true);

    public Destination {
        Objects.requireNonNull(provider, "provider");
    }

    public boolean isLocal() {
        return provider.equals(LOCAL.provider);
    }
}
