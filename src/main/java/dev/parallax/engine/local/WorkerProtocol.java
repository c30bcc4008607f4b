package dev.parallax.engine.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parallax.core.ChatMessage;
import dev.parallax.core.GenerationParams;
import dev.parallax.core.PromptMode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The line protocol between Parallax and a local engine worker process.
 *
 * <p>Parent to worker (stdin): one JSON object per line, {@code type} = run | cancel | shutdown.
 * Worker to parent (stdout): one JSON object per line behind {@link #PREFIX}; any other stdout line
 * (native libraries print there too) is treated as log output, never as protocol.
 */
public final class WorkerProtocol {

    /** Marks a protocol line on the worker's stdout. */
    public static final String PREFIX = "@px ";

    public static final String RUN = "run";
    public static final String CANCEL = "cancel";
    public static final String SHUTDOWN = "shutdown";

    public static final String HELLO = "hello";
    public static final String STARTED = "started";
    public static final String LOADED = "loaded";
    public static final String TOKEN = "token";
    public static final String DONE = "done";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";

    private static final ObjectMapper JSON = new ObjectMapper();

    private WorkerProtocol() {
    }

    /** Both engines' refusal of a prompt the context cannot hold (the Playground recognises it by its words). */
    public static String promptTooLong(int promptTokens, int contextTokens) {
        return "the prompt is " + promptTokens + " tokens, but the context holds " + contextTokens
                + ": raise the context size or shorten the prompt";
    }

    public static ObjectNode message(String type) {
        ObjectNode node = JSON.createObjectNode();
        node.put("type", type);
        return node;
    }

    public static String encode(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a worker message", e);
        }
    }

    /** Parses a worker stdout line; empty when the line is not a protocol line. */
    public static Optional<JsonNode> decodeWorkerLine(String line) {
        if (!line.startsWith(PREFIX)) {
            return Optional.empty();
        }
        return decode(line.substring(PREFIX.length()));
    }

    public static Optional<JsonNode> decode(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            return node != null && node.isObject() && node.hasNonNull("type") ? Optional.of(node) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** The run request: what to load (model, context, threads, GPU layers) and what to generate. */
    public static ObjectNode runRequest(long runId, LoadSpec load, List<ChatMessage> messages, PromptMode mode,
                                        GenerationParams params) {
        ObjectNode node = message(RUN);
        node.put("id", runId);
        node.set("load", loadToJson(load));
        node.put("mode", mode.name());
        ArrayNode array = node.putArray("messages");
        for (ChatMessage m : messages) {
            array.addObject().put("role", m.role().name().toLowerCase(Locale.ROOT)).put("content", m.content());
        }
        ObjectNode p = node.putObject("params");
        p.put("maxTokens", params.maxTokens());
        p.put("temperature", params.temperature());
        p.put("topK", params.topK());
        p.put("topP", params.topP());
        p.put("minP", params.minP());
        p.put("repeatPenalty", params.repeatPenalty());
        p.put("seed", params.seed());
        ArrayNode stop = p.putArray("stop");
        params.stop().forEach(stop::add);
        return node;
    }

    public static ObjectNode loadToJson(LoadSpec load) {
        ObjectNode node = JSON.createObjectNode();
        node.put("model", load.modelFile());
        node.put("contextSize", load.contextSize());
        node.put("threads", load.threads());
        node.put("gpuLayers", load.gpuLayers());
        return node;
    }

    public static LoadSpec loadFromJson(JsonNode node) {
        return new LoadSpec(node.path("model").asText(), node.path("contextSize").asInt(),
                node.path("threads").asInt(), node.path("gpuLayers").asInt());
    }

    public static List<ChatMessage> messagesFromJson(JsonNode array) {
        List<ChatMessage> out = new ArrayList<>();
        for (JsonNode m : array) {
            out.add(new ChatMessage(ChatMessage.Role.valueOf(m.path("role").asText().toUpperCase(Locale.ROOT)),
                    m.path("content").asText()));
        }
        return out;
    }

    public static GenerationParams paramsFromJson(JsonNode p, LoadSpec load) {
        List<String> stop = new ArrayList<>();
        p.path("stop").forEach(s -> stop.add(s.asText()));
        return new GenerationParams(load.threads(), load.contextSize(), p.path("maxTokens").asInt(),
                p.path("temperature").asDouble(), p.path("topK").asInt(), p.path("topP").asDouble(),
                p.path("minP").asDouble(), p.path("repeatPenalty").asDouble(), p.path("seed").asLong(),
                stop, load.gpuLayers());
    }
}
