package dev.parallax.cli;

import dev.parallax.bench.batch.BatchHandle;
import dev.parallax.bench.batch.BatchRequest;
import dev.parallax.bench.dataset.DatasetImport;
import dev.parallax.bench.quality.Check;
import dev.parallax.core.Target;
import dev.parallax.history.DatasetRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code parallax bench}: a dataset on targets, with statistics and checks. */
@Command(name = "bench", sortOptions = false,
        description = "Run every row of a dataset on one or more targets; print statistics, costs and pass rates.")
final class BenchCommand implements Callable<Integer> {

    @ParentCommand
    ParallaxCommand root;

    @Option(names = "--dataset", required = true, paramLabel = "FILE|ID",
            description = "A dataset file (CSV, TSV, JSONL, JSON, TXT, XLSX; imported first) or an imported dataset's id.")
    String dataset;

    @Option(names = "--target", required = true, paramLabel = "TARGET", description = "A target (repeatable).")
    List<String> targets = new ArrayList<>();

    @Option(names = "--concurrency", paramLabel = "N",
            description = "Runs at once per cloud provider (default: " + BatchRequest.DEFAULT_CLOUD_LIMIT
                    + "); local models always run one at a time.")
    Integer concurrency;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "1", description = "Runs per row and target (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--budget", paramLabel = "USD", description = "Stop before the projected cost passes this many dollars.")
    BigDecimal budget;

    @Option(names = "--check", paramLabel = "SPEC",
            description = "A check for every answer (repeatable): equals, contains[:T], icontains, regex:P, json, "
                    + "json-schema:{...}, max-latency-ms:N, max-cost-usd:X, similar[:0.8].")
    List<String> checks = new ArrayList<>();

    @Option(names = "--agreement", description = "Also compare the targets' answers row by row (embedding model; slower).")
    boolean agreement;

    @Mixin
    MappingOptions mapping;

    @Mixin
    GenerationOptions generation;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        for (String c : checks) {
            try {
                Check.parse(c);
            } catch (IllegalArgumentException e) {
                throw new CliFailure(e.getMessage(), 2);
            }
        }
        List<Target> parsed;
        BatchRequest request;
        try {
            parsed = targets.stream().map(Target::parse).toList();
            root.prepareChecksFor(parsed);
            if (concurrency != null && concurrency < 1) {
                throw new IllegalArgumentException("--concurrency must be 1 or more, not " + concurrency);
            }
            Map<String, Integer> limits = new LinkedHashMap<>();
            if (concurrency != null) {
                parsed.stream().filter(t -> !t.isLocal()).forEach(t -> limits.put(BatchRequest.lane(t), concurrency));
            }
            DatasetRecord chosen = dataset();
            request = new BatchRequest(chosen.id(), parsed, repeat, limits, Optional.ofNullable(budget),
                    generation.params(), checks, generation.engineChoice());
            if (!json && checks.isEmpty()) {
                hintUngradedExpected(chosen);
            }
        } catch (IllegalArgumentException e) {
            throw new CliFailure(e.getMessage(), 2);
        }
        BatchHandle handle = root.services().batches().start(request, BatchRunning.progressTo(root.err(), json));
        if (!json) {
            root.err().println("parallax: batch " + handle.batchId() + " started");
        }
        return BatchRunning.finish(root, handle, json, agreement);
    }

    /** Expected answers nothing grades would leave PASS empty without a word: say how to use them. */
    private void hintUngradedExpected(DatasetRecord d) {
        String expected = d.mapping().get("expected");
        if (expected != null && !d.mapping().containsKey("checks")) {
            root.err().println("parallax: column '" + expected + "' holds expected answers, but no check uses it;"
                    + " add --check contains (or equals, icontains, similar) to grade the answers against it");
        }
    }

    private DatasetRecord dataset() {
        Path file = Path.of(dataset);
        if (Files.exists(file)) {
            DatasetImport imported = DatasetsCommand.importFile(root, file, mapping,
                    Optional.empty(), json);
            if (imported.reused() && !json) {
                root.err().println("parallax: " + file.getFileName() + " is unchanged since it was imported as dataset "
                        + imported.dataset().id().substring(0, 8) + "; reusing it");
            }
            return imported.dataset();
        }
        Optional<DatasetRecord> stored = root.services().datasets().find(dataset);
        if (stored.isPresent()) {
            return stored.get();
        }
        throw new CliFailure("there is no file " + file.toAbsolutePath() + " and no imported dataset '" + dataset
                + "' (see 'parallax datasets list')");
    }
}
