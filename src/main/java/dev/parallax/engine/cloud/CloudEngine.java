package dev.parallax.engine.cloud;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parallax.core.RunListener;
import dev.parallax.core.RunSpec;
import dev.parallax.cost.TokenEstimator;
import dev.parallax.engine.Engine;
import dev.parallax.engine.RunHandle;
import dev.parallax.secrets.KeyPatterns;
import dev.parallax.secrets.Secret;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * An engine that runs prompts on a provider's HTTP API. This class holds what all four wire formats share (the
 * run thread, keys, redaction, the connection check); {@link CloudRun} holds the attempt loop, retries and the
 * watchdog; each subclass is a thin adapter for one format: the request, the stream decoder, the end rule.
 */
public abstract class CloudEngine implements Engine {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String USER_AGENT = "Parallax/" + Optional.ofNullable(CloudEngine.class.getPackage().getImplementationVersion()).orElse("dev");

    private final Provider provider;
    private final CloudHttp http;
    private final Supplier<Optional<Secret>> key;
    private final ExecutorService runs;

    protected CloudEngine(Provider provider, CloudHttp http, Supplier<Optional<Secret>> key) {
        this.provider = provider;
        this.http = http;
        this.key = key;
        AtomicInteger n = new AtomicInteger();
        this.runs = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "cloud-run-" + provider.name() + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** The engine for a provider, by its format. */
    public static CloudEngine of(Provider provider, CloudHttp http, Supplier<Optional<Secret>> key) {
        return switch (provider.format()) {
            case OPENAI -> new OpenAiEngine(provider, http, key);
            case ANTHROPIC -> new AnthropicEngine(provider, http, key);
            case GEMINI -> new GeminiEngine(provider, http, key);
            case OLLAMA -> new OllamaEngine(provider, http, key);
        };
    }

    public Provider provider() {
        return provider;
    }

    CloudHttp http() {
        return http;
    }

    Optional<Secret> key() {
        return key.get();
    }

    /** Readies the HTTP client (once per process) so the first run's latency is the provider's, not the JVM's. */
    public void prepare() {
        http.warmUp();
        key();
    }

    @Override
    public RunHandle stream(RunSpec spec, RunListener listener) {
        CloudRun run = new CloudRun(this, spec, listener);
        runs.execute(run::execute);
        return run;
    }

    /** A models-list request: proves the base URL, the key and the network path, without spending tokens. */
    public ConnectionCheck checkConnection() {
        Optional<Secret> k = key();
        if (provider.keyRequired() && k.isEmpty()) {
            return new ConnectionCheck(provider.name(), false, 0, OptionalInt.empty(), OptionalInt.empty(), missingKey());
        }
        HttpRequest request = modelsRequest(k).timeout(http.settings().idleTimeout())
                .header("User-Agent", USER_AGENT).build();
        long sent = System.nanoTime();
        try {
            HttpResponse<String> response = http.client().send(request, HttpResponse.BodyHandlers.ofString());
            double ms = (System.nanoTime() - sent) / 1e6;
            int status = response.statusCode();
            if (status / 100 != 2) {
                return new ConnectionCheck(provider.name(), false, ms, OptionalInt.of(status), OptionalInt.empty(),
                        redact(httpErrorMessage(status, response.body()), k));
            }
            OptionalInt count = OptionalInt.empty();
            List<String> ids = List.of();
            try {
                ids = modelIds(JSON.readTree(response.body()));
                count = OptionalInt.of(ids.size());
            } catch (IOException e) {
                // Reached and authorised; the list itself is not what we came for.
            }
            return new ConnectionCheck(provider.name(), true, ms, OptionalInt.of(status), count, "ok", ids);
        } catch (IOException e) {
            double ms = (System.nanoTime() - sent) / 1e6;
            return new ConnectionCheck(provider.name(), false, ms, OptionalInt.empty(), OptionalInt.empty(),
                    redact("cannot reach " + provider.base() + ": " + CloudRun.describe(e), k));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ConnectionCheck(provider.name(), false, 0, OptionalInt.empty(), OptionalInt.empty(), "interrupted");
        }
    }

    String missingKey() {
        return "no API key for " + provider.name() + ": "
                + provider.keyEnv().map(env -> "set " + env + " or run ").orElse("run ")
                + "'parallax keys set " + provider.name() + "'";
    }

    /** "HTTP 401: invalid_api_key: ..." with a hint for the errors a user can fix. */
    String httpErrorMessage(int status, String body) {
        String said = errorText(body);
        String hint = switch (status) {
            case 401, 403 -> " (check the API key: " + provider.keyEnv().map(e -> e + " or ").orElse("")
                    + "'parallax keys set " + provider.name() + "')";
            case 404 -> " (unknown model, or a wrong base URL: " + provider.base() + ")";
            default -> "";
        };
        return provider.name() + " returned HTTP " + status + (said.isEmpty() ? "" : ": " + said) + hint;
    }

    /** The provider's message in an error body. */
    String errorText(String body) {
        return ErrorBodies.message(body);
    }

    static String redact(String text, Optional<Secret> key) {
        String out = key.map(k -> k.redact(text)).orElse(text);
        return KeyPatterns.scrub(out);
    }

    TokenEstimator.Family family(RunSpec spec) {
        return TokenEstimator.familyOf(provider.name(), spec.target().model());
    }

    static URI uri(String text) {
        try {
            return URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a valid URL: " + text, e);
        }
    }

    static byte[] json(ObjectNode body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a request body: " + e.getMessage(), e);
        }
    }

    // The format's parts.

    /** The streaming request for a run, with its key. */
    abstract HttpRequest.Builder request(RunSpec spec, Optional<Secret> key);

    abstract StreamDecoder decoder(StreamState state, TokenSink tokens);

    /** Why a stream that ended (cleanly or at its end marker) is not complete, or empty when it is. */
    abstract Optional<String> incomplete(StreamState state);

    /** Whether the format has an end marker after which nothing matters (Gemini has none: it ends at EOF). */
    boolean endsAtMarker() {
        return true;
    }

    /** Whether a 2xx body should be an event stream (a JSON body then is an error in disguise). */
    boolean eventStream() {
        return true;
    }

    /** Timing figures the provider put in its response headers. */
    Map<String, Double> headerTimings(HttpHeaders headers) {
        return Map.of();
    }

    abstract HttpRequest.Builder modelsRequest(Optional<Secret> key);

    /** The model ids of a models-list answer, as a target of this provider names them. */
    abstract List<String> modelIds(JsonNode body);

    /** The texts of {@code field} in each element of {@code array}, without blanks. */
    static List<String> texts(JsonNode array, String field) {
        List<String> out = new java.util.ArrayList<>();
        for (JsonNode n : array) {
            String v = n.path(field).asText("");
            if (!v.isBlank()) {
                out.add(v);
            }
        }
        return out;
    }

    static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    @Override
    public void close() {
        runs.shutdownNow();
        try {
            runs.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
