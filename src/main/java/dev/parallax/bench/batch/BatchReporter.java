package dev.parallax.bench.batch;

import dev.parallax.bench.quality.Answer;
import dev.parallax.bench.quality.Check;
import dev.parallax.bench.quality.CheckResult;
import dev.parallax.bench.quality.QualityScorer;
import dev.parallax.bench.quality.Similarity;
import dev.parallax.bench.stats.Statistics;
import dev.parallax.bench.stats.TargetStats;
import dev.parallax.core.Target;
import dev.parallax.history.BatchItem;
import dev.parallax.history.BatchRecord;
import dev.parallax.history.BatchRepository;
import dev.parallax.history.DatasetRecord;
import dev.parallax.history.DatasetRepository;
import dev.parallax.history.DatasetRow;
import dev.parallax.history.RunMetrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** Builds a {@link BatchReport} from what the history database holds about a batch. */
public final class BatchReporter {

    /** Below this cosine similarity two answers to the same row are flagged as disagreeing. */
    public static final double DISAGREEMENT_THRESHOLD = 0.6;

    private final BatchRepository batches;
    private final DatasetRepository datasets;
    private final Statistics statistics;
    private final Optional<Similarity> similarity;

    public BatchReporter(BatchRepository batches, DatasetRepository datasets, Statistics statistics,
                         Optional<Similarity> similarity) {
        this.batches = batches;
        this.datasets = datasets;
        this.statistics = statistics;
        this.similarity = similarity;
    }

    /**
     * @param agreement also compare answers between targets row by row (one embedding per answer: slow on big batches)
     */
    public BatchReport report(String batchId, boolean agreement) {
        return results(batchId, agreement).report();
    }

    /**
     * The report with the dataset's rows and each finished item's check outcomes: what a results grid shows.
     *
     * @param agreement also compare answers between targets row by row
     */
    public BatchResults results(String batchId, boolean agreement) {
        BatchRecord batch = batches.find(batchId).orElseThrow(() -> new IllegalArgumentException("no batch '" + batchId
                + "'; see 'parallax batch list'"));
        Optional<DatasetRecord> dataset = datasets.find(batch.datasetId());
        int rows = dataset.map(DatasetRecord::rowCount).orElse(0);
        List<BatchItem> items = batches.items(batch.id());
        Map<Integer, DatasetRow> rowsByNo = rowsOf(dataset);
        List<Check> batchChecks = batch.checks().stream().map(Check::parse).toList();
        QualityScorer scorer = new QualityScorer(similarity);

        List<String> targets = batch.targets();
        List<List<RunMetrics>> runs = new ArrayList<>();
        List<List<List<CheckResult>>> checks = new ArrayList<>();
        List<BatchResults.ScoredItem> scored = new ArrayList<>();
        for (int t = 0; t < targets.size(); t++) {
            runs.add(new ArrayList<>());
            checks.add(new ArrayList<>());
        }
        for (BatchItem item : items) {
            if (!BatchService.isDone(item.run().status()) || item.targetIndex() >= targets.size()) {
                continue;
            }
            DatasetRow row = rowsByNo.get(item.rowNo());
            List<Check> all = new ArrayList<>(batchChecks);
            if (row != null && row.checks().isPresent()) {
                try {
                    all.addAll(Check.parseAll(row.checks().get()));
                } catch (IllegalArgumentException e) {
                    // A row's unreadable check fails that row's answers, with the reason.
                    List<CheckResult> failed = List.of(new CheckResult("row checks", Optional.of(false),
                            e.getMessage(), OptionalDouble.empty()));
                    runs.get(item.targetIndex()).add(item.run());
                    checks.get(item.targetIndex()).add(failed);
                    scored.add(new BatchResults.ScoredItem(item, failed));
                    continue;
                }
            }
            Answer answer = new Answer(item.run().output(), row == null ? Optional.empty() : row.expected(),
                    OptionalDouble.of(item.run().totalMs()), item.run().costUsd());
            runs.get(item.targetIndex()).add(item.run());
            // A failed run is scored too: its (partial or empty) answer fails the checks it fails.
            List<CheckResult> outcome = scorer.score(all, answer);
            checks.get(item.targetIndex()).add(outcome);
            scored.add(new BatchResults.ScoredItem(item, outcome));
        }
        List<TargetStats> stats = new ArrayList<>();
        Map<String, List<RunMetrics>> byTarget = new LinkedHashMap<>();
        for (int t = 0; t < targets.size(); t++) {
            stats.add(statistics.of(targets.get(t), runs.get(t), rows, checks.get(t)));
            byTarget.put(targets.get(t), runs.get(t));
        }
        boolean agreementChecked = agreement && similarity.isPresent() && targets.size() > 1;
        List<Disagreement> disagreements = agreementChecked
                ? disagreements(items, targets, rowsByNo, similarity.get()) : List.of();
        int total = rows * targets.size() * batch.repeat();
        int finished = (int) items.stream().filter(i -> BatchService.isDone(i.run().status())).count();
        BatchReport report = new BatchReport(batch, BatchState.fromLabel(batch.status()), total, finished, rows, stats,
                statistics.compare(stats, byTarget), agreementChecked, disagreements,
                dataset.map(DatasetRecord::skipped).orElse(List.of()));
        List<DatasetRow> ordered = new ArrayList<>(rowsByNo.values());
        ordered.sort(java.util.Comparator.comparingInt(DatasetRow::rowNo));
        return new BatchResults(report, ordered, scored);
    }

    private Map<Integer, DatasetRow> rowsOf(Optional<DatasetRecord> dataset) {
        Map<Integer, DatasetRow> out = new HashMap<>();
        if (dataset.isEmpty()) {
            return out;
        }
        for (int offset = 0; offset < dataset.get().rowCount(); offset += BatchService.PAGE) {
            for (DatasetRow r : datasets.rows(dataset.get().id(), offset, BatchService.PAGE)) {
                out.put(r.rowNo(), r);
            }
        }
        return out;
    }

    /** Rows where a local and a cloud target (or, without both kinds, any two targets) answered differently. */
    private static List<Disagreement> disagreements(List<BatchItem> items, List<String> targets,
                                                    Map<Integer, DatasetRow> rows, Similarity similarity) {
        Map<Integer, Map<Integer, String>> answers = new LinkedHashMap<>();
        for (BatchItem i : items) {
            if (i.repeatNo() == 0 && i.run().succeeded() && !i.run().output().isBlank()) {
                answers.computeIfAbsent(i.rowNo(), k -> new LinkedHashMap<>()).put(i.targetIndex(), i.run().output());
            }
        }
        boolean mixed = targets.stream().anyMatch(t -> Target.parse(t).isLocal())
                && targets.stream().anyMatch(t -> !Target.parse(t).isLocal());
        List<Disagreement> out = new ArrayList<>();
        for (Map.Entry<Integer, Map<Integer, String>> row : answers.entrySet()) {
            List<Integer> ts = new ArrayList<>(row.getValue().keySet());
            for (int a = 0; a < ts.size(); a++) {
                for (int b = a + 1; b < ts.size(); b++) {
                    boolean localA = Target.parse(targets.get(ts.get(a))).isLocal();
                    boolean localB = Target.parse(targets.get(ts.get(b))).isLocal();
                    if (mixed && localA == localB) {
                        continue;
                    }
                    double cos = similarity.cosine(row.getValue().get(ts.get(a)), row.getValue().get(ts.get(b)));
                    if (cos < DISAGREEMENT_THRESHOLD) {
                        DatasetRow r = rows.get(row.getKey());
                        out.add(new Disagreement(row.getKey(), r == null ? -1 : r.line(), targets.get(ts.get(a)),
                                targets.get(ts.get(b)), cos));
                    }
                }
            }
        }
        return out;
    }
}
