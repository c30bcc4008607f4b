package dev.parallax.report;

import dev.parallax.bench.stats.Estimate;
import dev.parallax.bench.stats.TargetStats;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/** How numbers read in every format of a report (the JSON keeps them raw). */
final class Figures {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Figures() {
    }

    static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        if (a >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return v == 0 ? "0" : String.format(Locale.ROOT, "%.3g", v);
    }

    static String number(OptionalDouble v) {
        return v.isPresent() ? number(v.getAsDouble()) : "–";
    }

    /** "412 (380–450)": a statistic and its 95% interval. */
    static String estimate(Estimate e) {
        if (!e.isKnown()) {
            return "–";
        }
        return number(e.value()) + " (" + number(e.low()) + "–" + number(e.high()) + ")";
    }

    static String usd(double v) {
        if (Double.isNaN(v)) {
            return "unknown";
        }
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "$%,.0f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "$%,.2f", v);
        }
        return v == 0 ? "$0" : "$" + new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }

    static String usd(Optional<BigDecimal> v) {
        return v.map(b -> usd(b.doubleValue())).orElse("unknown");
    }

    static String percent(double share) {
        return Double.isNaN(share) ? "–" : String.format(Locale.ROOT, "%.0f%%", share * 100);
    }

    static String time(Instant t) {
        return TIME.format(t);
    }

    /**
     * Known cost per completed-or-not run × 1,000: what 1,000 such prompts cost. NaN when no cost is known, or when
     * no run completed (a target that answered nothing has no price per prompt, however little its failures cost).
     */
    static double costPer1000(TargetStats s) {
        int known = s.runs() - s.costUnknownRuns();
        if (s.costUsd().isEmpty() || known <= 0 || s.succeeded() == 0) {
            return Double.NaN;
        }
        return s.costUsd().get().doubleValue() / known * 1000;
    }

    static String passRate(TargetStats s) {
        return s.passRate().applicable() == 0 ? "–"
                : percent(s.passRate().rate()) + " (" + s.passRate().passed() + "/" + s.passRate().applicable() + ")";
    }

    /** Model output shortened for the page formats; the JSON and CSV keep it whole. */
    static String clip(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        return s.substring(0, max) + "… (" + (s.length() - max) + " more characters in the JSON or CSV export)";
    }
}
