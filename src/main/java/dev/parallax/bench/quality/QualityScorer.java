package dev.parallax.bench.quality;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs checks on answers. Similarity checks use the given embedding model and are skipped without one. */
public final class QualityScorer {

    private static final Pattern FENCE = Pattern.compile("^\\s*```[a-zA-Z0-9_-]*\\s*\\n(.*?)\\n?```\\s*$", Pattern.DOTALL);

    private final Optional<Similarity> similarity;

    public QualityScorer(Optional<Similarity> similarity) {
        this.similarity = similarity;
    }

    public List<CheckResult> score(List<Check> checks, Answer answer) {
        List<CheckResult> out = new ArrayList<>(checks.size());
        for (Check c : checks) {
            out.add(score(c, answer));
        }
        return out;
    }

    public CheckResult score(Check check, Answer a) {
        String name = check.spec();
        String text = a.text();
        if (check instanceof Check.Equals e) {
            Optional<String> want = e.value().or(a::expected);
            if (want.isEmpty()) {
                return CheckResult.notApplicable(name, "the row has no expected answer");
            }
            boolean ok = e.ignoreCase() ? text.strip().equalsIgnoreCase(want.get().strip()) : text.strip().equals(want.get().strip());
            return CheckResult.of(name, ok, ok ? "equal" : "differs from " + clip(want.get()));
        }
        if (check instanceof Check.Contains c) {
            Optional<String> want = c.value().or(a::expected);
            if (want.isEmpty()) {
                return CheckResult.notApplicable(name, "the row has no expected answer");
            }
            boolean ok = c.ignoreCase() ? text.toLowerCase(Locale.ROOT).contains(want.get().toLowerCase(Locale.ROOT))
                    : text.contains(want.get());
            return CheckResult.of(name, ok, (ok ? "contains " : "does not contain ") + clip(want.get()));
        }
        if (check instanceof Check.Regex r) {
            boolean ok = r.pattern().matcher(text).find();
            return CheckResult.of(name, ok, (ok ? "matches " : "does not match ") + r.pattern().pattern());
        }
        if (check instanceof Check.ValidJson) {
            Optional<String> problem = jsonProblem(text);
            return CheckResult.of(name, problem.isEmpty(), problem.orElse("valid JSON"));
        }
        if (check instanceof Check.Schema s) {
            JsonNode value;
            try {
                value = Check.JSON.readTree(unfence(text));
            } catch (JsonProcessingException e) {
                return CheckResult.fail(name, "not valid JSON: " + e.getOriginalMessage());
            }
            if (value == null || value.isMissingNode()) {
                return CheckResult.fail(name, "empty answer, not JSON");
            }
            List<String> errors = JsonSchemaValidator.validate(s.schema(), value);
            return CheckResult.of(name, errors.isEmpty(), errors.isEmpty() ? "valid against the schema"
                    : String.join("; ", errors.subList(0, Math.min(3, errors.size()))));
        }
        if (check instanceof Check.MaxLatency m) {
            if (a.totalMs().isEmpty()) {
                return CheckResult.notApplicable(name, "the run's time is unknown");
            }
            double ms = a.totalMs().getAsDouble();
            return CheckResult.of(name, ms <= m.ms(), String.format(Locale.ROOT, "%.0f ms (limit %.0f)", ms, m.ms()));
        }
        if (check instanceof Check.MaxCost m) {
            if (a.costUsd().isEmpty()) {
                return CheckResult.notApplicable(name, "the run's cost is unknown");
            }
            boolean ok = a.costUsd().get().compareTo(m.usd()) <= 0;
            return CheckResult.of(name, ok, "$" + a.costUsd().get().stripTrailingZeros().toPlainString() + " (limit $"
                    + m.usd().toPlainString() + ")");
        }
        if (check instanceof Check.Similar s) {
            if (a.expected().isEmpty()) {
                return CheckResult.notApplicable(name, "the row has no expected answer");
            }
            if (similarity.isEmpty()) {
                return CheckResult.notApplicable(name, "no embedding model");
            }
            double cos = similarity.get().cosine(text, a.expected().get());
            return new CheckResult(name, Optional.of(cos >= s.threshold()),
                    String.format(Locale.ROOT, "similarity %.3f (threshold %.2f)", cos, s.threshold()), OptionalDouble.of(cos));
        }
        throw new IllegalStateException("unknown check " + check);
    }

    /** The text without a surrounding Markdown code fence, as models often write JSON. */
    static String unfence(String text) {
        Matcher m = FENCE.matcher(text);
        return m.matches() ? m.group(1) : text;
    }

    static Optional<String> jsonProblem(String text) {
        String body = unfence(text).strip();
        if (body.isEmpty()) {
            return Optional.of("empty answer, not JSON");
        }
        try (var parser = Check.JSON.getFactory().createParser(body)) {
            Check.JSON.readTree(parser);
            if (parser.nextToken() != null) {
                return Optional.of("text after the JSON value");
            }
            return Optional.empty();
        } catch (java.io.IOException e) {
            return Optional.of("not valid JSON: " + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
    }

    private static String clip(String s) {
        String one = s.replace('\n', ' ');
        return "'" + (one.length() <= 60 ? one : one.substring(0, 60) + "…") + "'";
    }
}
