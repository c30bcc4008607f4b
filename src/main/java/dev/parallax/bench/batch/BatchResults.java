package dev.parallax.bench.batch;

import dev.parallax.bench.quality.CheckResult;
import dev.parallax.history.BatchItem;
import dev.parallax.history.DatasetRow;

import java.util.List;
import java.util.Optional;

/**
 * A batch's report together with what a results grid shows: the dataset's rows and every finished item with the
 * outcome of its checks.
 *
 * @param rows  the dataset's rows in order (empty when the dataset was deleted)
 * @param items finished items (row, target, repeat) with their runs and check outcomes, in the order they finished
 */
public record BatchResults(BatchReport report, List<DatasetRow> rows, List<ScoredItem> items) {

    public BatchResults {
        rows = List.copyOf(rows);
        items = List.copyOf(items);
    }

    /** One finished item and its checks. */
    public record ScoredItem(BatchItem item, List<CheckResult> checks) {

        public ScoredItem {
            checks = List.copyOf(checks);
        }

        /**
         * Whether the item passed: its run completed and no check that applied failed. Empty when the run completed
         * and no check applied (there was nothing to pass or fail).
         */
        public Optional<Boolean> passed() {
            if (!item.run().succeeded()) {
                return Optional.of(false);
            }
            boolean anyApplied = false;
            for (CheckResult c : checks) {
                if (c.passed().isPresent()) {
                    anyApplied = true;
                    if (!c.passed().get()) {
                        return Optional.of(false);
                    }
                }
            }
            return anyApplied ? Optional.of(true) : Optional.empty();
        }
    }
}
