package dev.parallax.report;

import dev.parallax.bench.batch.BatchReport;
import dev.parallax.bench.batch.BatchReporter;
import dev.parallax.bench.compare.Comparison;
import dev.parallax.bench.compare.TargetResult;
import dev.parallax.bench.stats.Statistics;
import dev.parallax.bench.stats.TargetComparison;
import dev.parallax.bench.stats.TargetStats;
import dev.parallax.core.Target;
import dev.parallax.cost.LocalCostModel;
import dev.parallax.cost.OwnershipEstimate;
import dev.parallax.cost.Price;
import dev.parallax.cost.PriceTable;
import dev.parallax.history.AuditRepository;
import dev.parallax.history.BatchItem;
import dev.parallax.history.BatchRecord;
import dev.parallax.history.BatchRepository;
import dev.parallax.history.DatasetRecord;
import dev.parallax.history.DatasetRepository;
import dev.parallax.history.DatasetRow;
import dev.parallax.history.DecisionRecord;
import dev.parallax.history.RunFacts;
import dev.parallax.history.RunMetrics;
import dev.parallax.history.RunRecord;
import dev.parallax.history.RunRepository;
import dev.parallax.history.StoredFinding;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Builds reports of a comparison, a batch or a selection of runs from what the history database holds, and writes
 * them in the format a file name asks for.
 */
public final class ReportService {

    /** How a report's sources are read. */
    public record Sources(Function<String, Optional<Comparison>> comparisons, BatchReporter batchReports,
                          BatchRepository batches, DatasetRepository datasets, RunRepository runs, AuditRepository audit) {
    }

    private final Sources sources;
    private final Statistics statistics;
    private final PriceTable prices;
    private final Supplier<LocalCostModel> localCost;
    private final Clock clock;
    private final String version;
    private final Supplier<String> gpu;

    public ReportService(Sources sources, Statistics statistics, PriceTable prices, Supplier<LocalCostModel> localCost,
                         Clock clock, String version, Supplier<String> gpu) {
        this.sources = sources;
        this.statistics = statistics;
        this.prices = prices;
        this.localCost = localCost;
        this.clock = clock;
        this.version = version;
        this.gpu = gpu;
    }

    /** @throws IllegalArgumentException when there is no such comparison */
    public ReportModel comparison(String id) {
        Comparison c = sources.comparisons().apply(id).orElseThrow(() -> new IllegalArgumentException(
                "no comparison '" + id + "'; see 'parallax comparisons list'"));
        Map<String, List<RunMetrics>> byTarget = new LinkedHashMap<>();
        List<TargetSection> sections = new ArrayList<>();
        List<ReportRow> rows = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (TargetResult t : c.targets()) {
            byTarget.put(t.target(), t.runs());
            sections.add(section(t.stats(), t.runs()));
            t.runs().forEach(r -> ids.add(r.runId()));
        }
        Map<String, DecisionRecord> decisions = sources.audit().decisions(ids);
        for (TargetResult t : c.targets()) {
            int repeat = 1;
            for (RunMetrics r : t.runs()) {
                rows.add(row(0, repeat++, r, "", decisions, t.target()));
            }
        }
        List<RunFacts> facts = sources.runs().facts(ids);
        String description = String.format(java.util.Locale.ROOT,
                "Comparison of %d targets on one prompt, %d run(s) each%s.", c.targets().size(), c.repeat(),
                c.sequential() ? ", one run at a time" : ", cloud targets at the same time, local ones one after another");
        ReportSummary summary = summary(description, Optional.of(c.prompt()), c.system(), Optional.empty(),
                List.copyOf(byTarget.keySet()), rows, facts);
        return assemble(ReportModel.Kind.COMPARISON, c.id(), "Comparison " + shortId(c.id()), summary, sections,
                c.verdicts(), rows, decisions, byTarget, facts, "comparison " + shortId(c.id()));
    }

    /** @throws IllegalArgumentException when there is no such batch */
    public ReportModel batch(String id) {
        BatchReport report = sources.batchReports().report(id, false);
        BatchRecord b = report.batch();
        List<BatchItem> items = sources.batches().items(b.id());
        Optional<DatasetRecord> dataset = sources.datasets().find(b.datasetId());
        Map<Integer, String> prompts = prompts(dataset);
        List<String> ids = items.stream().map(i -> i.run().runId()).toList();
        Map<String, DecisionRecord> decisions = sources.audit().decisions(ids);
        Map<String, List<RunMetrics>> byTarget = new LinkedHashMap<>();
        b.targets().forEach(t -> byTarget.put(t, new ArrayList<>()));
        List<ReportRow> rows = new ArrayList<>(items.size());
        for (BatchItem i : items) {
            String requested = i.run().target();
            if (i.targetIndex() < b.targets().size()) {
                requested = b.targets().get(i.targetIndex());
                byTarget.get(requested).add(i.run());
            }
            rows.add(row(i.rowNo() + 1, i.repeatNo() + 1, i.run(), prompts.getOrDefault(i.rowNo(), ""), decisions, requested));
        }
        List<TargetSection> sections = new ArrayList<>();
        for (TargetStats s : report.targets()) {
            sections.add(section(s, byTarget.getOrDefault(s.target(), List.of())));
        }
        List<RunFacts> facts = sources.runs().facts(ids);
        String name = dataset.map(d -> d.name() + " (" + shortId(d.id()) + ")").orElse("dataset " + shortId(b.datasetId()));
        String description = String.format(java.util.Locale.ROOT,
                "Batch of %d row(s) of %s on %d target(s), %d repeat(s); %d of %d runs finished; status %s.",
                report.rows(), name, b.targets().size(), b.repeat(), report.finishedItems(), report.totalItems(), b.status());
        ReportSummary summary = summary(description, Optional.empty(), Optional.empty(), Optional.of(name), b.targets(),
                rows, facts);
        return assemble(ReportModel.Kind.BATCH, b.id(), "Batch " + shortId(b.id()), summary, sections,
                report.comparisons(), rows, decisions, byTarget, facts, "batch " + shortId(b.id()));
    }

    /** A report of runs picked from the history, grouped by target in the order they first appear. */
    public ReportModel runs(List<String> runIds) {
        if (runIds.isEmpty()) {
            throw new IllegalArgumentException("select at least one run to report on");
        }
        List<RunRecord> records = sources.runs().findAll(runIds);
        if (records.isEmpty()) {
            throw new IllegalArgumentException("none of the " + runIds.size() + " selected run(s) is in the history any more");
        }
        Map<String, List<RunMetrics>> byTarget = new LinkedHashMap<>();
        Map<String, Set<String>> promptsByTarget = new HashMap<>();
        List<String> ids = records.stream().map(RunRecord::id).toList();
        Map<String, DecisionRecord> decisions = sources.audit().decisions(ids);
        List<ReportRow> rows = new ArrayList<>();
        Map<String, Integer> repeats = new HashMap<>();
        for (RunRecord r : records) {
            RunMetrics m = metrics(r);
            String target = r.target().toString();
            byTarget.computeIfAbsent(target, k -> new ArrayList<>()).add(m);
            promptsByTarget.computeIfAbsent(target, k -> new HashSet<>()).add(r.prompt());
            int repeat = repeats.merge(target + "\u0000" + r.prompt(), 1, Integer::sum);
            rows.add(row(0, repeat, m, r.prompt(), decisions, target));
        }
        List<TargetStats> stats = new ArrayList<>();
        List<TargetSection> sections = new ArrayList<>();
        for (Map.Entry<String, List<RunMetrics>> e : byTarget.entrySet()) {
            TargetStats s = statistics.of(e.getKey(), e.getValue(), promptsByTarget.get(e.getKey()).size(), List.of());
            stats.add(s);
            sections.add(section(s, e.getValue()));
        }
        List<TargetComparison> verdicts = statistics.compare(stats, byTarget);
        List<RunFacts> facts = sources.runs().facts(ids);
        long prompts = records.stream().map(RunRecord::prompt).distinct().count();
        String description = String.format(java.util.Locale.ROOT, "%d run(s) selected from the history: %d target(s), "
                + "%d distinct prompt(s).", records.size(), byTarget.size(), prompts);
        ReportSummary summary = summary(description, prompts == 1 ? Optional.of(records.get(0).prompt()) : Optional.empty(),
                Optional.empty(), Optional.empty(), List.copyOf(byTarget.keySet()), rows, facts);
        return assemble(ReportModel.Kind.RUNS, "selection", "History selection", summary, sections, verdicts, rows,
                decisions, byTarget, facts, "the selected runs");
    }

    /**
     * Writes a report to {@code file} in the format its extension names, through a hidden temporary file beside it that
     * is moved over the file at the end: all or nothing, and an existing report stays whole when writing fails. The
     * folder must exist (a mistyped path should not quietly make folders). The file gets the permissions any new file
     * in that folder gets.
     *
     * @throws IOException that names the file and says what went wrong and what to do
     */
    public ReportFormat write(ReportModel model, Path file) throws IOException {
        ReportFormat format = ReportFormat.forFile(file);
        Path target = file.toAbsolutePath().normalize();
        Path dir = target.getParent();
        String cannot = "cannot write the report to " + target + ": ";
        if (Files.isDirectory(target)) {
            throw new IOException(cannot + "that is a folder; give a file name, e.g. " + target.resolve("report" + format.extension()));
        }
        if (!Files.isDirectory(dir)) {
            throw new IOException(cannot + (Files.exists(dir) ? dir + " is a file, not a folder"
                    : "the folder " + dir + " does not exist") + "; create the folder first or choose another one");
        }
        Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toUnsignedString(
                java.util.concurrent.ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
        // A TERM (Ctrl-C, a logout) while writing ends the JVM without the finally below: its exit removes the file.
        tmp.toFile().deleteOnExit();
        try {
            // Not Files.createTempFile: its files are readable by their owner only, whatever the umask says.
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                format.exporter().write(model, out);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (FileSystemException e) {
            String reason = e.getReason() != null ? e.getReason()
                    : e instanceof AccessDeniedException ? "permission denied" : e.getClass().getSimpleName();
            throw new IOException(cannot + reason.toLowerCase(java.util.Locale.ROOT) + " (in " + dir
                    + "); choose a folder you can write to", e);
        } catch (IOException e) {
            throw new IOException(cannot + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // Nothing was written there, or it is already reported: the first failure is the one to show.
            }
        }
        return format;
    }

    /** The report as Markdown, cut after {@code maxChars} characters with a note: a preview of what will be written. */
    public String preview(ReportModel model, int maxChars) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        new MarkdownReport().write(model, out);
        String text = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        return text.length() <= maxChars ? text
                : text.substring(0, maxChars) + "\n\n… preview cut here (" + (text.length() - maxChars) + " more characters)";
    }

    private ReportModel assemble(ReportModel.Kind kind, String id, String title, ReportSummary summary,
                                 List<TargetSection> sections, List<TargetComparison> verdicts, List<ReportRow> rows,
                                 Map<String, DecisionRecord> decisions, Map<String, List<RunMetrics>> byTarget,
                                 List<RunFacts> facts, String source) {
        Workload workload = Workload.of(source, byTarget, facts, prices);
        LocalCostModel local = localCost.get();
        Optional<String> missing = workload.missing();
        Optional<OwnershipEstimate> ownership = missing.isPresent() ? Optional.empty()
                : Optional.of(workload.estimate(workload.inputs(local)));
        List<Price> used = new ArrayList<>();
        List<String> unpriced = new ArrayList<>();
        for (String t : byTarget.keySet()) {
            Target target = Target.parse(t);
            if (!target.isLocal()) {
                prices.find(target.provider(), target.model()).ifPresentOrElse(used::add, () -> unpriced.add(t));
            }
        }
        return new ReportModel(kind, id, title, clock.instant(), summary, sections, verdicts, rows,
                privacy(rows.size(), decisions), new PriceSnapshot(prices.asOf(), used, unpriced, local), ownership,
                missing, Methodology.notes());
    }

    private ReportSummary summary(String description, Optional<String> prompt, Optional<String> system,
                                  Optional<String> dataset, List<String> targets, List<ReportRow> rows, List<RunFacts> facts) {
        Map<List<Object>, Integer> machines = new LinkedHashMap<>();
        Map<List<String>, Integer> engines = new LinkedHashMap<>();
        Instant first = null;
        Instant last = null;
        for (RunFacts f : facts.stream().sorted(Comparator.comparing(RunFacts::startedAt)).toList()) {
            var h = f.host();
            machines.merge(List.of(h.cpuModel(), h.cores(), h.ramBytes(), h.os(), h.parallaxVersion()), 1, Integer::sum);
            if (Target.LOCAL.equals(f.provider()) && !f.engine().isEmpty()) {
                engines.merge(List.of(f.engine(), f.engineBuild()), 1, Integer::sum);
            }
            first = first == null ? f.startedAt() : first;
            last = f.startedAt();
        }
        List<ReportSummary.Machine> ms = machines.entrySet().stream().map(e -> new ReportSummary.Machine(
                (String) e.getKey().get(0), (Integer) e.getKey().get(1), (Long) e.getKey().get(2), (String) e.getKey().get(3),
                (String) e.getKey().get(4), e.getValue())).toList();
        List<ReportSummary.EngineBuild> es = engines.entrySet().stream().map(e -> new ReportSummary.EngineBuild(
                e.getKey().get(0), e.getKey().get(1).isEmpty() ? "unknown" : e.getKey().get(1), e.getValue())).toList();
        int succeeded = (int) rows.stream().filter(r -> r.status().equals("completed")).count();
        return new ReportSummary(description, prompt, system, dataset, targets, rows.size(), succeeded,
                Optional.ofNullable(first), Optional.ofNullable(last), ms, es, gpu.get(), version);
    }

    private static PrivacySummary privacy(int runs, Map<String, DecisionRecord> decisions) {
        Map<String, Integer> actions = new HashMap<>();
        Map<String, Integer> rules = new HashMap<>();
        Map<String, Integer> types = new HashMap<>();
        int redactions = 0;
        int undecided = 0;
        for (DecisionRecord d : decisions.values()) {
            actions.merge(d.action(), 1, Integer::sum);
            rules.merge(d.rule(), 1, Integer::sum);
            for (StoredFinding f : d.findings()) {
                types.merge(f.type(), 1, Integer::sum);
            }
            redactions += d.redactions();
            undecided += d.undecided().isPresent() ? 1 : 0;
        }
        return new PrivacySummary(runs, decisions.size(), actions, rules, types, redactions, undecided);
    }

    private static TargetSection section(TargetStats s, List<RunMetrics> runs) {
        double[] ttft = runs.stream().filter(RunMetrics::succeeded).filter(r -> r.ttftMs().isPresent())
                .mapToDouble(r -> r.ttftMs().getAsDouble()).toArray();
        double[] total = runs.stream().filter(RunMetrics::succeeded).mapToDouble(RunMetrics::totalMs).toArray();
        double[] tps = runs.stream().filter(RunMetrics::succeeded).filter(r -> r.tokensPerSecond().isPresent())
                .mapToDouble(r -> r.tokensPerSecond().getAsDouble()).toArray();
        return new TargetSection(s, Target.parse(s.target()).isLocal(), ttft, total, tps);
    }

    private static ReportRow row(int rowNo, int repeat, RunMetrics r, String prompt, Map<String, DecisionRecord> decisions,
                                 String requestedTarget) {
        return new ReportRow(rowNo, r.target(), repeat, r.runId(), r.status().label(), r.ttftMs(), r.totalMs(),
                r.tokensPerSecond(), r.promptTokens(), r.completionTokens(), r.costUsd(), prompt, r.output(), r.error(),
                Optional.ofNullable(decisions.get(r.runId())).map(DecisionRecord::action), requestedTarget);
    }

    private static RunMetrics metrics(RunRecord r) {
        return new RunMetrics(r.id(), r.target().toString(), r.status(), r.timings().ttftMs(), r.timings().totalMs(),
                r.timings().completionTokensPerSecond(), r.usage().promptTokens(), r.usage().completionTokens(),
                r.costUsd(), r.output(), r.error(), RunMetrics.startup(r.timings().queueMs(), r.timings().modelLoadMs()));
    }

    private Map<Integer, String> prompts(Optional<DatasetRecord> dataset) {
        Map<Integer, String> out = new HashMap<>();
        if (dataset.isEmpty()) {
            return out;
        }
        int page = 1000;
        for (int offset = 0; offset < dataset.get().rowCount(); offset += page) {
            for (DatasetRow r : sources.datasets().rows(dataset.get().id(), offset, page)) {
                out.put(r.rowNo(), r.prompt());
            }
        }
        return out;
    }

    static String shortId(String id) {
        return id.length() > 8 ? id.substring(0, 8) : id;
    }
}
