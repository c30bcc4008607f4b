package dev.parallax.models.hub;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the Hub is and how to talk to it.
 *
 * @param endpoint          {@code https://huggingface.co}, or a mirror ({@code HF_ENDPOINT})
 * @param token             for gated and private repositories; sent to the endpoint's host only
 * @param maxRateLimitWait  the longest a rate-limited request waits before it gives up with a message
 * @param userAgent         sent with every request
 */
public record HubSettings(URI endpoint, Optional<HubToken> token, Duration maxRateLimitWait, String userAgent) {

    public static final URI DEFAULT_ENDPOINT = URI.create("https://huggingface.co");

    public HubSettings {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(maxRateLimitWait, "maxRateLimitWait");
        Objects.requireNonNull(userAgent, "userAgent");
        String text = endpoint.toString();
        if (text.endsWith("/")) {
            endpoint = URI.create(text.substring(0, text.length() - 1));
        }
        if (endpoint.getHost() == null || !(endpoint.getScheme().equals("https") || endpoint.getScheme().equals("http"))) {
            throw new IllegalArgumentException("the Hub endpoint must be an http(s) URL, not '" + text + "'");
        }
    }

    /**
     * From the environment: {@code HF_ENDPOINT} for a mirror, {@code HF_TOKEN} (else {@code storedToken})
     * for gated repositories.
     */
    public static HubSettings fromEnvironment(Map<String, String> env, Optional<HubToken> storedToken, String userAgent) {
        String endpoint = env.get("HF_ENDPOINT");
        URI uri = endpoint == null || endpoint.isBlank() ? DEFAULT_ENDPOINT : URI.create(endpoint.strip());
        Optional<HubToken> token = HubToken.of(env.get("HF_TOKEN"));
        return new HubSettings(uri, token.isPresent() ? token : storedToken, Duration.ofSeconds(60), userAgent);
    }

    public HubSettings withMaxRateLimitWait(Duration wait) {
        return new HubSettings(endpoint, token, wait, userAgent);
    }

    /** Whether {@code uri} is on the Hub itself (and may carry the token), not on a CDN it redirects to. */
    boolean isHub(URI uri) {
        return endpoint.getScheme().equalsIgnoreCase(uri.getScheme())
                && endpoint.getHost().equalsIgnoreCase(uri.getHost())
                && port(endpoint) == port(uri);
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
