package dev.parallax.cli;

import dev.parallax.bench.batch.BatchProgress;
import dev.parallax.bench.batch.BatchReport;
import dev.parallax.bench.compare.Comparison;
import dev.parallax.bench.compare.TargetResult;
import dev.parallax.bench.stats.Distribution;
import dev.parallax.bench.stats.TargetComparison;
import dev.parallax.bench.stats.TargetStats;
import dev.parallax.history.SkippedRow;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Summary tables for people: batch results, comparisons, progress lines. */
final class BenchTables {

    private BenchTables() {
    }

    static void batch(PrintWriter out, BatchReport r) {
        out.printf(Locale.ROOT, "batch %s · %s · %d rows × %d target(s)%s · %d of %d items finished%n", r.batch().id(),
                r.state().label(), r.rows(), r.targets().size(), r.batch().repeat() > 1 ? " × " + r.batch().repeat() : "",
                r.finishedItems(), r.totalItems());
        r.batch().stopReason().ifPresent(s -> out.println("  " + s));
        out.printf(Locale.ROOT, "%-30s %6s %6s %6s  %-20s %-20s %-16s %12s %7s%n", "TARGET", "RUNS", "OK", "FAILED",
                "TTFT ms p50/p95/p99", "TOTAL ms p50/p95/p99", "tok/s p50/p95", "COST", "PASS");
        for (TargetStats s : r.targets()) {
            out.printf(Locale.ROOT, "%-30s %6d %6d %6d  %-20s %-20s %-16s %12s %7s%n", clip(s.target(), 30), s.runs(),
                    s.succeeded(), s.failed(), three(s.ttftMs()), three(s.totalMs()), two(s.tokensPerSecond()),
                    cost(s.costUsd(), s.costUnknownRuns()), percent(s.passRate().rate()));
        }
        verdicts(out, r.comparisons());
        for (TargetStats s : r.targets()) {
            if (!s.passRates().isEmpty()) {
                out.println(s.target() + " checks: " + s.passRates().entrySet().stream()
                        .map(e -> e.getKey() + " " + percent(e.getValue().rate()) + " (" + e.getValue().passed() + "/"
                                + e.getValue().applicable() + ")")
                        .collect(Collectors.joining(", ")));
            }
        }
        if (r.agreementChecked()) {
            out.println(r.disagreements().isEmpty() ? "The targets' answers agree on every row."
                    : r.disagreements().size() + " row(s) where the answers disagree: " + r.disagreements().stream().limit(10)
                    .map(d -> "row " + (d.rowNo() + 1) + String.format(Locale.ROOT, " (%.2f)", d.similarity()))
                    .collect(Collectors.joining(", ")));
        }
        skipped(out, r.skippedRows());
    }

    static void skipped(PrintWriter out, List<SkippedRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        out.println(rows.size() + " row(s) of the file were not imported:");
        rows.stream().limit(20).forEach(s -> out.println("  " + (s.line() < 0 ? "" : "line " + s.line() + ": ") + s.reason()));
        if (rows.size() > 20) {
            out.println("  … and " + (rows.size() - 20) + " more (see --json)");
        }
    }

    static void comparison(PrintWriter out, Comparison c) {
        out.printf(Locale.ROOT, "comparison %s · %d target(s) × %d run(s)%s%n", c.id(), c.targets().size(), c.repeat(),
                c.sequential() ? " · sequential" : "");
        out.printf(Locale.ROOT, "%-30s %4s %4s  %-14s %-14s %-14s %12s  %s%n", "TARGET", "RUNS", "OK", "TTFT ms p50/p95",
                "TOTAL ms p50/p95", "tok/s p50/p95", "COST", "BADGES");
        for (TargetResult t : c.targets()) {
            TargetStats s = t.stats();
            out.printf(Locale.ROOT, "%-30s %4d %4d  %-14s %-14s %-14s %12s  %s%n", clip(t.target(), 30), s.runs(), s.succeeded(),
                    two(s.ttftMs()), two(s.totalMs()), two(s.tokensPerSecond()),
                    s.runs() == 0 ? "-" : cost(s.costUsd(), s.costUnknownRuns()),
                    t.badges().stream().sorted().map(b -> b.label().replace('_', ' ')).collect(Collectors.joining(", ")));
        }
        verdicts(out, c.verdicts());
        for (TargetResult t : c.targets()) {
            out.println();
            out.println("── " + t.target());
            if (t.refused().isPresent()) {
                out.println("   not run: " + t.refused().get());
            } else if (t.runs().isEmpty()) {
                out.println("   not run: the comparison was stopped before its turn");
            } else {
                String answer = t.answer().strip();
                out.println("   " + (answer.length() > 400 ? answer.substring(0, 400) + "…" : answer).replace("\n", "\n   "));
                t.runs().stream().filter(m -> m.error().isPresent()).findFirst()
                        .ifPresent(m -> out.println("   (a run " + m.status().label()
                                + (m.error().get().equals(m.status().label()) ? "" : ": " + m.error().get()) + ")"));
            }
        }
    }

    static void verdicts(PrintWriter out, List<TargetComparison> list) {
        List<TargetComparison> clear = list.stream().filter(c -> c.difference().isKnown()).toList();
        if (!clear.isEmpty()) {
            out.println();
            clear.forEach(c -> out.println("• " + c.verdict()));
        }
    }

    static String progress(BatchProgress p) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "batch %s: %d/%d (%.0f%%)", p.batchId().substring(0, 8),
                p.done(), p.total(), 100 * p.fraction()));
        if (p.failed() > 0) {
            s.append(", ").append(p.failed()).append(" failed");
        }
        s.append(", ").append(p.running()).append(" running");
        p.etaMs().ifPresent(e -> s.append(String.format(Locale.ROOT, ", ETA %s", duration(e))));
        s.append(", ").append(Summaries.usd(p.spentUsd())).append(" spent");
        p.projectedUsd().ifPresent(v -> s.append(" (projected ").append(Summaries.usd(v)).append(")"));
        return s.toString();
    }

    static String duration(double ms) {
        long s = Math.round(ms / 1000);
        return s < 120 ? s + " s" : s < 7200 ? (s / 60) + " min" : String.format(Locale.ROOT, "%.1f h", s / 3600.0);
    }

    private static String three(Distribution d) {
        return d.n() == 0 ? "-" : f(d.p50().value()) + "/" + f(d.p95().value()) + "/" + f(d.p99().value());
    }

    private static String two(Distribution d) {
        return d.n() == 0 ? "-" : f(d.p50().value()) + "/" + f(d.p95().value());
    }

    private static String f(double v) {
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String cost(Optional<BigDecimal> v, int unknown) {
        if (v.isEmpty()) {
            return "unknown";
        }
        return Summaries.usd(v.get()) + (unknown > 0 ? "+?" : "");
    }

    private static String percent(double rate) {
        return Double.isNaN(rate) ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * rate);
    }

    private static String clip(String s, int n) {
        return s.length() <= n ? s : "…" + s.substring(s.length() - n + 1);
    }
}
