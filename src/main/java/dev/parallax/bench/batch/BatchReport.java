package dev.parallax.bench.batch;

import dev.parallax.bench.stats.TargetComparison;
import dev.parallax.bench.stats.TargetStats;
import dev.parallax.history.BatchRecord;
import dev.parallax.history.SkippedRow;

import java.util.List;

/**
 * A batch's results: per-target statistics (success, timings with confidence intervals, tokens, cost, pass
 * rates), pairwise verdicts, rows where targets disagree, and the dataset rows that could not be imported.
 *
 * @param agreementChecked whether answers were compared between targets (it needs the embedding model)
 */
public record BatchReport(BatchRecord batch, BatchState state, int totalItems, int finishedItems, int rows,
                          List<TargetStats> targets, List<TargetComparison> comparisons,
                          boolean agreementChecked, List<Disagreement> disagreements, List<SkippedRow> skippedRows) {

    public BatchReport {
        targets = List.copyOf(targets);
        comparisons = List.copyOf(comparisons);
        disagreements = List.copyOf(disagreements);
        skippedRows = List.copyOf(skippedRows);
    }
}
