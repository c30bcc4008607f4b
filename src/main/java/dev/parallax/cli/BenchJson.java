package dev.parallax.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parallax.bench.batch.BatchReport;
import dev.parallax.bench.batch.Disagreement;
import dev.parallax.bench.compare.Badge;
import dev.parallax.bench.compare.Comparison;
import dev.parallax.bench.compare.TargetResult;
import dev.parallax.bench.stats.Distribution;
import dev.parallax.bench.stats.Estimate;
import dev.parallax.bench.stats.PassRate;
import dev.parallax.bench.stats.TargetComparison;
import dev.parallax.bench.stats.TargetStats;
import dev.parallax.history.DatasetRecord;
import dev.parallax.history.RunMetrics;
import dev.parallax.history.SkippedRow;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON that {@code bench}, {@code batch} and {@code compare} print. Keys are a public contract: add new ones,
 * never rename or drop one. Values that were not measured are null.
 */
final class BenchJson {

    private BenchJson() {
    }

    static ObjectNode batch(BatchReport r) {
        ObjectNode o = RunJson.JSON.createObjectNode();
        o.put("batch_id", r.batch().id());
        o.put("dataset_id", r.batch().datasetId());
        o.put("status", r.state().label());
        if (r.batch().stopReason().isPresent()) {
            o.put("stop_reason", r.batch().stopReason().get());
        } else {
            o.putNull("stop_reason");
        }
        o.put("rows", r.rows());
        o.put("repeat", r.batch().repeat());
        o.put("items", r.totalItems());
        o.put("finished_items", r.finishedItems());
        decimal(o, "budget_usd", r.batch().budgetUsd());
        ArrayNode targets = o.putArray("targets");
        for (TargetStats s : r.targets()) {
            targets.add(target(s));
        }
        comparisons(o.putArray("comparisons"), r.comparisons());
        if (r.agreementChecked()) {
            ArrayNode d = o.putArray("disagreements");
            for (Disagreement x : r.disagreements()) {
                d.addObject().put("row", x.rowNo()).put("line", x.line()).put("target_a", x.targetA())
                        .put("target_b", x.targetB()).put("similarity", round(x.similarity(), 4));
            }
        } else {
            o.putNull("disagreements");
        }
        skipped(o.putArray("skipped_rows"), r.skippedRows());
        return o;
    }

    static ObjectNode target(TargetStats s) {
        ObjectNode t = RunJson.JSON.createObjectNode();
        t.put("target", s.target());
        t.put("runs", s.runs());
        t.put("succeeded", s.succeeded());
        t.put("failed", s.failed());
        number(t, "success_rate", s.successRate(), 4);
        t.set("ttft_ms", distribution(s.ttftMs(), 2));
        t.set("total_ms", distribution(s.totalMs(), 2));
        t.set("tokens_per_second", distribution(s.tokensPerSecond(), 2));
        t.put("prompt_tokens", s.promptTokens());
        t.put("completion_tokens", s.completionTokens());
        decimal(t, "cost_usd", s.costUsd());
        t.put("cost_unknown_runs", s.costUnknownRuns());
        decimal(t, "cost_per_1000_rows_usd", s.costPer1000Rows());
        number(t, "pass_rate", s.passRate().rate(), 4);
        ObjectNode rates = t.putObject("pass_rates");
        for (Map.Entry<String, PassRate> e : s.passRates().entrySet()) {
            ObjectNode p = rates.putObject(e.getKey());
            number(p, "rate", e.getValue().rate(), 4);
            p.put("passed", e.getValue().passed());
            p.put("applicable", e.getValue().applicable());
        }
        return t;
    }

    /** {p50, p95, p99, n, ci95: {p50: [low, high], ...}}. */
    static ObjectNode distribution(Distribution d, int decimals) {
        ObjectNode o = RunJson.JSON.createObjectNode();
        number(o, "p50", d.p50().value(), decimals);
        number(o, "p95", d.p95().value(), decimals);
        number(o, "p99", d.p99().value(), decimals);
        o.put("n", d.n());
        ObjectNode ci = o.putObject("ci95");
        interval(ci, "p50", d.p50(), decimals);
        interval(ci, "p95", d.p95(), decimals);
        interval(ci, "p99", d.p99(), decimals);
        return o;
    }

    private static void interval(ObjectNode o, String key, Estimate e, int decimals) {
        if (!e.isKnown()) {
            o.putNull(key);
            return;
        }
        o.putArray(key).add(round(e.low(), decimals)).add(round(e.high(), decimals));
    }

    static void comparisons(ArrayNode a, List<TargetComparison> list) {
        for (TargetComparison c : list) {
            ObjectNode o = a.addObject();
            o.put("a", c.a());
            o.put("b", c.b());
            o.put("metric", c.metric());
            o.put("unit", c.unit());
            number(o, "difference", c.difference().value(), 2);
            number(o, "ci95_low", c.difference().low(), 2);
            number(o, "ci95_high", c.difference().high(), 2);
            o.put("significant", c.difference().excludesZero());
            o.put("verdict", c.verdict());
        }
    }

    static void skipped(ArrayNode a, List<SkippedRow> rows) {
        for (SkippedRow s : rows) {
            ObjectNode o = a.addObject();
            if (s.line() < 0) {
                o.putNull("line");
            } else {
                o.put("line", s.line());
            }
            o.put("reason", s.reason());
        }
    }

    static ObjectNode dataset(DatasetRecord d) {
        ObjectNode o = RunJson.JSON.createObjectNode();
        o.put("dataset_id", d.id());
        o.put("name", d.name());
        o.put("source_file", d.sourceFile());
        o.put("format", d.format());
        o.put("created_at", d.createdAt().toString());
        o.put("rows", d.rowCount());
        ArrayNode cols = o.putArray("columns");
        d.columns().forEach(cols::add);
        ObjectNode mapping = o.putObject("mapping");
        d.mapping().forEach(mapping::put);
        skipped(o.putArray("skipped_rows"), d.skipped());
        return o;
    }

    static ObjectNode comparison(Comparison c) {
        ObjectNode o = RunJson.JSON.createObjectNode();
        o.put("comparison_id", c.id());
        o.put("created_at", c.createdAt().toString());
        o.put("prompt", c.prompt());
        if (c.system().isPresent()) {
            o.put("system", c.system().get());
        } else {
            o.putNull("system");
        }
        o.put("repeat", c.repeat());
        o.put("sequential", c.sequential());
        ArrayNode targets = o.putArray("targets");
        for (TargetResult t : c.targets()) {
            ObjectNode j = target(t.stats());
            ArrayNode badges = j.putArray("badges");
            t.badges().stream().sorted().forEach(b -> badges.add(b.label()));
            j.put("answer", t.answer());
            ArrayNode ids = j.putArray("run_ids");
            t.runs().stream().map(RunMetrics::runId).forEach(ids::add);
            if (t.refused().isPresent()) {
                j.put("refused", t.refused().get());
            } else {
                j.putNull("refused");
            }
            targets.add(j);
        }
        ObjectNode winners = o.putObject("badges");
        for (Badge b : Badge.values()) {
            String w = c.winners().get(b);
            if (w == null) {
                winners.putNull(b.label());
            } else {
                winners.put(b.label(), w);
            }
        }
        comparisons(o.putArray("comparisons"), c.verdicts());
        return o;
    }

    private static void decimal(ObjectNode o, String key, Optional<BigDecimal> v) {
        if (v.isPresent()) {
            o.put(key, v.get().stripTrailingZeros());
        } else {
            o.putNull(key);
        }
    }

    private static void number(ObjectNode o, String key, double v, int decimals) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            o.putNull(key);
        } else {
            o.put(key, round(v, decimals));
        }
    }

    static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }
}
