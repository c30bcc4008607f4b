package dev.parallax.history;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One imported row of a dataset, as it will be run: the prompt (template already filled), an optional system
 * prompt, expected answer, tags and checks, and every cell of the row by column name.
 *
 * @param rowNo  0-based position in the dataset
 * @param line   where the row was in the file (line, or sheet row for .xlsx)
 * @param checks the row's own assertions, as written in its checks column (e.g. {@code contains:Paris})
 */
public record DatasetRow(int rowNo, long line, String prompt, Optional<String> system, Optional<String> expected,
                         Optional<String> tags, Optional<String> checks, Map<String, String> values) {

    public DatasetRow {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(tags, "tags");
        Objects.requireNonNull(checks, "checks");
        values = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(values, "values")));
    }
}
