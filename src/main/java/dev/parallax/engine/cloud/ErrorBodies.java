package dev.parallax.engine.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.Locale;

/** The message inside a provider's error body, whichever of the usual shapes it has. */
final class ErrorBodies {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_TEXT = 400;

    private ErrorBodies() {
    }

    /** "type/code: message" from an error body, or the start of the body when it is not JSON. */
    static String message(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode root = JSON.readTree(body);
            if (root != null && root.isArray() && root.size() > 0) {
                root = root.get(0);
            }
            String m = fromNode(root);
            if (!m.isBlank()) {
                return clip(m);
            }
        } catch (IOException e) {
            // Not JSON: an HTML error page, a proxy's text.
        }
        return clip(body.strip().replaceAll("\\s+", " "));
    }

    static String fromNode(JsonNode root) {
        if (root == null) {
            return "";
        }
        JsonNode error = root.get("error");
        if (error != null && error.isTextual()) {
            return error.asText();
        }
        if (error != null && error.isObject()) {
            String message = error.path("message").asText("");
            String kind = first(error, "code", "type", "status");
            return kind.isEmpty() ? message : message.isEmpty() ? kind : kind + ": " + message;
        }
        if (root.has("message")) {
            return root.path("message").asText("");
        }
        if (root.has("detail")) {
            JsonNode d = root.get("detail");
            return d.isTextual() ? d.asText() : d.toString();
        }
        return "";
    }

    /** Whether the body says the account is out of quota or over its spend limit: retrying cannot help. */
    static boolean isQuota(String body) {
        if (body == null) {
            return false;
        }
        String b = body.toLowerCase(Locale.ROOT);
        return b.contains("insufficient_quota") || b.contains("enforced_spend_limit_reached");
    }

    private static String first(JsonNode n, String... fields) {
        for (String f : fields) {
            JsonNode v = n.get(f);
            if (v != null && !v.isNull() && !v.asText("").isBlank()) {
                return v.asText();
            }
        }
        return "";
    }

    private static String clip(String s) {
        return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT) + "…";
    }
}
