package dev.parallax.engine.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parallax.config.ConfigFile;
import dev.parallax.secrets.KeyVault;
import dev.parallax.secrets.Secret;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The providers runs can go to: the built-in presets (their base URLs overridable by environment variables or in
 * {@code config.json}) and the user's own OpenAI-compatible (or other format) servers, kept in {@code config.json},
 * section {@code providers}, without keys. Builds one engine per provider and checks connections.
 */
public final class ProviderRegistry implements AutoCloseable {

    static final String SECTION = "providers";
    /** A base URL that can never resolve: Azure has no default endpoint, each resource has its own. */
    static final String AZURE_UNSET = "https://azure-openai-endpoint-not-set.invalid";

    /** Where a provider's key would come from right now. */
    public enum KeySource { ENVIRONMENT, STORED, MISSING, NOT_NEEDED }

    /** A provider as a list shows it: its definition, where its key comes from, and what keeps it from running. */
    public record Entry(Provider provider, KeySource keySource, Optional<String> problem) {
    }

    private record Preset(String name, ApiFormat format, String baseUrl, String keyEnv, String baseUrlEnv,
                          boolean keyRequired, Map<String, String> options) {
    }

    private static final List<Preset> PRESETS = List.of(
            new Preset("openai", ApiFormat.OPENAI, "https://api.openai.com/v1", "OPENAI_API_KEY", "OPENAI_BASE_URL", true,
                    Map.of("flavor", "openai")),
            new Preset("anthropic", ApiFormat.ANTHROPIC, "https://api.anthropic.com", "ANTHROPIC_API_KEY",
                    "ANTHROPIC_BASE_URL", true, Map.of()),
            new Preset("gemini", ApiFormat.GEMINI, "https://generativelanguage.googleapis.com", "GEMINI_API_KEY",
                    "GEMINI_BASE_URL", true, Map.of()),
            new Preset("ollama", ApiFormat.OLLAMA, "http://127.0.0.1:11434", null, "OLLAMA_HOST", false, Map.of()),
            new Preset("groq", ApiFormat.OPENAI, "https://api.groq.com/openai/v1", "GROQ_API_KEY", null, true, Map.of()),
            new Preset("mistral", ApiFormat.OPENAI, "https://api.mistral.ai/v1", "MISTRAL_API_KEY", null, true, Map.of()),
            new Preset("openrouter", ApiFormat.OPENAI, "https://openrouter.ai/api/v1", "OPENROUTER_API_KEY", null, true,
                    Map.of()),
            new Preset("together", ApiFormat.OPENAI, "https://api.together.xyz/v1", "TOGETHER_API_KEY", null, true,
                    Map.of()),
            new Preset("deepseek", ApiFormat.OPENAI, "https://api.deepseek.com/v1", "DEEPSEEK_API_KEY", null, true,
                    Map.of()),
            new Preset("xai", ApiFormat.OPENAI, "https://api.x.ai/v1", "XAI_API_KEY", null, true, Map.of()),
            new Preset("azure-openai", ApiFormat.OPENAI, AZURE_UNSET, "AZURE_OPENAI_API_KEY", "AZURE_OPENAI_ENDPOINT",
                    true, Map.of("flavor", "azure")));

    private final ConfigFile config;
    private final Map<String, String> env;
    private final KeyVault keys;
    private final CloudHttp http;
    private final Map<String, CloudEngine> engines = new HashMap<>();

    public ProviderRegistry(ConfigFile config, Map<String, String> env, KeyVault keys, CloudHttp http) {
        this.config = config;
        this.env = Map.copyOf(env);
        this.keys = keys;
        this.http = http;
    }

    /** Every provider: presets first, then the user's, by name. */
    public List<Entry> list() {
        List<Entry> out = new ArrayList<>();
        for (Provider p : providers().values()) {
            out.add(new Entry(p, keySource(p), problem(p)));
        }
        return out;
    }

    public Optional<Provider> find(String name) {
        return Optional.ofNullable(providers().get(name.toLowerCase(Locale.ROOT)));
    }

    /** What keeps a provider from running (no endpoint, no key), or empty when it can run. */
    public Optional<String> problem(Provider p) {
        if (p.baseUrl().toString().equals(AZURE_UNSET)) {
            return Optional.of("azure-openai has no endpoint: set AZURE_OPENAI_ENDPOINT (https://RESOURCE.openai.azure.com) "
                    + "or run 'parallax providers update azure-openai --base-url URL'");
        }
        if (p.keyRequired() && keySource(p) == KeySource.MISSING) {
            return Optional.of("no API key for " + p.name() + ": "
                    + p.keyEnv().map(e -> "set " + e + " or run ").orElse("run ") + "'parallax keys set " + p.name() + "'");
        }
        return Optional.empty();
    }

    public KeySource keySource(Provider p) {
        if (p.keyEnv().flatMap(this::envValue).isPresent()) {
            return KeySource.ENVIRONMENT;
        }
        if (keys.has(p.name())) {
            return KeySource.STORED;
        }
        return p.keyRequired() ? KeySource.MISSING : KeySource.NOT_NEEDED;
    }

    /**
     * Adds a user-defined provider. Its key, if it needs one, is stored apart: {@code parallax keys set NAME}.
     *
     * @param keyEnv an environment variable to read its key from, if any
     */
    public synchronized Provider add(String name, ApiFormat format, URI baseUrl, Optional<String> keyEnv) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        Provider.validateName(n);
        refuseCredentials(n, baseUrl);
        if (providers().containsKey(n)) {
            throw new IllegalArgumentException("a provider named '" + n + "' exists already"
                    + (isPreset(n) ? " (built in): change its base URL with 'parallax providers update " + n + " --base-url URL'"
                    : ": use 'parallax providers update' or remove it first"));
        }
        Provider p = new Provider(n, format, baseUrl, keyEnv, false, false, "config.json", Map.of());
        List<ObjectNode> entries = entries();
        entries.add(entry(n, format, baseUrl, keyEnv));
        write(entries);
        return p;
    }

    /**
     * Changes a provider's base URL (and a user provider's format). For a preset this stores an override;
     * an environment variable for its base URL still wins.
     */
    public synchronized Provider update(String name, Optional<URI> baseUrl, Optional<ApiFormat> format) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        Provider existing = find(n).orElseThrow(() -> new IllegalArgumentException(unknown(n)));
        baseUrl.ifPresent(u -> refuseCredentials(n, u));
        if (isPreset(n) && format.isPresent() && format.get() != existing.format()) {
            throw new IllegalArgumentException(n + " is built in and speaks " + existing.format().label()
                    + "; add a provider of your own for another format");
        }
        List<ObjectNode> entries = entries();
        entries.removeIf(e -> e.path("name").asText().equals(n));
        URI url = baseUrl.orElse(existing.baseUrl());
        if (isPreset(n)) {
            ObjectNode o = ConfigFile.json().createObjectNode().put("name", n).put("base_url", url.toString());
            entries.add(o);
        } else {
            entries.add(entry(n, format.orElse(existing.format()), url, existing.keyEnv()));
        }
        write(entries);
        closeEngine(n);
        return find(n).orElseThrow();
    }

    /** Removes a user provider, or a preset's override; false when there was nothing to remove. */
    public synchronized boolean remove(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        List<ObjectNode> entries = entries();
        boolean removed = entries.removeIf(e -> e.path("name").asText().equals(n));
        if (removed) {
            write(entries);
            closeEngine(n);
        }
        return removed;
    }

    /** Asks the provider for its model list: latency, or what went wrong, with keys masked. */
    public ConnectionCheck testConnection(String name) {
        Provider p = find(name).orElseThrow(() -> new IllegalArgumentException(unknown(name)));
        if (p.baseUrl().toString().equals(AZURE_UNSET)) {
            return new ConnectionCheck(p.name(), false, 0, java.util.OptionalInt.empty(), java.util.OptionalInt.empty(),
                    problem(p).orElseThrow());
        }
        return engine(p.name()).orElseThrow().checkConnection();
    }

    /** The engine that runs targets of this provider, built once per definition. */
    public synchronized Optional<CloudEngine> engine(String name) {
        Optional<Provider> p = find(name);
        if (p.isEmpty()) {
            return Optional.empty();
        }
        CloudEngine e = engines.get(p.get().name());
        if (e == null || !e.provider().equals(p.get())) {
            if (e != null) {
                e.close();
            }
            Provider provider = p.get();
            e = CloudEngine.of(provider, http, () -> keyFor(provider));
            engines.put(provider.name(), e);
        }
        return Optional.of(e);
    }

    /** The key a run of this provider uses: its environment variable's, else the stored one. */
    Optional<Secret> keyFor(Provider p) {
        Optional<String> fromEnv = p.keyEnv().flatMap(this::envValue);
        if (fromEnv.isPresent()) {
            return fromEnv.map(Secret::of);
        }
        return keys.read(p.name());
    }

    /**
     * {@code http://user:secret@host/v1}: the HTTP client sends no such credentials, and the URL (shown by
     * {@code providers list}, kept in config.json, each run's engine build and the cloud log) would carry the secret.
     */
    private static void refuseCredentials(String name, URI baseUrl) {
        if (baseUrl.getRawUserInfo() != null) {
            throw new IllegalArgumentException("the base URL of " + name + " holds a user name or password before '@': "
                    + "Parallax does not send them, and would show them wherever it shows the URL; leave them out and "
                    + "give a key with --key-env VAR or 'parallax keys set " + name + "'");
        }
    }

    public String unknown(String name) {
        return "unknown provider '" + name + "': known are local, " + String.join(", ", providers().keySet())
                + "; add one with 'parallax providers add NAME --base-url URL'";
    }

    private Map<String, Provider> providers() {
        Map<String, Provider> out = new LinkedHashMap<>();
        List<ObjectNode> entries = entries();
        for (Preset preset : PRESETS) {
            Map<String, String> options = new HashMap<>(preset.options());
            if (preset.name().equals("azure-openai")) {
                envValue("AZURE_OPENAI_API_VERSION").ifPresent(v -> options.put("api_version", v));
            }
            URI url = URI.create(preset.baseUrl());
            String source = "preset";
            for (ObjectNode e : entries) {
                if (e.path("name").asText().equals(preset.name()) && e.hasNonNull("base_url")) {
                    url = parseUrl(e.path("base_url").asText(), preset.name());
                    source = "config.json";
                }
            }
            if (preset.baseUrlEnv() != null) {
                Optional<String> fromEnv = envValue(preset.baseUrlEnv());
                if (fromEnv.isPresent()) {
                    url = preset.format() == ApiFormat.OLLAMA ? ollamaHost(fromEnv.get())
                            : parseUrl(fromEnv.get(), preset.baseUrlEnv());
                    source = preset.baseUrlEnv();
                }
            }
            out.put(preset.name(), new Provider(preset.name(), preset.format(), url,
                    Optional.ofNullable(preset.keyEnv()), preset.keyRequired(), true, source, options));
        }
        for (ObjectNode e : entries) {
            String n = e.path("name").asText("");
            if (n.isEmpty() || isPreset(n)) {
                continue;
            }
            try {
                ApiFormat format = ApiFormat.fromLabel(e.path("format").asText("openai"));
                Optional<String> keyEnv = e.hasNonNull("key_env") ? Optional.of(e.path("key_env").asText())
                        : Optional.empty();
                out.put(n, new Provider(n, format, parseUrl(e.path("base_url").asText(""), n), keyEnv,
                        e.path("key_required").asBoolean(false), false, "config.json", Map.of()));
            } catch (IllegalArgumentException ex) {
                throw new IllegalStateException("The provider '" + n + "' in " + config.path() + " is not valid: "
                        + ex.getMessage(), ex);
            }
        }
        return out;
    }

    /** OLLAMA_HOST as Ollama reads it: host, host:port or a URL; 0.0.0.0 (listen everywhere) means this machine. */
    static URI ollamaHost(String value) {
        String v = value.trim();
        String scheme = "http";
        int sep = v.indexOf("://");
        if (sep >= 0) {
            scheme = v.substring(0, sep);
            v = v.substring(sep + 3);
        }
        while (v.endsWith("/")) {
            v = v.substring(0, v.length() - 1);
        }
        String host = v;
        String port = "11434";
        int colon = v.lastIndexOf(':');
        if (colon >= 0 && v.indexOf(']') < colon) {
            host = v.substring(0, colon);
            port = v.substring(colon + 1);
        }
        if (host.isEmpty() || host.equals("0.0.0.0")) {
            host = "127.0.0.1";
        }
        return parseUrl(scheme + "://" + host + ":" + port, "OLLAMA_HOST");
    }

    private static URI parseUrl(String text, String what) {
        try {
            URI uri = new URI(text.trim());
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("'" + text + "' (" + what + ") is not a URL: write it as https://host/path");
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' (" + what + ") is not a URL: " + e.getReason());
        }
    }

    private Optional<String> envValue(String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    private static boolean isPreset(String name) {
        return PRESETS.stream().anyMatch(p -> p.name().equals(name));
    }

    private List<ObjectNode> entries() {
        List<ObjectNode> out = new ArrayList<>();
        config.section(SECTION).ifPresent(s -> {
            for (JsonNode n : s) {
                if (n.isObject()) {
                    out.add((ObjectNode) n);
                }
            }
        });
        return out;
    }

    private static ObjectNode entry(String name, ApiFormat format, URI url, Optional<String> keyEnv) {
        ObjectNode o = ConfigFile.json().createObjectNode()
                .put("name", name)
                .put("format", format.label())
                .put("base_url", url.toString());
        keyEnv.ifPresent(k -> o.put("key_env", k));
        return o;
    }

    private void write(List<ObjectNode> entries) {
        ArrayNode array = ConfigFile.json().createArrayNode();
        entries.forEach(array::add);
        config.writeSection(SECTION, array);
    }

    private synchronized void closeEngine(String name) {
        CloudEngine e = engines.remove(name);
        if (e != null) {
            e.close();
        }
    }

    @Override
    public synchronized void close() {
        engines.values().forEach(CloudEngine::close);
        engines.clear();
    }
}
