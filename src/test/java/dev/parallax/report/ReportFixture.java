package dev.parallax.report;

import dev.parallax.bench.batch.BatchReporter;
import dev.parallax.bench.compare.CompareService;
import dev.parallax.bench.stats.Bootstrap;
import dev.parallax.bench.stats.Statistics;
import dev.parallax.core.GenerationParams;
import dev.parallax.core.HostFacts;
import dev.parallax.core.ModelIdentity;
import dev.parallax.core.RunResult;
import dev.parallax.core.RunSpec;
import dev.parallax.core.RunStatus;
import dev.parallax.core.Target;
import dev.parallax.core.Timings;
import dev.parallax.core.Usage;
import dev.parallax.core.UsageBasis;
import dev.parallax.cost.LocalCostModel;
import dev.parallax.cost.PriceTable;
import dev.parallax.history.AuditRepository;
import dev.parallax.history.BatchRecord;
import dev.parallax.history.BatchRepository;
import dev.parallax.history.ComparisonRecord;
import dev.parallax.history.ComparisonRepository;
import dev.parallax.history.DatasetRepository;
import dev.parallax.history.DatasetRow;
import dev.parallax.history.DecisionRecord;
import dev.parallax.history.HistoryDatabase;
import dev.parallax.history.RunRepository;
import dev.parallax.history.StoredFinding;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * Comparisons, batches and runs written straight into a history database through its repositories (no model is
 * run): a local target that is slow to answer but free, and openai:gpt-4o-mini at its table price.
 */
public final class ReportFixture {

    public static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    public static final String LOCAL = "local:tiny-llama";
    public static final String CLOUD = "openai:gpt-4o-mini";
    static final HostFacts HOST = new HostFacts("AMD EPYC 7B13 64-Core Processor", 16, 68_719_476_736L,
            "Linux 6.1.0-28-amd64", "0.1.0");

    public record Ids(String datasetId, String batchId, String comparisonId, List<String> runIds) {
    }

    private ReportFixture() {
    }

    public static ReportService service(HistoryDatabase db) {
        Statistics statistics = new Statistics(new Bootstrap());
        CompareService compare = new CompareService(null, new ComparisonRepository(db), statistics, Clock.systemUTC());
        ReportService.Sources sources = new ReportService.Sources(compare::open,
                new BatchReporter(new BatchRepository(db), new DatasetRepository(db), statistics, Optional.empty()),
                new BatchRepository(db), new DatasetRepository(db), new RunRepository(db), new AuditRepository(db));
        return new ReportService(sources, statistics, PriceTable.bundled(), LocalCostModel::defaults,
                Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC), "test", () -> "none detected");
    }

    /**
     * A dataset of {@code rows} prompts, a batch over it on both targets, a comparison (3 runs a target) and
     * routing decisions for the cloud runs.
     *
     * @param output the answer of row i (both targets give it)
     */
    public static Ids populate(HistoryDatabase db, int rows, IntFunction<String> output) throws Exception {
        RunRepository runs = new RunRepository(db);
        String datasetId = "ds-" + rows;
        try (DatasetRepository.Writer w = new DatasetRepository(db).begin(datasetId, "capitals", "capitals.csv", "csv", T0)) {
            for (int i = 0; i < rows; i++) {
                w.add(new DatasetRow(i, i + 2, "What is the capital of country " + i + "?", Optional.empty(),
                        Optional.of("Paris"), Optional.empty(), Optional.empty(), Map.of("prompt", "q" + i)));
            }
            w.finish(List.of("prompt", "expected"), Map.of("prompt", "prompt", "expected", "expected"), List.of(), Optional.empty());
        }
        List<String> targets = List.of(LOCAL, CLOUD);
        SplittableRandom random = new SplittableRandom(7);
        List<RunResult> results = new ArrayList<>();
        List<BatchRepository.ItemEnd> items = new ArrayList<>();
        String batchId = "batch-0001-" + rows;
        for (int i = 0; i < rows; i++) {
            for (int t = 0; t < targets.size(); t++) {
                String id = String.format("run-b-%06d-%d", i, t);
                results.add(result(id, targets.get(t), "What is the capital of country " + i + "?", output.apply(i),
                        random, T0.plusSeconds(i * 2L + t), i % 7 == 3 && t == 1));
                items.add(new BatchRepository.ItemEnd(batchId, i, t, 0, id, "completed", Optional.empty(),
                        T0.plusSeconds(i * 2L + t + 1)));
            }
        }
        List<String> comparisonRuns = new ArrayList<>();
        List<ComparisonRecord.Link> links = new ArrayList<>();
        for (int t = 0; t < targets.size(); t++) {
            for (int r = 0; r < 3; r++) {
                String id = "run-c-" + t + "-" + r;
                results.add(result(id, targets.get(t), "Name the capital of France.", output.apply(rows - 1 - r), random,
                        T0.minusSeconds(600 - t * 10L - r), false));
                comparisonRuns.add(id);
                links.add(new ComparisonRecord.Link(id, t, r));
            }
        }
        runs.insertAll(results);
        try (Connection c = db.connection()) {
            // Costs as the run path stores them: tokens × the table price for the cloud, RAPL-measured energy locally.
            try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET cost_usd = prompt_tokens * 0.00000015 "
                    + "+ completion_tokens * 0.0000006, cost_basis = 'exact' WHERE provider = 'openai'")) {
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET cost_usd = total_ms * 0.000000001, "
                    + "cost_basis = 'measured', cost_inputs_json = ? WHERE provider = 'local'")) {
                ps.setString(1, "{\"method\":\"energy x electricity price + hardware amortisation\","
                        + "\"energy_source\":\"rapl /sys/class/powercap/intel-rapl:0/energy_uj\",\"average_watts\":\"42.5\"}");
                ps.executeUpdate();
            }
        }
        BatchRepository batches = new BatchRepository(db);
        batches.create(new BatchRecord(batchId, datasetId, T0, T0.plusSeconds(rows * 2L), "completed", Optional.empty(),
                targets, 1, Map.of("local", 1, "openai", 4), Optional.empty(), GenerationParams.defaults(),
                List.of("icontains:paris"), "auto"));
        for (int from = 0; from < items.size(); from += 2000) {
            batches.recordItems(items.subList(from, Math.min(items.size(), from + 2000)));
        }
        String comparisonId = "cmp-" + rows + "-0000-4000-8000-000000000000";
        new ComparisonRepository(db).save(new ComparisonRecord(comparisonId, T0.minusSeconds(600),
                "Name the capital of France.", Optional.empty(), targets, 3, true, GenerationParams.defaults(), links));
        AuditRepository audit = new AuditRepository(db);
        audit.recordDecision(new DecisionRecord("run-c-1-0", T0, CLOUD, CLOUD, "policy", "redact", "redacted",
                List.of(new StoredFinding("EMAIL", 10, 25, 0.99, "email")), 1, OptionalDouble.of(2.5), Optional.empty()));
        audit.recordDecision(new DecisionRecord("run-c-1-1", T0, CLOUD, CLOUD, "policy", "allow", "clean", List.of(), 0,
                OptionalDouble.of(1.5), Optional.empty()));
        return new Ids(datasetId, batchId, comparisonId, comparisonRuns);
    }

    private static RunResult result(String id, String target, String prompt, String output, SplittableRandom random,
                                    Instant started, boolean failed) {
        Target t = Target.parse(target);
        boolean local = t.isLocal();
        double ttft = local ? 180 + random.nextDouble() * 60 : 420 + random.nextDouble() * 200;
        double tps = local ? 28 + random.nextDouble() * 4 : 75 + random.nextDouble() * 20;
        int completion = 40 + random.nextInt(20);
        double total = ttft + completion / tps * 1000;
        Timings timings = new Timings(0.5, OptionalDouble.empty(), OptionalDouble.of(ttft), total, OptionalDouble.of(400),
                OptionalDouble.of(tps), Optional.empty());
        ModelIdentity model = local ? new ModelIdentity("tiny-llama", "/models/tiny.gguf", "ab".repeat(32), "Q8_0", "llama",
                "llama.cpp (FFM)", "v0.5.0 0ad4a86") : ModelIdentity.unknown("gpt-4o-mini");
        RunSpec spec = RunSpec.chat(t, "", prompt, GenerationParams.defaults());
        return new RunResult(id, spec, failed ? RunStatus.FAILED : RunStatus.COMPLETED, failed ? "" : output,
                failed ? Optional.of("HTTP 500: <b>upstream</b> =cmd|' /C calc'!A0") : Optional.empty(),
                new Usage(24, completion, UsageBasis.EXACT), timings, model, HOST, started,
                started.plusMillis((long) total));
    }
}
