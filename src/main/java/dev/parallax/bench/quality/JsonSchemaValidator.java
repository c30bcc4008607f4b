package dev.parallax.bench.quality;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A JSON Schema subset that covers what answer checks need: type (one or a list), enum, const, required,
 * properties, additionalProperties (true/false/schema), items, minItems/maxItems, minimum/maximum,
 * exclusiveMinimum/exclusiveMaximum (numbers), minLength/maxLength, pattern, anyOf. Other keywords are ignored.
 */
final class JsonSchemaValidator {

    private JsonSchemaValidator() {
    }

    /** The problems found, each with a JSON pointer to where; empty when the value is valid. */
    static List<String> validate(JsonNode schema, JsonNode value) {
        List<String> errors = new ArrayList<>();
        check(schema, value, "", errors);
        return errors;
    }

    private static void check(JsonNode s, JsonNode v, String at, List<String> errors) {
        if (s == null || !s.isObject()) {
            if (s != null && s.isBoolean() && !s.asBoolean()) {
                errors.add(where(at) + " is not allowed");
            }
            return;
        }
        JsonNode type = s.get("type");
        if (type != null) {
            boolean ok = false;
            if (type.isArray()) {
                for (JsonNode t : type) {
                    ok |= isType(v, t.asText());
                }
            } else {
                ok = isType(v, type.asText());
            }
            if (!ok) {
                errors.add(where(at) + " should be " + (type.isArray() ? "one of " + type : type.asText()) + ", not " + typeOf(v));
                return;
            }
        }
        JsonNode en = s.get("enum");
        if (en != null && en.isArray()) {
            boolean found = false;
            for (JsonNode e : en) {
                found |= equal(e, v);
            }
            if (!found) {
                errors.add(where(at) + " should be one of " + en + ", not " + v);
            }
        }
        JsonNode cst = s.get("const");
        if (cst != null && !equal(cst, v)) {
            errors.add(where(at) + " should be " + cst + ", not " + v);
        }
        JsonNode anyOf = s.get("anyOf");
        if (anyOf != null && anyOf.isArray()) {
            boolean any = false;
            for (JsonNode sub : anyOf) {
                any |= validate(sub, v).isEmpty();
            }
            if (!any) {
                errors.add(where(at) + " matches none of anyOf");
            }
        }
        if (v.isObject()) {
            JsonNode required = s.get("required");
            if (required != null) {
                for (JsonNode r : required) {
                    if (!v.has(r.asText())) {
                        errors.add(where(at) + " lacks the required property '" + r.asText() + "'");
                    }
                }
            }
            JsonNode props = s.get("properties");
            JsonNode additional = s.get("additionalProperties");
            Iterator<Map.Entry<String, JsonNode>> fields = v.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                String child = at + "/" + f.getKey().replace("~", "~0").replace("/", "~1");
                if (props != null && props.has(f.getKey())) {
                    check(props.get(f.getKey()), f.getValue(), child, errors);
                } else if (additional != null) {
                    if (additional.isBoolean() && !additional.asBoolean()) {
                        errors.add(where(at) + " has a property '" + f.getKey() + "' the schema does not allow");
                    } else if (additional.isObject()) {
                        check(additional, f.getValue(), child, errors);
                    }
                }
            }
        }
        if (v.isArray()) {
            JsonNode items = s.get("items");
            if (items != null && items.isObject()) {
                for (int i = 0; i < v.size(); i++) {
                    check(items, v.get(i), at + "/" + i, errors);
                }
            }
            bound(s, "minItems", v.size(), true, at, "items", errors);
            bound(s, "maxItems", v.size(), false, at, "items", errors);
        }
        if (v.isNumber()) {
            double d = v.asDouble();
            if (s.has("minimum") && d < s.get("minimum").asDouble()) {
                errors.add(where(at) + " should be at least " + s.get("minimum") + ", not " + v);
            }
            if (s.has("maximum") && d > s.get("maximum").asDouble()) {
                errors.add(where(at) + " should be at most " + s.get("maximum") + ", not " + v);
            }
            if (s.has("exclusiveMinimum") && s.get("exclusiveMinimum").isNumber() && d <= s.get("exclusiveMinimum").asDouble()) {
                errors.add(where(at) + " should be more than " + s.get("exclusiveMinimum") + ", not " + v);
            }
            if (s.has("exclusiveMaximum") && s.get("exclusiveMaximum").isNumber() && d >= s.get("exclusiveMaximum").asDouble()) {
                errors.add(where(at) + " should be less than " + s.get("exclusiveMaximum") + ", not " + v);
            }
        }
        if (v.isTextual()) {
            int len = v.asText().codePointCount(0, v.asText().length());
            bound(s, "minLength", len, true, at, "characters", errors);
            bound(s, "maxLength", len, false, at, "characters", errors);
            if (s.has("pattern") && !Pattern.compile(s.get("pattern").asText()).matcher(v.asText()).find()) {
                errors.add(where(at) + " does not match the pattern " + s.get("pattern").asText());
            }
        }
    }

    private static void bound(JsonNode s, String key, int actual, boolean min, String at, String what, List<String> errors) {
        if (s.has(key)) {
            int limit = s.get(key).asInt();
            if (min ? actual < limit : actual > limit) {
                errors.add(where(at) + " has " + actual + " " + what + ", " + (min ? "fewer than " : "more than ") + limit);
            }
        }
    }

    private static boolean equal(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static boolean isType(JsonNode v, String type) {
        return switch (type) {
            case "object" -> v.isObject();
            case "array" -> v.isArray();
            case "string" -> v.isTextual();
            case "number" -> v.isNumber();
            case "integer" -> v.isIntegralNumber() || (v.isNumber() && v.asDouble() == Math.rint(v.asDouble()));
            case "boolean" -> v.isBoolean();
            case "null" -> v.isNull();
            default -> true;
        };
    }

    private static String typeOf(JsonNode v) {
        if (v.isObject()) {
            return "an object";
        }
        if (v.isArray()) {
            return "an array";
        }
        if (v.isTextual()) {
            return "a string";
        }
        if (v.isNumber()) {
            return "a number";
        }
        if (v.isBoolean()) {
            return "a boolean";
        }
        return "null";
    }

    private static String where(String at) {
        return at.isEmpty() ? "the answer" : at;
    }
}
