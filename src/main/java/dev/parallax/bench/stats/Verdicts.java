package dev.parallax.bench.stats;

import java.util.Locale;

/**
 * Sentences that compare two targets on one measurement, claiming a difference only when its 95% confidence
 * interval excludes zero.
 */
public final class Verdicts {

    private Verdicts() {
    }

    /**
     * @param metric        what was measured, e.g. "time to first token (median)"
     * @param unit          "ms", "tokens/s"...
     * @param lowerIsBetter true for times and costs, false for rates
     * @param diff          a minus b with its interval
     */
    public static String compare(String a, String b, String metric, String unit, boolean lowerIsBetter,
                                 double valueA, double valueB, Estimate diff) {
        if (Double.isNaN(valueA) || Double.isNaN(valueB)) {
            String none = Double.isNaN(valueA) && Double.isNaN(valueB) ? "neither has"
                    : (Double.isNaN(valueA) ? a : b) + " has no";
            return "Cannot compare " + a + " and " + b + " on " + metric + ": " + none + " completed runs.";
        }
        if (!diff.isKnown()) {
            return "Not enough runs to compare " + a + " and " + b + " on " + metric + " (" + fmt(valueA) + " " + unit
                    + " vs " + fmt(valueB) + " " + unit + "; repeat each target at least "
                    + Statistics.MIN_RUNS_TO_COMPARE + " times).";
        }
        String figures = String.format(Locale.ROOT, "%s %s vs %s %s; difference %s %s, 95%% CI %s to %s %s",
                fmt(valueA), unit, fmt(valueB), unit, signed(diff.value()), unit, signed(diff.low()), signed(diff.high()), unit);
        if (!diff.excludesZero()) {
            return "No clear difference between " + a + " and " + b + " on " + metric + " (" + figures
                    + ", which includes 0).";
        }
        boolean aLower = diff.high() < 0;
        boolean aBetter = aLower == lowerIsBetter;
        String better = aBetter ? a : b;
        String worse = aBetter ? b : a;
        // Figures in the sentence's order: the better target's value first, the difference better minus worse.
        if (!aBetter) {
            figures = String.format(Locale.ROOT, "%s %s vs %s %s; difference %s %s, 95%% CI %s to %s %s",
                    fmt(valueB), unit, fmt(valueA), unit, signed(-diff.value()), unit, signed(-diff.high()),
                    signed(-diff.low()), unit);
        }
        String word = switch (unit) {
            case "ms", "tokens/s" -> "faster";
            case "USD" -> "cheaper";
            default -> lowerIsBetter ? "lower" : "higher";
        };
        return better + " is " + word + " than " + worse + " on " + metric + " (" + figures + ").";
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    static String signed(double v) {
        return (v > 0 ? "+" : "") + fmt(v);
    }
}
