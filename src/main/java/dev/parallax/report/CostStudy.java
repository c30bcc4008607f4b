package dev.parallax.report;

import dev.parallax.cost.LocalCostModel;
import dev.parallax.cost.PriceTable;
import dev.parallax.history.BatchItem;
import dev.parallax.history.BatchRecord;
import dev.parallax.history.BatchRepository;
import dev.parallax.history.DatasetRecord;
import dev.parallax.history.DatasetRepository;
import dev.parallax.history.RunMetrics;
import dev.parallax.history.RunRepository;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Finds the measured workload of a batch, or of every batch run over a dataset, for a cost of ownership. */
public final class CostStudy {

    private final BatchRepository batches;
    private final DatasetRepository datasets;
    private final RunRepository runs;
    private final PriceTable prices;
    private final Supplier<LocalCostModel> localCost;

    public CostStudy(BatchRepository batches, DatasetRepository datasets, RunRepository runs, PriceTable prices,
                     Supplier<LocalCostModel> localCost) {
        this.batches = batches;
        this.datasets = datasets;
        this.runs = runs;
        this.prices = prices;
        this.localCost = localCost;
    }

    /** The cost settings new estimates start from. */
    public LocalCostModel localCost() {
        return localCost.get();
    }

    /** @throws IllegalArgumentException when there is no such batch */
    public Workload batch(String id) {
        BatchRecord b = batches.find(id).orElseThrow(() -> new IllegalArgumentException("no batch '" + id
                + "'; see 'parallax batch list'"));
        Map<String, List<RunMetrics>> byTarget = new LinkedHashMap<>();
        add(b, byTarget);
        return workload("batch " + ReportService.shortId(b.id()), byTarget);
    }

    /** Every batch run over a dataset, together. @throws IllegalArgumentException when there is no such dataset or batch */
    public Workload dataset(String id) {
        DatasetRecord d = datasets.find(id).orElseThrow(() -> new IllegalArgumentException("no dataset '" + id
                + "'; see 'parallax datasets list'"));
        List<BatchRecord> over = batches.list(Integer.MAX_VALUE).stream().filter(b -> b.datasetId().equals(d.id())).toList();
        if (over.isEmpty()) {
            throw new IllegalArgumentException("dataset '" + d.name() + "' has not been run yet: measure it first with "
                    + "'parallax bench --dataset " + ReportService.shortId(d.id()) + " --target local:MODEL --target PROVIDER:MODEL'");
        }
        Map<String, List<RunMetrics>> byTarget = new LinkedHashMap<>();
        for (BatchRecord b : over) {
            add(b, byTarget);
        }
        return workload("dataset " + d.name() + " (" + over.size() + " batch(es))", byTarget);
    }

    /** Batches, newest first, for a picker. */
    public List<BatchRecord> recentBatches(int limit) {
        return batches.list(limit);
    }

    /** Datasets, for a picker. */
    public List<DatasetRecord> datasets() {
        return datasets.list();
    }

    private void add(BatchRecord b, Map<String, List<RunMetrics>> byTarget) {
        for (String t : b.targets()) {
            byTarget.computeIfAbsent(t, k -> new ArrayList<>());
        }
        for (BatchItem i : batches.items(b.id())) {
            if (i.targetIndex() < b.targets().size()) {
                byTarget.get(b.targets().get(i.targetIndex())).add(i.run());
            }
        }
    }

    private Workload workload(String source, Map<String, List<RunMetrics>> byTarget) {
        List<String> ids = byTarget.values().stream().flatMap(List::stream).map(RunMetrics::runId).toList();
        return Workload.of(source, byTarget, runs.facts(ids), prices);
    }
}
