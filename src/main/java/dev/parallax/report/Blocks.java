package dev.parallax.report;

import dev.parallax.bench.stats.TargetStats;
import dev.parallax.cost.CloudBreakEven;
import dev.parallax.cost.OwnershipEstimate;
import dev.parallax.cost.OwnershipInputs;
import dev.parallax.cost.Price;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A report's content as a sequence of blocks (headings, facts, tables, charts...), built once from the model so
 * that HTML, Markdown and PDF say the same thing in the same order. The per-run details follow the blocks; each
 * format lays them out itself.
 */
final class Blocks {

    sealed interface Block permits Heading, Paragraph, Facts, Table, Bullets, Figure {
    }

    record Heading(String text, int level) implements Block {
    }

    record Paragraph(String text) implements Block {
    }

    /** Label and value pairs. */
    record Facts(List<String[]> pairs) implements Block {
    }

    /** @param linkColumn a column whose cells are URLs (shown as links where safe), or -1 */
    record Table(List<String> headers, List<List<String>> rows, int linkColumn) implements Block {
    }

    record Bullets(List<String> items) implements Block {
    }

    record Figure(Charts.Chart chart) implements Block {
    }

    private Blocks() {
    }

    static List<Block> of(ReportModel m) {
        List<Block> b = new ArrayList<>();
        ReportSummary s = m.summary();
        b.add(new Paragraph(s.description()));
        b.add(new Heading("Summary", 2));
        List<String[]> facts = new ArrayList<>();
        facts.add(new String[]{"Report", m.kind().label() + " " + m.sourceId()});
        s.prompt().ifPresent(p -> facts.add(new String[]{"Prompt", Figures.clip(p, 2000)}));
        s.system().ifPresent(p -> facts.add(new String[]{"System prompt", Figures.clip(p, 2000)}));
        s.dataset().ifPresent(d -> facts.add(new String[]{"Dataset", d}));
        facts.add(new String[]{"Targets", String.join(", ", s.targets())});
        facts.add(new String[]{"Runs", s.runs() + " (" + s.succeeded() + " completed)"});
        if (s.firstRun().isPresent()) {
            facts.add(new String[]{"When", Figures.time(s.firstRun().get())
                    + (s.lastRun().equals(s.firstRun()) ? "" : " to " + Figures.time(s.lastRun().get()))});
        }
        for (ReportSummary.Machine mc : s.machines()) {
            facts.add(new String[]{"Machine" + (s.machines().size() > 1 ? " (" + mc.runs() + " runs)" : ""),
                    String.format(Locale.ROOT, "%s, %d cores, %s RAM, %s; Parallax %s", blank(mc.cpu()), mc.cores(),
                            mc.ramText(), blank(mc.os()), blank(mc.parallaxVersion()))});
        }
        for (ReportSummary.EngineBuild e : s.engines()) {
            facts.add(new String[]{"Local engine", e.engine() + ", llama.cpp build " + e.build() + " (" + e.runs() + " runs)"});
        }
        if (s.engines().isEmpty()) {
            facts.add(new String[]{"Local engine", "no local runs"});
        }
        facts.add(new String[]{"GPU", s.gpu() + " (the exporting machine; runs do not record a GPU)"});
        facts.add(new String[]{"Exported", Figures.time(m.generatedAt()) + " with Parallax " + s.exportedWith()});
        b.add(new Facts(facts));

        b.add(new Heading("Verdicts", 2));
        b.add(m.verdicts().isEmpty() ? new Paragraph("One target only: nothing to compare.") : new Bullets(m.verdicts()));

        b.add(new Heading("Statistics per target", 2));
        b.add(new Paragraph("Median and 95th percentile with their 95% confidence intervals in brackets; timings from "
                + "completed runs only."));
        List<List<String>> rows = new ArrayList<>();
        for (TargetSection t : m.targets()) {
            TargetStats st = t.stats();
            rows.add(List.of(t.target(), st.runs() + " / " + st.succeeded(), Figures.estimate(st.ttftMs().p50()),
                    Figures.estimate(st.ttftMs().p95()), Figures.estimate(st.totalMs().p50()),
                    Figures.estimate(st.tokensPerSecond().p50()), st.promptTokens() + " / " + st.completionTokens(),
                    Figures.usd(st.costUsd()) + (st.costUnknownRuns() > 0 ? " (" + st.costUnknownRuns() + " unknown)" : ""),
                    Figures.usd(Figures.costPer1000(st)), Figures.passRate(st)));
        }
        b.add(new Table(List.of("Target", "Runs / completed", "TTFT p50 ms", "TTFT p95 ms", "Total p50 ms",
                "Tokens/s p50", "Tokens in / out", "Cost", "Per 1,000 prompts", "Pass rate"), rows, -1));

        b.add(new Heading("Charts", 2));
        for (Charts.Chart c : Charts.of(m)) {
            b.add(new Figure(c));
        }

        b.add(new Heading("Cost of ownership and break-even", 2));
        if (m.ownership().isPresent()) {
            ownership(b, m.ownership().get());
        } else {
            b.add(new Paragraph("Not estimated: " + m.ownershipMissing().orElse("not enough data") + "."));
        }

        b.add(new Heading("Privacy decisions", 2));
        PrivacySummary p = m.privacy();
        List<String[]> pf = new ArrayList<>();
        pf.add(new String[]{"Runs with a stored decision", p.decided() + " of " + p.runs()});
        pf.add(new String[]{"Actions", counts(p.byAction())});
        pf.add(new String[]{"Deciding rules", counts(p.byRule())});
        pf.add(new String[]{"Sensitive data found (kinds, never values)", counts(p.findingsByType())});
        pf.add(new String[]{"Values replaced by placeholders", Integer.toString(p.redactions())});
        pf.add(new String[]{"Runs the gate could not decide on", Integer.toString(p.undecided())});
        b.add(new Facts(pf));

        b.add(new Heading("Prices used", 2));
        PriceSnapshot ps = m.prices();
        b.add(new Paragraph("US dollars per million tokens, from the price table dated " + ps.tableAsOf()
                + " with this machine's overrides, as they were when the report was written."));
        if (!ps.used().isEmpty()) {
            List<List<String>> pr = new ArrayList<>();
            for (Price x : ps.used()) {
                pr.add(List.of(x.provider() + ":" + x.model(), x.input().toPlainString(), x.output().toPlainString(),
                        x.cachedInput().map(java.math.BigDecimal::toPlainString).orElse("–"),
                        x.overridden() ? "your override" : x.source(), x.asOf()));
            }
            b.add(new Table(List.of("Model", "Input", "Output", "Cached input", "Source", "As of"), pr, 4));
        }
        if (!ps.unpriced().isEmpty()) {
            b.add(new Paragraph("No price (cost unknown): " + String.join(", ", ps.unpriced()) + "."));
        }
        b.add(new Facts(List.of(
                new String[]{"Local power draw (when RAPL cannot be read)", Figures.number(ps.local().watts()) + " W"},
                new String[]{"Electricity", "$" + ps.local().usdPerKwh().toPlainString() + " per kWh"},
                new String[]{"Hardware", Figures.usd(ps.local().hardwareUsd().doubleValue()) + " over "
                        + Figures.number(ps.local().hardwareLifetimeHours()) + " hours of use"})));

        b.add(new Heading("Methodology", 2));
        for (ReportModel.MethodNote n : m.methodology()) {
            b.add(new Heading(n.title(), 3));
            b.add(new Paragraph(n.text()));
        }
        return b;
    }

    private static void ownership(List<Block> b, OwnershipEstimate o) {
        OwnershipInputs in = o.inputs();
        b.add(new Facts(List.of(
                new String[]{"Hardware", Figures.usd(in.hardwareUsd()) + ", written off over " + in.lifetimeMonths() + " months"},
                new String[]{"Power draw", Figures.number(in.powerWatts()) + " W, " + in.powerSource()},
                new String[]{"Electricity", "$" + Figures.number(in.usdPerKwh()) + " per kWh"},
                new String[]{"Utilisation", Figures.percent(in.utilisation())},
                new String[]{"Workload", Figures.number(in.promptsPerMonth()) + " prompts a month, "
                        + Figures.number(in.inputTokensPerPrompt()) + " tokens in and "
                        + Figures.number(in.outputTokensPerPrompt()) + " out per prompt"},
                new String[]{"Local generation rate", Figures.number(in.localTokensPerSecond()) + " tokens/s (measured)"},
                new String[]{"Local hours needed", Figures.number(o.localHoursPerMonth()) + " a month of "
                        + Figures.number(o.availableHoursPerMonth()) + " available"},
                new String[]{"Local cost per 1M tokens", Figures.usd(o.localUsdPerMillionTokens()) + " (energy "
                        + Figures.usd(o.localEnergyUsdPerMillionTokens()) + " + hardware share)"},
                new String[]{"Local electricity a month", Figures.usd(o.localEnergyUsdPerMonth())})));
        List<List<String>> rows = new ArrayList<>();
        for (CloudBreakEven c : o.clouds()) {
            rows.add(List.of(c.target(), Figures.usd(c.usdPerMillionTokens()), Figures.usd(c.monthlyUsd()),
                    c.breakEvenText(in.lifetimeMonths())));
        }
        b.add(new Table(List.of("Cloud target", "Blended $ per 1M tokens", "Cloud cost a month", "Break-even"), rows, -1));
        b.add(new Figure(Charts.breakEven(o)));
        b.add(new Heading("Assumptions", 3));
        b.add(new Bullets(o.assumptions()));
    }

    private static String counts(Map<String, Integer> m) {
        if (m.isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        m.forEach((k, v) -> parts.add(k + ": " + v));
        return String.join(", ", parts);
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? "unknown" : s;
    }
}
