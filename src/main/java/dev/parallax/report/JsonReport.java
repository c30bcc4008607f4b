package dev.parallax.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parallax.bench.stats.Distribution;
import dev.parallax.bench.stats.Estimate;
import dev.parallax.bench.stats.PassRate;
import dev.parallax.bench.stats.TargetComparison;
import dev.parallax.bench.stats.TargetStats;
import dev.parallax.cost.CloudBreakEven;
import dev.parallax.cost.OwnershipEstimate;
import dev.parallax.cost.OwnershipInputs;
import dev.parallax.cost.Price;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.OptionalDouble;

/** Everything in the report as JSON; the shape is documented in docs/report-schema.md and versioned by schema_version. */
public final class JsonReport implements ReportExporter {

    static final ObjectMapper JSON = new ObjectMapper().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public void write(ReportModel m, OutputStream out) throws IOException {
        JSON.writeValue(out, tree(m));
        out.flush();
    }

    static ObjectNode tree(ReportModel m) {
        ObjectNode o = JSON.createObjectNode();
        o.put("schema_version", ReportModel.SCHEMA_VERSION);
        o.put("kind", m.kind().label());
        o.put("source_id", m.sourceId());
        o.put("title", m.title());
        o.put("generated_at", m.generatedAt().toString());
        ReportSummary s = m.summary();
        ObjectNode sum = o.putObject("summary");
        sum.put("description", s.description());
        sum.put("prompt", s.prompt().orElse(null));
        sum.put("system", s.system().orElse(null));
        sum.put("dataset", s.dataset().orElse(null));
        s.targets().forEach(sum.putArray("targets")::add);
        sum.put("runs", s.runs());
        sum.put("succeeded", s.succeeded());
        sum.put("first_run", s.firstRun().map(Object::toString).orElse(null));
        sum.put("last_run", s.lastRun().map(Object::toString).orElse(null));
        ArrayNode machines = sum.putArray("machines");
        for (ReportSummary.Machine mc : s.machines()) {
            machines.addObject().put("cpu", mc.cpu()).put("cores", mc.cores()).put("ram_bytes", mc.ramBytes())
                    .put("os", mc.os()).put("parallax_version", mc.parallaxVersion()).put("runs", mc.runs());
        }
        ArrayNode engines = sum.putArray("engines");
        for (ReportSummary.EngineBuild e : s.engines()) {
            engines.addObject().put("engine", e.engine()).put("llama_cpp_build", e.build()).put("runs", e.runs());
        }
        sum.put("gpu_of_exporting_machine", s.gpu());
        sum.put("exported_with", s.exportedWith());

        ArrayNode targets = o.putArray("targets");
        for (TargetSection t : m.targets()) {
            TargetStats st = t.stats();
            ObjectNode x = targets.addObject();
            x.put("target", st.target());
            x.put("local", t.local());
            x.put("runs", st.runs());
            x.put("succeeded", st.succeeded());
            x.put("failed", st.failed());
            x.put("rows", st.rows());
            distribution(x.putObject("ttft_ms"), st.ttftMs());
            distribution(x.putObject("total_ms"), st.totalMs());
            distribution(x.putObject("tokens_per_second"), st.tokensPerSecond());
            x.put("prompt_tokens", st.promptTokens());
            x.put("completion_tokens", st.completionTokens());
            x.put("cost_usd", st.costUsd().orElse(null));
            x.put("cost_unknown_runs", st.costUnknownRuns());
            number(x, "cost_per_1000_prompts_usd", Figures.costPer1000(st));
            passRate(x.putObject("pass_rate"), st.passRate());
            ObjectNode rates = x.putObject("pass_rates");
            for (Map.Entry<String, PassRate> e : st.passRates().entrySet()) {
                passRate(rates.putObject(e.getKey()), e.getValue());
            }
        }
        ArrayNode comparisons = o.putArray("comparisons");
        for (TargetComparison c : m.comparisons()) {
            ObjectNode x = comparisons.addObject();
            x.put("a", c.a()).put("b", c.b()).put("metric", c.metric()).put("unit", c.unit());
            estimate(x.putObject("difference"), c.difference());
            x.put("verdict", c.verdict());
        }
        m.verdicts().forEach(o.putArray("verdicts")::add);

        ArrayNode rows = o.putArray("rows");
        for (ReportRow r : m.rows()) {
            ObjectNode x = rows.addObject();
            if (r.row() > 0) {
                x.put("row", r.row());
            }
            x.put("target", r.target()).put("repeat", r.repeat()).put("run_id", r.runId()).put("status", r.status());
            number(x, "ttft_ms", r.ttftMs());
            x.put("total_ms", r.totalMs());
            number(x, "tokens_per_second", r.tokensPerSecond());
            x.put("prompt_tokens", r.promptTokens()).put("completion_tokens", r.completionTokens());
            x.put("cost_usd", r.costUsd().orElse(null));
            x.put("privacy_action", r.privacy().orElse(null));
            x.put("prompt", r.prompt());
            x.put("output", r.output());
            x.put("error", r.error().orElse(null));
            x.put("requested_target", r.requestedTarget());
        }

        PrivacySummary p = m.privacy();
        ObjectNode priv = o.putObject("privacy");
        priv.put("runs", p.runs()).put("decided", p.decided()).put("redactions", p.redactions()).put("undecided", p.undecided());
        counts(priv.putObject("by_action"), p.byAction());
        counts(priv.putObject("by_rule"), p.byRule());
        counts(priv.putObject("findings_by_type"), p.findingsByType());

        PriceSnapshot ps = m.prices();
        ObjectNode prices = o.putObject("prices");
        prices.put("table_as_of", ps.tableAsOf());
        ArrayNode used = prices.putArray("used");
        for (Price x : ps.used()) {
            used.add(price(x));
        }
        ps.unpriced().forEach(prices.putArray("unpriced")::add);
        prices.putObject("local").put("watts", ps.local().watts()).put("usd_per_kwh", ps.local().usdPerKwh())
                .put("hardware_usd", ps.local().hardwareUsd()).put("hardware_lifetime_hours", ps.local().hardwareLifetimeHours());

        if (m.ownership().isPresent()) {
            o.set("ownership", ownership(m.ownership().get()));
        } else {
            o.putNull("ownership");
        }
        o.put("ownership_missing", m.ownershipMissing().orElse(null));
        ArrayNode method = o.putArray("methodology");
        for (ReportModel.MethodNote n : m.methodology()) {
            method.addObject().put("title", n.title()).put("text", n.text());
        }
        return o;
    }

    /** A cost of ownership estimate as JSON (also what {@code parallax cost --json} prints). */
    public static ObjectNode ownership(OwnershipEstimate e) {
        ObjectNode o = JSON.createObjectNode();
        OwnershipInputs in = e.inputs();
        o.putObject("inputs").put("hardware_usd", in.hardwareUsd()).put("lifetime_months", in.lifetimeMonths())
                .put("power_watts", in.powerWatts()).put("power_source", in.powerSource())
                .put("usd_per_kwh", in.usdPerKwh()).put("utilisation", in.utilisation())
                .put("prompts_per_month", in.promptsPerMonth()).put("input_tokens_per_prompt", in.inputTokensPerPrompt())
                .put("output_tokens_per_prompt", in.outputTokensPerPrompt())
                .put("local_tokens_per_second", in.localTokensPerSecond()).put("workload_source", in.workloadSource());
        ObjectNode local = o.putObject("local");
        local.put("hours_per_month", e.localHoursPerMonth()).put("available_hours_per_month", e.availableHoursPerMonth())
                .put("capacity_exceeded", e.capacityExceeded()).put("energy_usd_per_month", e.localEnergyUsdPerMonth())
                .put("usd_per_million_tokens", e.localUsdPerMillionTokens())
                .put("energy_usd_per_million_tokens", e.localEnergyUsdPerMillionTokens());
        e.localCumulativeUsd().forEach(local.putArray("cumulative_usd")::add);
        ArrayNode clouds = o.putArray("clouds");
        for (CloudBreakEven c : e.clouds()) {
            ObjectNode x = clouds.addObject();
            x.put("target", c.target());
            x.set("price", price(c.price()));
            x.put("usd_per_million_tokens", c.usdPerMillionTokens()).put("monthly_usd", c.monthlyUsd());
            if (c.breakEvenMonth().isPresent()) {
                x.put("break_even_month", c.breakEvenMonth().getAsInt());
            } else {
                x.putNull("break_even_month");
            }
            number(x, "break_even_exact_months", c.breakEvenExactMonths());
            x.put("break_even", c.breakEvenText(in.lifetimeMonths()));
            c.cumulativeUsd().forEach(x.putArray("cumulative_usd")::add);
        }
        e.assumptions().forEach(o.putArray("assumptions")::add);
        return o;
    }

    private static ObjectNode price(Price x) {
        ObjectNode p = JSON.createObjectNode();
        p.put("provider", x.provider()).put("model", x.model()).put("input_usd_per_mtok", x.input())
                .put("output_usd_per_mtok", x.output()).put("cached_input_usd_per_mtok", x.cachedInput().orElse(null))
                .put("source", x.source()).put("as_of", x.asOf()).put("overridden", x.overridden());
        return p;
    }

    private static void distribution(ObjectNode o, Distribution d) {
        o.put("n", d.n());
        estimate(o.putObject("p50"), d.p50());
        estimate(o.putObject("p95"), d.p95());
        estimate(o.putObject("p99"), d.p99());
        number(o, "mean", d.mean());
    }

    private static void estimate(ObjectNode o, Estimate e) {
        number(o, "value", e.value());
        number(o, "ci_low", e.low());
        number(o, "ci_high", e.high());
    }

    private static void passRate(ObjectNode o, PassRate r) {
        o.put("passed", r.passed()).put("applicable", r.applicable());
        number(o, "rate", r.rate());
    }

    private static void counts(ObjectNode o, Map<String, Integer> m) {
        m.forEach(o::put);
    }

    private static void number(ObjectNode o, String field, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            o.putNull(field);
        } else {
            o.put(field, v);
        }
    }

    private static void number(ObjectNode o, String field, OptionalDouble v) {
        if (v.isPresent()) {
            number(o, field, v.getAsDouble());
        } else {
            o.putNull(field);
        }
    }
}
