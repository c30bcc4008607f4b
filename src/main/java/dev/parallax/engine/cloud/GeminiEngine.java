package dev.parallax.engine.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parallax.core.ChatMessage;
import dev.parallax.core.GenerationParams;
import dev.parallax.core.RunSpec;
import dev.parallax.secrets.Secret;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Gemini, streamed: {@code POST {base}/v1beta/models/{model}:streamGenerateContent?alt=sse} with the key in
 * {@code x-goog-api-key} (never in the URL). Every chunk may repeat {@code usageMetadata}: the last one wins, and
 * only one that came with or after the finish reason is final. The finish reason (STOP, MAX_TOKENS, SAFETY...)
 * is recorded as the stop reason; a blocked prompt fails the run. Thought parts are not content.
 *
 * <p>The stream has no end marker: it is complete when it ends cleanly after a finish reason and final usage.
 */
final class GeminiEngine extends CloudEngine {

    GeminiEngine(Provider provider, CloudHttp http, Supplier<Optional<Secret>> key) {
        super(provider, http, key);
    }

    @Override
    public String name() {
        return "gemini-generate";
    }

    private String versioned() {
        String base = provider().base();
        return base.matches(".*/v1(beta\\d*|alpha)?$") ? base : base + "/v1beta";
    }

    @Override
    HttpRequest.Builder request(RunSpec spec, Optional<Secret> key) {
        String model = spec.target().model();
        if (model.startsWith("models/")) {
            model = model.substring("models/".length());
        }
        GenerationParams p = spec.params();
        ObjectNode body = JSON.createObjectNode();
        String system = spec.systemPrompt();
        if (!system.isEmpty()) {
            body.putObject("systemInstruction").putArray("parts").addObject().put("text", system);
        }
        ArrayNode contents = body.putArray("contents");
        for (ChatMessage m : spec.messages()) {
            if (m.role() == ChatMessage.Role.SYSTEM) {
                continue;
            }
            ObjectNode c = contents.addObject();
            c.put("role", m.role() == ChatMessage.Role.USER ? "user" : "model");
            c.putArray("parts").addObject().put("text", m.content());
        }
        ObjectNode config = body.putObject("generationConfig");
        config.put("maxOutputTokens", p.maxTokens());
        config.put("temperature", p.temperature());
        if (!p.stop().isEmpty()) {
            ArrayNode stop = config.putArray("stopSequences");
            p.stop().stream().limit(5).forEach(stop::add);
        }
        if (p.seed() >= 0) {
            config.put("seed", p.seed());
        }
        String url = versioned() + "/models/" + URLEncoder.encode(model, StandardCharsets.UTF_8)
                + ":streamGenerateContent?alt=sse";
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(url))
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json(body)));
        key.ifPresent(k -> b.header("x-goog-api-key", k.reveal()));
        return b;
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
                state.endMarker = true;
            }
        };
    }

    private void onEvent(SseEvent event, long nanos, StreamState state, TokenSink tokens) {
        JsonNode chunk;
        try {
            chunk = JSON.readTree(event.data());
        } catch (IOException e) {
            state.malformed = "an event that is not JSON: " + OpenAiEngine.clip(event.data());
            return;
        }
        if (chunk == null || !chunk.isObject()) {
            state.malformed = "an event that is not a JSON object: " + OpenAiEngine.clip(event.data());
            return;
        }
        if (chunk.has("error")) {
            state.providerError = ErrorBodies.fromNode(chunk);
            return;
        }
        String blocked = chunk.path("promptFeedback").path("blockReason").asText("");
        if (!blocked.isEmpty()) {
            state.providerError = "the prompt was blocked (" + blocked + ")";
            state.finishReason = blocked;
            return;
        }
        JsonNode candidate = chunk.path("candidates").path(0);
        for (JsonNode part : candidate.path("content").path("parts")) {
            if (part.path("thought").asBoolean(false)) {
                continue;
            }
            JsonNode text = part.get("text");
            if (text != null && text.isTextual()) {
                tokens.token(text.asText(), nanos);
            }
        }
        String finish = candidate.path("finishReason").asText("");
        if (!finish.isEmpty() && !finish.equals("FINISH_REASON_UNSPECIFIED")) {
            state.finishReason = finish;
        }
        JsonNode usage = chunk.get("usageMetadata");
        if (usage != null && usage.isObject()) {
            int completion = usage.path("candidatesTokenCount").asInt(0) + usage.path("thoughtsTokenCount").asInt(0);
            state.usage(usage.path("promptTokenCount").asInt(0), completion,
                    usage.path("cachedContentTokenCount").asInt(0), state.finishReason != null);
        }
    }

    @Override
    boolean endsAtMarker() {
        return false;
    }

    @Override
    Optional<String> incomplete(StreamState state) {
        if (state.finishReason == null) {
            return Optional.of("the stream ended without a finish reason");
        }
        if (!state.usageFinal) {
            return Optional.of("the stream ended without final usage metadata");
        }
        return Optional.empty();
    }

    @Override
    HttpRequest.Builder modelsRequest(Optional<Secret> key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(versioned() + "/models")).GET();
        key.ifPresent(k -> b.header("x-goog-api-key", k.reveal()));
        return b;
    }

    @Override
    java.util.List<String> modelIds(JsonNode body) {
        return texts(body.path("models"), "name").stream().map(n -> n.startsWith("models/") ? n.substring("models/".length()) : n).toList();
    }
}
