package dev.parallax.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parallax.core.ChatMessage;
import dev.parallax.core.GenerationParams;

/**
 * The JSON columns, written field by field so that renaming a record component never makes old rows
 * unreadable. A key missing from an old row reads as the default.
 */
public final class JsonColumns {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonColumns() {
    }

    static String messages(List<ChatMessage> messages) {
        ArrayNode array = MAPPER.createArrayNode();
        for (ChatMessage m : messages) {
            array.addObject()
                    .put("role", m.role().name().toLowerCase(Locale.ROOT))
                    .put("content", m.content());
        }
        return write(array);
    }

    static List<ChatMessage> messages(String json) {
        JsonNode array = read(json, "messages_json");
        List<ChatMessage> messages = new ArrayList<>(array.size());
        for (JsonNode m : array) {
            ChatMessage.Role role = ChatMessage.Role.valueOf(m.path("role").asText("user").toUpperCase(Locale.ROOT));
            messages.add(new ChatMessage(role, m.path("content").asText("")));
        }
        return messages;
    }

    static String params(GenerationParams p) {
        return write(paramsNode(p));
    }

    /** A run's generation parameters as the history stores them ({@code params_json}), for output that shows them. */
    public static ObjectNode paramsNode(GenerationParams p) {
        ObjectNode o = MAPPER.createObjectNode()
                .put("threads", p.threads())
                .put("context_size", p.contextSize())
                .put("max_tokens", p.maxTokens())
                .put("temperature", p.temperature())
                .put("top_k", p.topK())
                .put("top_p", p.topP())
                .put("min_p", p.minP())
                .put("repeat_penalty", p.repeatPenalty())
                .put("seed", p.seed())
                .put("gpu_layers", p.gpuLayers());
        ArrayNode stop = o.putArray("stop");
        p.stop().forEach(stop::add);
        return o;
    }

    static GenerationParams params(String json) {
        JsonNode o = read(json, "params_json");
        GenerationParams d = GenerationParams.defaults();
        List<String> stop = new ArrayList<>();
        o.path("stop").forEach(s -> stop.add(s.asText()));
        return new GenerationParams(
                o.path("threads").asInt(d.threads()),
                o.path("context_size").asInt(d.contextSize()),
                o.path("max_tokens").asInt(d.maxTokens()),
                o.path("temperature").asDouble(d.temperature()),
                o.path("top_k").asInt(d.topK()),
                o.path("top_p").asDouble(d.topP()),
                o.path("min_p").asDouble(d.minP()),
                o.path("repeat_penalty").asDouble(d.repeatPenalty()),
                o.path("seed").asLong(d.seed()),
                stop,
                o.path("gpu_layers").asInt(d.gpuLayers()));
    }

    /** A name → number map (provider timings), or null for none. */
    static String numbers(java.util.Map<String, Double> values) {
        ObjectNode o = MAPPER.createObjectNode();
        values.forEach(o::put);
        return write(o);
    }

    static java.util.Map<String, Double> numbers(String json) {
        java.util.Map<String, Double> values = new java.util.LinkedHashMap<>();
        if (json != null) {
            read(json, "provider_timings_json").fields()
                    .forEachRemaining(e -> values.put(e.getKey(), e.getValue().asDouble()));
        }
        return values;
    }

    /** A name → text map (cost inputs), in its order. */
    static String strings(java.util.Map<String, String> values) {
        ObjectNode o = MAPPER.createObjectNode();
        values.forEach(o::put);
        return write(o);
    }

    static java.util.Map<String, String> strings(String json) {
        java.util.Map<String, String> values = new java.util.LinkedHashMap<>();
        if (json != null) {
            read(json, "cost_inputs_json").fields()
                    .forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
        }
        return values;
    }

    private static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    private static JsonNode read(String json, String column) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new HistoryException("The history database has an unreadable " + column + ": " + e.getOriginalMessage(), e);
        }
    }
}
