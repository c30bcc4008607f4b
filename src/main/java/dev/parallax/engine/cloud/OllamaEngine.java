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
import java.net.http.HttpRequest;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Ollama's native chat API: {@code POST {base}/api/chat}, answered with one JSON object a line. The last line
 * ({@code "done": true}) carries the counts and Ollama's own timings in nanoseconds: {@code prompt_eval_count},
 * {@code prompt_eval_duration}, {@code eval_count}, {@code eval_duration} become EngineTimings next to Parallax's
 * measurements; {@code total_duration} and {@code load_duration} become provider timings. A line with
 * {@code error} fails the run with Ollama's message. Ollama is llama.cpp, so every sampling knob is passed on.
 */
final class OllamaEngine extends CloudEngine {

    OllamaEngine(Provider provider, CloudHttp http, Supplier<Optional<Secret>> key) {
        super(provider, http, key);
    }

    @Override
    public String name() {
        return "ollama-chat";
    }

    @Override
    HttpRequest.Builder request(RunSpec spec, Optional<Secret> key) {
        GenerationParams p = spec.params();
        ObjectNode body = JSON.createObjectNode();
        body.put("model", spec.target().model());
        ArrayNode messages = body.putArray("messages");
        for (ChatMessage m : spec.messages()) {
            messages.addObject().put("role", m.role().name().toLowerCase(Locale.ROOT)).put("content", m.content());
        }
        body.put("stream", true);
        ObjectNode options = body.putObject("options");
        options.put("num_predict", p.maxTokens());
        options.put("temperature", p.temperature());
        options.put("top_k", p.topK());
        options.put("top_p", p.topP());
        options.put("min_p", p.minP());
        options.put("repeat_penalty", p.repeatPenalty());
        if (p.contextSize() > 0) {
            options.put("num_ctx", p.contextSize());
        }
        if (p.threads() > 0) {
            options.put("num_thread", p.threads());
        }
        if (p.seed() >= 0) {
            options.put("seed", p.seed());
        }
        if (!p.stop().isEmpty()) {
            ArrayNode stop = options.putArray("stop");
            p.stop().forEach(stop::add);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(provider().base() + "/api/chat"))
                .header("Content-Type", "application/json")
                .header("Accept", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json(body)));
        key.ifPresent(k -> b.header("Authorization", "Bearer " + k.reveal()));
        return b;
    }

    @Override
    StreamDecoder decoder(StreamState state, TokenSink tokens) {
        LineSplitter lines = new LineSplitter((line, nanos) -> onLine(line, nanos, state, tokens));
        return new StreamDecoder() {
            @Override
            public void feed(byte[] bytes, int offset, int length, long nanos) {
                lines.feed(bytes, offset, length, nanos);
            }

            @Override
            public void end(long nanos) {
                if (lines.hasPending()) {
                    onLine(lines.pending(), nanos, state, tokens);
                }
            }
        };
    }

    private void onLine(String line, long nanos, StreamState state, TokenSink tokens) {
        if (line.isBlank() || state.failed()) {
            return;
        }
        JsonNode o;
        try {
            o = JSON.readTree(line);
        } catch (IOException e) {
            state.malformed = "a line that is not JSON: " + OpenAiEngine.clip(line);
            return;
        }
        if (o == null || !o.isObject()) {
            state.malformed = "a line that is not a JSON object: " + OpenAiEngine.clip(line);
            return;
        }
        if (o.has("error")) {
            state.providerError = ErrorBodies.fromNode(o);
            return;
        }
        JsonNode content = o.path("message").get("content");
        if (content != null && content.isTextual()) {
            tokens.token(content.asText(), nanos);
        }
        if (o.path("done").asBoolean(false)) {
            state.finishReason = o.path("done_reason").asText("stop");
            int prompt = o.path("prompt_eval_count").asInt(0);
            int eval = o.path("eval_count").asInt(0);
            state.usage(prompt, eval, 0, o.has("eval_count"));
            if (o.has("eval_duration")) {
                state.engineTimings = Optional.of(new EngineTimings(prompt, o.path("prompt_eval_duration").asLong(0) / 1e6,
                        eval, o.path("eval_duration").asLong(0) / 1e6));
            }
            if (o.has("total_duration")) {
                state.providerTimings.put("total_ms", o.path("total_duration").asLong() / 1e6);
            }
            if (o.has("load_duration")) {
                state.providerTimings.put("load_ms", o.path("load_duration").asLong() / 1e6);
            }
            state.endMarker = true;
        }
    }

    @Override
    boolean eventStream() {
        return false;
    }

    @Override
    Optional<String> incomplete(StreamState state) {
        if (!state.endMarker) {
            return Optional.of("the stream ended without its final \"done\": true line");
        }
        if (!state.usageFinal) {
            return Optional.of("the final line carried no eval_count");
        }
        return Optional.empty();
    }

    @Override
    HttpRequest.Builder modelsRequest(Optional<Secret> key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(provider().base() + "/api/tags")).GET();
        key.ifPresent(k -> b.header("Authorization", "Bearer " + k.reveal()));
        return b;
    }

    @Override
    java.util.List<String> modelIds(JsonNode body) {
        return texts(body.path("models"), "name");
    }
}
