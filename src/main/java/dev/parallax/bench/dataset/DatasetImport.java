package dev.parallax.bench.dataset;

import dev.parallax.history.DatasetRecord;
import dev.parallax.history.SkippedRow;

import java.util.List;

/**
 * An imported dataset and how long the import took. {@code dataset().skipped()} lists the rows left out.
 *
 * @param reused true when the same file had been imported before with the same name and mapping, and that dataset
 *               is returned instead of a copy
 */
public record DatasetImport(DatasetRecord dataset, double elapsedMs, boolean reused) {

    public DatasetImport(DatasetRecord dataset, double elapsedMs) {
        this(dataset, elapsedMs, false);
    }

    public List<SkippedRow> skipped() {
        return dataset.skipped();
    }
}
