package dev.parallax.bench.dataset;

import dev.parallax.history.DatasetRecord;
import dev.parallax.history.SkippedRow;

import java.util.List;

/** An imported dataset and how long the import took. {@code dataset().skipped()} lists the rows left out. */
public record DatasetImport(DatasetRecord dataset, double elapsedMs) {

    public List<SkippedRow> skipped() {
        return dataset.skipped();
    }
}
