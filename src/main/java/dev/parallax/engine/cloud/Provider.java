package dev.parallax.engine.cloud;

import dev.parallax.config.EnvProxySelector;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A place runs can go: a name (the part before the colon of a target), the wire format it speaks, its base URL
 * and where its key comes from. Holds no key.
 *
 * @param keyEnv        the environment variable that holds its key, if any (read before the stored key)
 * @param keyRequired   whether a run without a key is refused (Ollama and local servers need none)
 * @param builtin       a preset that ships with Parallax (its base URL can be overridden, it cannot be removed)
 * @param baseUrlSource where the base URL came from: "preset", "OPENAI_BASE_URL", "config.json"...
 * @param options       format-specific settings (Azure: api_version)
 */
public record Provider(String name, ApiFormat format, URI baseUrl, Optional<String> keyEnv, boolean keyRequired,
                       boolean builtin, String baseUrlSource, Map<String, String> options) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,39}");

    public Provider {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(keyEnv, "keyEnv");
        options = Map.copyOf(options);
        validateName(name);
        String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("the base URL of " + name + " must be an http:// or https:// URL, not '"
                    + baseUrl + "'");
        }
    }

    static void validateName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a provider name: use up to 40 lower-case letters, "
                    + "digits, '.', '_' or '-'");
        }
        if (name.equals("local")) {
            throw new IllegalArgumentException("'local' is reserved for GGUF models on this machine");
        }
    }

    /** The base URL without a trailing slash, for appending paths. */
    public String base() {
        String s = baseUrl.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    /** Whether the base URL is a loopback address. */
    public boolean loopback() {
        return EnvProxySelector.isLoopback(baseUrl.getHost().toLowerCase(Locale.ROOT));
    }

    /**
     * Whether its models run on this machine's hardware, so a run costs this machine's energy when no price is
     * set: Ollama or a server of the user's own on a loopback address. A cloud preset pointed at a loopback
     * gateway still runs in the cloud.
     */
    public boolean onThisMachine() {
        return loopback() && (!builtin || format == ApiFormat.OLLAMA);
    }

    public Provider withBaseUrl(URI url, String source) {
        return new Provider(name, format, url, keyEnv, keyRequired, builtin, source, options);
    }
}
