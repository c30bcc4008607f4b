package dev.parallax.bench.dataset;

import dev.parallax.history.DatasetRow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which column plays which role: the prompt (or a template whose {@code {{column}}} variables are filled from the
 * row), the system prompt, the expected answer, tags, and the row's own checks. Roles left empty are found by
 * their usual column names (prompt, question, input...; expected, answer...), case-insensitively.
 */
public record ColumnMapping(Optional<String> prompt, Optional<String> system, Optional<String> expected,
                            Optional<String> tags, Optional<String> checks, Optional<String> template) {

    static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([^{}]+?)\\s*}}");
    /** The longest prompt a row may have (the database keeps texts up to a million characters). */
    static final int MAX_TEXT = 1_000_000;

    private static final List<String> PROMPT_NAMES = List.of("prompt", "question", "input", "query", "instruction",
            "text", "user", "message", "content");
    private static final List<String> SYSTEM_NAMES = List.of("system", "system_prompt", "system prompt", "systemprompt");
    private static final List<String> EXPECTED_NAMES = List.of("expected", "expected_answer", "expected answer",
            "expected_output", "answer", "ideal", "reference", "output", "target", "gold", "label");
    private static final List<String> TAG_NAMES = List.of("tags", "tag", "category", "categories", "topic");
    private static final List<String> CHECK_NAMES = List.of("checks", "check", "assert", "asserts", "assertions");

    public ColumnMapping {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(tags, "tags");
        Objects.requireNonNull(checks, "checks");
        Objects.requireNonNull(template, "template");
    }

    /** Every role found by its usual column name. */
    public static ColumnMapping auto() {
        return new ColumnMapping(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    public ColumnMapping withPrompt(String column) {
        return new ColumnMapping(Optional.ofNullable(column), system, expected, tags, checks, template);
    }

    public ColumnMapping withSystem(String column) {
        return new ColumnMapping(prompt, Optional.ofNullable(column), expected, tags, checks, template);
    }

    public ColumnMapping withExpected(String column) {
        return new ColumnMapping(prompt, system, Optional.ofNullable(column), tags, checks, template);
    }

    public ColumnMapping withTags(String column) {
        return new ColumnMapping(prompt, system, expected, Optional.ofNullable(column), checks, template);
    }

    public ColumnMapping withChecks(String column) {
        return new ColumnMapping(prompt, system, expected, tags, Optional.ofNullable(column), template);
    }

    /** A prompt template such as {@code "Translate to French: {{text}}"}. */
    public ColumnMapping withTemplate(String text) {
        return new ColumnMapping(prompt, system, expected, tags, checks, Optional.ofNullable(text));
    }

    /** The variables a template uses, in order of first use. */
    public static List<String> variables(String template) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = VARIABLE.matcher(template);
        while (m.find()) {
            out.add(m.group(1));
        }
        return new ArrayList<>(out);
    }

    /**
     * The mapping for a file with these columns.
     *
     * @throws IllegalArgumentException naming the missing column and the columns the file has
     */
    public Resolved resolve(List<String> columns) {
        Optional<String> t = template.filter(s -> !s.isBlank());
        Optional<String> p = given(prompt, columns, "prompt");
        if (p.isEmpty() && t.isEmpty()) {
            p = find(PROMPT_NAMES, columns);
            if (p.isEmpty() && columns.size() == 1) {
                p = Optional.of(columns.get(0));
            }
            if (p.isEmpty()) {
                throw new IllegalArgumentException("which column holds the prompt? The file has " + list(columns)
                        + "; name one (--prompt-column) or give a template with {{column}} variables (--template)");
            }
        }
        Map<String, String> templateColumns = new LinkedHashMap<>();
        if (t.isPresent()) {
            for (String v : variables(t.get())) {
                String column = match(v, columns).orElseThrow(() -> new IllegalArgumentException("the template uses {{"
                        + v + "}} but the file has no column '" + v + "'; its columns are " + list(columns)));
                templateColumns.put(v, column);
            }
        }
        Set<String> used = new LinkedHashSet<>();
        p.ifPresent(used::add);
        Optional<String> s = given(system, columns, "system").or(() -> free(find(SYSTEM_NAMES, columns), used));
        s.ifPresent(used::add);
        Optional<String> e = given(expected, columns, "expected answer").or(() -> free(find(EXPECTED_NAMES, columns), used));
        e.ifPresent(used::add);
        Optional<String> g = given(tags, columns, "tags").or(() -> free(find(TAG_NAMES, columns), used));
        g.ifPresent(used::add);
        Optional<String> c = given(checks, columns, "checks").or(() -> free(find(CHECK_NAMES, columns), used));
        return new Resolved(p, s, e, g, c, t, templateColumns);
    }

    private static Optional<String> free(Optional<String> column, Set<String> used) {
        return column.filter(col -> !used.contains(col));
    }

    private static Optional<String> given(Optional<String> name, List<String> columns, String role) {
        if (name.isEmpty() || name.get().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(match(name.get(), columns).orElseThrow(() -> new IllegalArgumentException("there is no column '"
                + name.get() + "' for the " + role + "; the file has " + list(columns))));
    }

    private static Optional<String> find(List<String> names, List<String> columns) {
        for (String n : names) {
            Optional<String> m = match(n, columns);
            if (m.isPresent()) {
                return m;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> match(String name, List<String> columns) {
        for (String c : columns) {
            if (c.equals(name)) {
                return Optional.of(c);
            }
        }
        for (String c : columns) {
            if (c.strip().equalsIgnoreCase(name.strip())) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    private static String list(List<String> columns) {
        return columns.isEmpty() ? "no columns" : String.join(", ", columns);
    }

    /** A mapping checked against a file's columns; turns rows into {@link DatasetRow}s. */
    public record Resolved(Optional<String> prompt, Optional<String> system, Optional<String> expected,
                           Optional<String> tags, Optional<String> checks, Optional<String> template,
                           Map<String, String> templateColumns) {

        /** The row to run, or why it cannot be run. */
        public Mapped map(int rowNo, long line, Map<String, String> values) {
            String text = template.map(t -> fill(t, values)).orElseGet(() -> values.getOrDefault(prompt.orElseThrow(), ""));
            if (text.isBlank()) {
                return new Mapped(Optional.empty(), Optional.of(template.isPresent()
                        ? "the template gives an empty prompt" : "has an empty prompt (column " + prompt.orElseThrow() + ")"));
            }
            if (text.length() > MAX_TEXT) {
                return new Mapped(Optional.empty(), Optional.of("has a prompt of " + text.length()
                        + " characters; the most a row may have is " + MAX_TEXT));
            }
            for (String v : values.values()) {
                if (v.length() > MAX_TEXT) {
                    return new Mapped(Optional.empty(), Optional.of("has a value of " + v.length()
                            + " characters; the most a cell may have is " + MAX_TEXT));
                }
            }
            return new Mapped(Optional.of(new DatasetRow(rowNo, line, text, cell(system, values), cell(expected, values),
                    cell(tags, values), cell(checks, values), values)), Optional.empty());
        }

        private String fill(String t, Map<String, String> values) {
            Matcher m = VARIABLE.matcher(t);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String column = templateColumns.getOrDefault(m.group(1), m.group(1));
                m.appendReplacement(out, Matcher.quoteReplacement(values.getOrDefault(column, "")));
            }
            m.appendTail(out);
            return out.toString();
        }

        private static Optional<String> cell(Optional<String> column, Map<String, String> values) {
            return column.map(c -> values.getOrDefault(c, "")).filter(v -> !v.isEmpty());
        }

        /** Role → column, plus the template: what is stored with the dataset and shown in a preview. */
        public Map<String, String> asMap() {
            Map<String, String> m = new LinkedHashMap<>();
            prompt.ifPresent(v -> m.put("prompt", v));
            template.ifPresent(v -> m.put("template", v));
            system.ifPresent(v -> m.put("system", v));
            expected.ifPresent(v -> m.put("expected", v));
            tags.ifPresent(v -> m.put("tags", v));
            checks.ifPresent(v -> m.put("checks", v));
            return m;
        }
    }

    /** A mapped row, or the reason it was skipped. */
    public record Mapped(Optional<DatasetRow> row, Optional<String> problem) {
    }
}
