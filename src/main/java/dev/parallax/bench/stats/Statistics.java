package dev.parallax.bench.stats;

import dev.parallax.bench.quality.CheckResult;
import dev.parallax.history.RunMetrics;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Turns runs (and their check results) into per-target statistics and pairwise verdicts. */
public final class Statistics {

    private final Bootstrap bootstrap;

    public Statistics(Bootstrap bootstrap) {
        this.bootstrap = bootstrap;
    }

    /**
     * @param checks one list of check results per run, in the same order as {@code runs} (or an empty list)
     */
    public TargetStats of(String target, List<RunMetrics> runs, int rows, List<List<CheckResult>> checks) {
        int succeeded = 0;
        List<Double> ttft = new ArrayList<>();
        List<Double> total = new ArrayList<>();
        List<Double> tps = new ArrayList<>();
        long promptTokens = 0;
        long completionTokens = 0;
        BigDecimal cost = BigDecimal.ZERO;
        int costKnown = 0;
        int costUnknown = 0;
        for (RunMetrics r : runs) {
            promptTokens += r.promptTokens();
            completionTokens += r.completionTokens();
            if (r.costUsd().isPresent()) {
                cost = cost.add(r.costUsd().get());
                costKnown++;
            } else {
                costUnknown++;
            }
            if (r.succeeded()) {
                succeeded++;
                r.ttftMs().ifPresent(ttft::add);
                total.add(r.totalMs());
                r.tokensPerSecond().ifPresent(tps::add);
            }
        }
        Map<String, PassRate> passRates = new LinkedHashMap<>();
        PassRate all = new PassRate(0, 0);
        for (List<CheckResult> perRun : checks) {
            for (CheckResult c : perRun) {
                if (c.passed().isPresent()) {
                    boolean ok = c.passed().get();
                    passRates.merge(c.check(), new PassRate(ok ? 1 : 0, 1),
                            (x, y) -> new PassRate(x.passed() + y.passed(), x.applicable() + y.applicable()));
                    all = all.plus(ok);
                }
            }
        }
        Optional<BigDecimal> costUsd = costKnown == 0 ? Optional.empty() : Optional.of(cost);
        Optional<BigDecimal> per1000 = Optional.empty();
        if (costKnown > 0 && rows > 0 && !runs.isEmpty()) {
            // Rows whose runs had a known cost: the same share of rows as of runs.
            double pricedRows = rows * ((double) costKnown / runs.size());
            per1000 = Optional.of(cost.multiply(BigDecimal.valueOf(1000)).divide(BigDecimal.valueOf(pricedRows), MathContext.DECIMAL64));
        }
        return new TargetStats(target, runs.size(), succeeded, runs.size() - succeeded, rows,
                bootstrap.distribution(array(ttft)), bootstrap.distribution(array(total)), bootstrap.distribution(array(tps)),
                promptTokens, completionTokens, costUsd, costUnknown, per1000, passRates, all);
    }

    /** Every pair of targets on median TTFT, total time and tokens/s. */
    public List<TargetComparison> compare(List<TargetStats> stats, Map<String, List<RunMetrics>> runsByTarget) {
        List<TargetComparison> out = new ArrayList<>();
        for (int i = 0; i < stats.size(); i++) {
            for (int j = i + 1; j < stats.size(); j++) {
                String a = stats.get(i).target();
                String b = stats.get(j).target();
                List<RunMetrics> ra = runsByTarget.getOrDefault(a, List.of());
                List<RunMetrics> rb = runsByTarget.getOrDefault(b, List.of());
                out.add(compare(a, b, "time to first token (median)", "ms", true, ttft(ra), ttft(rb)));
                out.add(compare(a, b, "total time (median)", "ms", true, total(ra), total(rb)));
                out.add(compare(a, b, "tokens/s (median)", "tokens/s", false, tps(ra), tps(rb)));
            }
        }
        return out;
    }

    /** Runs each side needs before a difference between two targets is claimed or denied. */
    public static final int MIN_RUNS_TO_COMPARE = 3;

    public TargetComparison compare(String a, String b, String metric, String unit, boolean lowerIsBetter,
                                    double[] valuesA, double[] valuesB) {
        // A bootstrap of one or two runs gives an interval of (nearly) zero width: no basis for a claim.
        Estimate diff = valuesA.length < MIN_RUNS_TO_COMPARE || valuesB.length < MIN_RUNS_TO_COMPARE
                ? Estimate.NONE : bootstrap.difference(valuesA, valuesB, 0.5);
        double ma = Bootstrap.quantile(sorted(valuesA), 0.5);
        double mb = Bootstrap.quantile(sorted(valuesB), 0.5);
        return new TargetComparison(a, b, metric, unit, diff, Verdicts.compare(a, b, metric, unit, lowerIsBetter, ma, mb, diff));
    }

    private static double[] sorted(double[] v) {
        return java.util.Arrays.stream(v).filter(d -> !Double.isNaN(d)).sorted().toArray();
    }

    static double[] ttft(List<RunMetrics> runs) {
        return runs.stream().filter(RunMetrics::succeeded).filter(r -> r.ttftMs().isPresent())
                .mapToDouble(r -> r.ttftMs().getAsDouble()).toArray();
    }

    static double[] total(List<RunMetrics> runs) {
        return runs.stream().filter(RunMetrics::succeeded).mapToDouble(RunMetrics::totalMs).toArray();
    }

    static double[] tps(List<RunMetrics> runs) {
        return runs.stream().filter(RunMetrics::succeeded).filter(r -> r.tokensPerSecond().isPresent())
                .mapToDouble(r -> r.tokensPerSecond().getAsDouble()).toArray();
    }

    private static double[] array(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
