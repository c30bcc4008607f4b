package dev.parallax.engine.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parallax.core.ChatMessage;
import dev.parallax.core.EngineTimings;
import dev.parallax.core.GenerationParams;
import dev.parallax.core.RunSpec;
import dev.parallax.secrets.Secret;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * OpenAI Chat Completions, streamed: {@code POST {base}/chat/completions} with {@code stream: true} and
 * {@code stream_options.include_usage}. Speaks for every OpenAI-compatible server too: usage may come on every
 * chunk (xAI, cumulative: the last one wins) or once before {@code [DONE]}; llama-server adds its own
 * {@code timings}, Groq its {@code x_groq.usage} times; OpenRouter sends {@code :} comments and reports errors as
 * {@code data:} events with an {@code error}. Azure OpenAI: deployment URL, {@code api-key} header.
 *
 * <p>Complete only with a finish reason, a usage report and {@code [DONE]}.
 */
final class OpenAiEngine extends CloudEngine {

    static final String DEFAULT_AZURE_API_VERSION = "2024-10-21";

    OpenAiEngine(Provider provider, CloudHttp http, Supplier<Optional<Secret>> key) {
        super(provider, http, key);
    }

    @Override
    public String name() {
        return isAzure() ? "azure-openai-chat" : "openai-chat";
    }

    private boolean isAzure() {
        return "azure".equals(provider().options().get("flavor"));
    }

    /** OpenAI's own API: max_completion_tokens, and no sampling knobs for reasoning models. */
    private boolean isOpenAiProper() {
        return isAzure() || "openai".equals(provider().options().get("flavor"));
    }

    @Override
    HttpRequest.Builder request(RunSpec spec, Optional<Secret> key) {
        String model = spec.target().model();
        String url = isAzure()
                ? provider().base() + "/openai/deployments/" + URLEncoder.encode(model, StandardCharsets.UTF_8)
                        + "/chat/completions?api-version=" + apiVersion()
                : provider().base() + "/chat/completions";
        ObjectNode body = JSON.createObjectNode();
        if (!isAzure()) {
            body.put("model", model);
        }
        ArrayNode messages = body.putArray("messages");
        for (ChatMessage m : spec.messages()) {
            messages.addObject().put("role", m.role().name().toLowerCase(Locale.ROOT)).put("content", m.content());
        }
        body.put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        GenerationParams p = spec.params();
        boolean reasoning = isOpenAiProper() && model.toLowerCase(Locale.ROOT).matches("(o\\d|gpt-5).*");
        body.put(isOpenAiProper() ? "max_completion_tokens" : "max_tokens", p.maxTokens());
        if (!reasoning) {
            body.put("temperature", p.temperature());
        }
        if (!p.stop().isEmpty()) {
            ArrayNode stop = body.putArray("stop");
            p.stop().stream().limit(4).forEach(stop::add);
        }
        if (p.seed() >= 0) {
            body.put("seed", p.seed());
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(url))
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json(body)));
        key.ifPresent(k -> authorize(b, k));
        return b;
    }

    private String apiVersion() {
        return provider().options().getOrDefault("api_version", DEFAULT_AZURE_API_VERSION);
    }

    private void authorize(HttpRequest.Builder b, Secret k) {
        if (isAzure()) {
            b.header("api-key", k.reveal());
        } else {
            b.header("Authorization", "Bearer " + k.reveal());
        }
    }

    @Override
    StreamDecoder decoder(StreamState state, TokenSink tokens) {
        SseParser parser = new SseParser((event, nanos) -> onEvent(event, nanos, state, tokens));
        return new StreamDecoder() {
            @Override
            public void feed(byte[] bytes, int offset, int length, long nanos) {
                parser.feed(bytes, offset, length, nanos);
            }

            @Override
            public void end(long nanos) {
            }
        };
    }

    private void onEvent(SseEvent event, long nanos, StreamState state, TokenSink tokens) {
        String data = event.data().strip();
        if (data.isEmpty()) {
            return;
        }
        if (data.equals("[DONE]")) {
            state.endMarker = true;
            return;
        }
        JsonNode chunk;
        try {
            chunk = JSON.readTree(data);
        } catch (IOException e) {
            state.malformed = "an event that is not JSON: " + clip(data);
            return;
        }
        if (chunk == null || !chunk.isObject()) {
            state.malformed = "an event that is not a JSON object: " + clip(data);
            return;
        }
        JsonNode error = chunk.get("error");
        if (error != null && !error.isNull()) {
            String m = ErrorBodies.fromNode(chunk);
            state.providerError = m.isBlank() ? error.toString() : m;
            return;
        }
        JsonNode choices = chunk.path("choices");
        for (JsonNode choice : choices) {
            if (choice.path("index").asInt(0) != 0) {
                continue;
            }
            JsonNode content = choice.path("delta").get("content");
            if (content != null && content.isTextual()) {
                tokens.token(content.asText(), nanos);
            }
            JsonNode finish = choice.get("finish_reason");
            if (finish != null && finish.isTextual() && !finish.asText().isEmpty()) {
                state.finishReason = finish.asText();
            }
        }
        JsonNode usage = chunk.get("usage");
        if (usage != null && usage.isObject()) {
            state.usage(usage.path("prompt_tokens").asInt(0), usage.path("completion_tokens").asInt(0),
                    usage.path("prompt_tokens_details").path("cached_tokens").asInt(0), true);
        }
        JsonNode timings = chunk.get("timings");
        if (timings != null && timings.isObject() && timings.has("predicted_n")) {
            state.engineTimings = Optional.of(new EngineTimings(timings.path("prompt_n").asInt(0),
                    timings.path("prompt_ms").asDouble(0), timings.path("predicted_n").asInt(0),
                    timings.path("predicted_ms").asDouble(0)));
        }
        JsonNode groq = chunk.path("x_groq").path("usage");
        if (groq.isObject()) {
            for (String f : new String[] {"queue_time", "prompt_time", "completion_time", "total_time"}) {
                if (groq.has(f)) {
                    state.providerTimings.put(f.replace("_time", "_ms"), groq.path(f).asDouble() * 1000.0);
                }
            }
        }
    }

    @Override
    Optional<String> incomplete(StreamState state) {
        if (state.finishReason == null) {
            return Optional.of(state.endMarker ? "the stream ended without a finish reason"
                    : "the stream ended without a finish reason or [DONE]");
        }
        if (!state.usageFinal) {
            return Optional.of("the stream ended without a usage report" + (state.endMarker ? "" : " or [DONE]")
                    + " (asked for with stream_options.include_usage)");
        }
        if (!state.endMarker) {
            return Optional.of("the stream ended without [DONE]");
        }
        return Optional.empty();
    }

    @Override
    Map<String, Double> headerTimings(HttpHeaders headers) {
        Map<String, Double> out = new HashMap<>();
        headers.firstValue("openai-processing-ms").ifPresent(v -> {
            try {
                out.put("processing_ms", Double.parseDouble(v.trim()));
            } catch (NumberFormatException e) {
                // Not a number: not a timing.
            }
        });
        return out;
    }

    @Override
    HttpRequest.Builder modelsRequest(Optional<Secret> key) {
        String url = isAzure() ? provider().base() + "/openai/models?api-version=" + apiVersion()
                : provider().base() + "/models";
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(url)).GET();
        key.ifPresent(k -> authorize(b, k));
        return b;
    }

    @Override
    java.util.List<String> modelIds(JsonNode body) {
        return texts(body.path("data"), "id");
    }

    static String clip(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }
}
