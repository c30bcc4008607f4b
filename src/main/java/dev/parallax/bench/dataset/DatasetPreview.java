package dev.parallax.bench.dataset;

import dev.parallax.history.DatasetRow;
import dev.parallax.history.SkippedRow;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a file holds before it is imported: its format, the columns found, how they would be mapped (or why they
 * cannot be), the first rows as they would run, and the rows among them that could not be read.
 *
 * @param mapping        role → column, plus {@code template}, as the import would use them
 * @param mappingProblem why the file cannot be imported with this mapping (pick another prompt column...)
 */
public record DatasetPreview(Path file, DatasetFormat format, List<String> columns, Map<String, String> mapping,
                             Optional<String> mappingProblem, List<DatasetRow> rows, List<SkippedRow> skipped) {

    public DatasetPreview {
        columns = List.copyOf(columns);
        mapping = Map.copyOf(mapping);
        rows = List.copyOf(rows);
        skipped = List.copyOf(skipped);
    }
}
