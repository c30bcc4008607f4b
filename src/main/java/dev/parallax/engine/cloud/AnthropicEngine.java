package dev.parallax.engine.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parallax.core.ChatMessage;
import dev.parallax.core.GenerationParams;
import dev.parallax.core.RunSpec;
import dev.parallax.secrets.Secret;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * Anthropic Messages, streamed: {@code POST {base}/v1/messages} with {@code x-api-key} and
 * {@code anthropic-version: 2023-06-01}. Input tokens come in {@code message_start}; {@code message_delta} carries
 * the stop reason and the output tokens so far (cumulative: the last wins); {@code message_stop} ends the stream.
 * {@code ping} keeps it alive; {@code event: error} fails the run with the provider's message; unknown events are
 * ignored, as Anthropic asks clients to do.
 *
 * <p>Complete only with a stop reason, the final output count and {@code message_stop}.
 */
final class AnthropicEngine extends CloudEngine {

    static final String VERSION = "2023-06-01";

    AnthropicEngine(Provider provider, CloudHttp http, Supplier<Optional<Secret>> key) {
        super(provider, http, key);
    }

    @Override
    public String name() {
        return "anthropic-messages";
    }

    private String v1() {
        String base = provider().base();
        return base.endsWith("/v1") ? base : base + "/v1";
    }

    @Override
    HttpRequest.Builder request(RunSpec spec, Optional<Secret> key) {
        GenerationParams p = spec.params();
        ObjectNode body = JSON.createObjectNode();
        body.put("model", spec.target().model());
        body.put("max_tokens", p.maxTokens());
        body.put("stream", true);
        String system = spec.systemPrompt();
        if (!system.isEmpty()) {
            body.put("system", system);
        }
        ArrayNode messages = body.putArray("messages");
        for (ChatMessage m : spec.messages()) {
            if (m.role() == ChatMessage.Role.SYSTEM) {
                continue;
            }
            messages.addObject().put("role", m.role() == ChatMessage.Role.USER ? "user" : "assistant")
                    .put("content", m.content());
        }
        body.put("temperature", Math.min(1.0, p.temperature()));
        if (!p.stop().isEmpty()) {
            ArrayNode stop = body.putArray("stop_sequences");
            p.stop().forEach(stop::add);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(v1() + "/messages"))
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .header("anthropic-version", VERSION)
                .POST(HttpRequest.BodyPublishers.ofByteArray(json(body)));
        key.ifPresent(k -> b.header("x-api-key", k.reveal()));
        return b;
    }

    @Override
    StreamDecoder decoder(StreamState state, TokenSink tokens) {
        Counts counts = new Counts();
        SseParser parser = new SseParser((event, nanos) -> onEvent(event, nanos, state, tokens, counts));
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

    /** Token counts as the events bring them. */
    private static final class Counts {
        OptionalInt input = OptionalInt.empty();
        int cacheRead;
        int cacheCreation;
        boolean finalOutput;
    }

    private void onEvent(SseEvent event, long nanos, StreamState state, TokenSink tokens, Counts counts) {
        JsonNode data;
        try {
            data = JSON.readTree(event.data());
        } catch (IOException e) {
            state.malformed = "an event that is not JSON: " + OpenAiEngine.clip(event.data());
            return;
        }
        if (data == null || !data.isObject()) {
            state.malformed = "an event that is not a JSON object: " + OpenAiEngine.clip(event.data());
            return;
        }
        String type = "message".equals(event.type()) ? data.path("type").asText("") : event.type();
        switch (type) {
            case "message_start" -> {
                JsonNode usage = data.path("message").path("usage");
                if (usage.has("input_tokens")) {
                    counts.input = OptionalInt.of(usage.path("input_tokens").asInt());
                }
                counts.cacheRead = usage.path("cache_read_input_tokens").asInt(0);
                counts.cacheCreation = usage.path("cache_creation_input_tokens").asInt(0);
                int output = usage.path("output_tokens").asInt(0);
                update(state, counts, output);
            }
            case "content_block_delta" -> {
                JsonNode delta = data.path("delta");
                if ("text_delta".equals(delta.path("type").asText())) {
                    tokens.token(delta.path("text").asText(""), nanos);
                }
            }
            case "message_delta" -> {
                JsonNode stop = data.path("delta").get("stop_reason");
                if (stop != null && stop.isTextual()) {
                    state.finishReason = stop.asText();
                }
                JsonNode usage = data.path("usage");
                if (usage.has("input_tokens") && !usage.get("input_tokens").isNull()) {
                    counts.input = OptionalInt.of(usage.path("input_tokens").asInt());
                }
                if (usage.has("cache_read_input_tokens")) {
                    counts.cacheRead = usage.path("cache_read_input_tokens").asInt(0);
                }
                if (usage.has("output_tokens")) {
                    counts.finalOutput = true;
                    update(state, counts, usage.path("output_tokens").asInt());
                }
            }
            case "message_stop" -> state.endMarker = true;
            case "error" -> {
                String m = ErrorBodies.fromNode(data);
                state.providerError = m.isBlank() ? data.toString() : m;
            }
            default -> {
                // ping, content_block_start/stop and event types added after this was written.
            }
        }
    }

    /** Anthropic counts cache reads and writes apart from input_tokens; all of them are prompt tokens. */
    private static void update(StreamState state, Counts counts, int output) {
        if (counts.input.isEmpty()) {
            return;
        }
        int prompt = counts.input.getAsInt() + counts.cacheRead + counts.cacheCreation;
        state.usage(prompt, output, counts.cacheRead, counts.finalOutput);
    }

    @Override
    Optional<String> incomplete(StreamState state) {
        if (!state.endMarker) {
            return Optional.of("the stream ended without message_stop"
                    + (state.finishReason == null ? " or a stop reason" : ""));
        }
        if (state.finishReason == null) {
            return Optional.of("the stream ended without a stop reason");
        }
        if (!state.usageFinal) {
            return Optional.of("the stream ended without its final usage (message_delta)");
        }
        return Optional.empty();
    }

    @Override
    HttpRequest.Builder modelsRequest(Optional<Secret> key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(v1() + "/models")).GET()
                .header("anthropic-version", VERSION);
        key.ifPresent(k -> b.header("x-api-key", k.reveal()));
        return b;
    }

    @Override
    java.util.List<String> modelIds(JsonNode body) {
        return texts(body.path("data"), "id");
    }
}
