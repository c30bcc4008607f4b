package dev.parallax.bench.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One assertion about an answer. Written as text, in a dataset's checks column or on the command line:
 *
 * <pre>
 *   equals                 the answer equals the row's expected answer (trimmed)
 *   equals:TEXT            ... equals TEXT          (iequals: ignores case)
 *   contains[:TEXT]        ... contains it          (icontains: ignores case)
 *   regex:PATTERN          ... matches PATTERN somewhere (Java syntax)
 *   json                   ... is valid JSON (a ```json fence around it is allowed)
 *   json-schema:{...}      ... is JSON valid against the schema (a subset: type, required, properties, enum...)
 *   max-latency-ms:N       the run took at most N ms in all
 *   max-cost-usd:X         the run cost at most X dollars
 *   similar[:THRESHOLD]    cosine similarity to the expected answer at least THRESHOLD (default 0.8)
 * </pre>
 *
 * Several checks in one cell are separated by {@code ;} or line breaks ({@code ;;} for a literal semicolon).
 */
public sealed interface Check {

    double DEFAULT_SIMILARITY = 0.8;
    ObjectMapper JSON = new ObjectMapper();

    /** The check as written, e.g. {@code contains:Paris}: its name in reports. */
    String spec();

    record Equals(Optional<String> value, boolean ignoreCase, String spec) implements Check { }

    record Contains(Optional<String> value, boolean ignoreCase, String spec) implements Check { }

    record Regex(Pattern pattern, String spec) implements Check { }

    record ValidJson(String spec) implements Check { }

    record Schema(JsonNode schema, String spec) implements Check { }

    record MaxLatency(double ms, String spec) implements Check { }

    record MaxCost(BigDecimal usd, String spec) implements Check { }

    record Similar(double threshold, String spec) implements Check { }

    /** Parses one check; the message of the exception says what is wrong and what is allowed. */
    static Check parse(String text) {
        String spec = text.strip();
        int colon = spec.indexOf(':');
        String name = (colon < 0 ? spec : spec.substring(0, colon)).strip().toLowerCase(Locale.ROOT);
        Optional<String> arg = colon < 0 ? Optional.empty() : Optional.of(spec.substring(colon + 1));
        Check check;
        try {
            check = switch (name) {
                case "equals", "iequals" -> new Equals(arg, name.startsWith("i"), spec);
                case "contains", "icontains" -> new Contains(arg, name.startsWith("i"), spec);
                case "regex" -> new Regex(Pattern.compile(required(arg, "a pattern")), spec);
                case "json", "is-json" -> new ValidJson(spec);
                case "json-schema" -> new Schema(JSON.readTree(required(arg, "a JSON schema")), spec);
                case "max-latency-ms", "latency" -> new MaxLatency(Double.parseDouble(required(arg, "milliseconds").strip()), spec);
                case "max-cost-usd", "cost" -> new MaxCost(new BigDecimal(required(arg, "dollars").strip()), spec);
                case "similar" -> new Similar(arg.map(a -> Double.parseDouble(a.strip())).orElse(DEFAULT_SIMILARITY), spec);
                default -> throw new IllegalArgumentException("unknown check '" + name + "'");
            };
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("check '" + spec + "': not a valid regular expression: " + e.getDescription(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("check '" + spec + "': the schema is not valid JSON", e);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("check '" + spec + "': not a number", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " (checks: equals, iequals, contains, icontains, regex:P, json, "
                    + "json-schema:{...}, max-latency-ms:N, max-cost-usd:X, similar[:0.8])", e);
        }
        checkLimit(check);
        return check;
    }

    /**
     * A limit no answer can meet or every answer meets (a similarity of 5, a latency of -1 ms) would fail or pass each
     * row without a word; it is refused when written instead.
     */
    private static void checkLimit(Check check) {
        String wrong = null;
        if (check instanceof MaxLatency l && !(l.ms() > 0 && Double.isFinite(l.ms()))) {
            wrong = "the limit must be more than 0 ms";
        } else if (check instanceof MaxCost c && c.usd().signum() < 0) {
            wrong = "the limit must be 0 dollars or more";
        } else if (check instanceof Similar s && !(s.threshold() >= 0 && s.threshold() <= 1)) {
            wrong = "the threshold must be a similarity from 0 to 1, e.g. similar:0.8";
        }
        if (wrong != null) {
            throw new IllegalArgumentException("check '" + check.spec() + "': " + wrong);
        }
    }

    private static String required(Optional<String> arg, String what) {
        return arg.filter(a -> !a.isBlank()).orElseThrow(() -> new IllegalArgumentException("this check needs " + what
                + " after the colon"));
    }

    /** Every check in a cell: separated by ';' or line breaks, ';;' standing for a literal ';'. */
    static List<Check> parseAll(String cell) {
        List<Check> out = new ArrayList<>();
        if (cell == null || cell.isBlank()) {
            return out;
        }
        String marked = cell.replace(";;", "\u0000");
        for (String part : marked.split("[;\\r\\n]+")) {
            String p = part.replace('\u0000', ';');
            if (!p.isBlank()) {
                out.add(parse(p));
            }
        }
        return out;
    }
}
