package dev.parallax.history;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A stored dataset: where it came from, its columns, how they were mapped, how many rows it has, and the rows
 * of the file that could not be imported.
 *
 * @param mapping role → column (prompt, system, expected, tags, checks) and {@code template} when one was used
 */
public record DatasetRecord(String id, String name, String sourceFile, String format, Instant createdAt, int rowCount,
                            List<String> columns, Map<String, String> mapping, List<SkippedRow> skipped) {

    public DatasetRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sourceFile, "sourceFile");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(createdAt, "createdAt");
        columns = List.copyOf(columns);
        mapping = Map.copyOf(mapping);
        skipped = List.copyOf(skipped);
    }
}
