package dev.parallax.cli;

import dev.parallax.core.RunResult;
import dev.parallax.core.Timings;

import java.util.Locale;

/** Short human-readable lines about runs. */
final class Summaries {

    private Summaries() {
    }

    static String oneLine(RunResult r) {
        Timings t = r.timings();
        StringBuilder s = new StringBuilder();
        s.append(r.status().label());
        t.ttftMs().ifPresent(v -> s.append(String.format(Locale.ROOT, " · first token %.0f ms", v)));
        t.completionTokensPerSecond().ifPresent(v -> s.append(String.format(Locale.ROOT, " · %.1f tok/s", v)));
        s.append(String.format(Locale.ROOT, " · %d prompt + %d completion tokens%s", r.usage().promptTokens(),
                r.usage().completionTokens(), r.usage().basis().name().equals("EXACT") ? "" : " (estimated)"));
        s.append(String.format(Locale.ROOT, " · %.0f ms total", t.totalMs()));
        t.modelLoadMs().ifPresent(v -> s.append(String.format(Locale.ROOT, " · model loaded in %.0f ms", v)));
        if (t.attempts() > 1) {
            s.append(String.format(Locale.ROOT, " · %d attempts (%.0f ms waiting)", t.attempts(), t.retryWaitMs()));
        }
        r.cost().ifPresentOrElse(
                c -> s.append(" · ").append(usd(c.usd())).append(" (").append(c.basis().label()).append(")"),
                () -> s.append(" · cost unknown"));
        s.append(" · run ").append(r.runId(), 0, 8);
        return s.toString();
    }

    /** Dollars with enough digits to show the cost of a handful of tokens. */
    static String usd(java.math.BigDecimal v) {
        java.math.BigDecimal abs = v.abs();
        if (abs.signum() == 0) {
            return "$0";
        }
        int digits = abs.compareTo(java.math.BigDecimal.ONE) >= 0 ? 2
                : Math.max(2, -abs.precision() + abs.scale() + 3);
        return "$" + v.setScale(Math.min(digits, 10), java.math.RoundingMode.HALF_UP).toPlainString();
    }

    static String ms(java.util.OptionalDouble v) {
        return v.isPresent() ? String.format(Locale.ROOT, "%.0f", v.getAsDouble()) : "-";
    }

    static String rate(java.util.OptionalDouble v) {
        return v.isPresent() ? String.format(Locale.ROOT, "%.1f", v.getAsDouble()) : "-";
    }

    /** A line about privacy routing, when the run did not simply go where it was sent. */
    static java.util.Optional<String> routing(dev.parallax.route.RoutingDecision r) {
        if (r.redactions() > 0) {
            return java.util.Optional.of("privacy: " + r.redactions() + " value(s) replaced by placeholders before "
                    + r.chosen().provider() + "; the answer shows the originals (" + r.rule() + ")");
        }
        if (!r.chosen().equals(r.requested())) {
            // "privacy" only where the privacy policy chose; auto's own rules (the default cloud, a fallback after a
            // cloud error, the budget, the context) are routing.
            String why = r.findings().isEmpty() && !PRIVACY_RULES.contains(r.rule()) ? "routing" : "privacy";
            return java.util.Optional.of(why + ": ran on " + r.chosen() + " instead of " + r.requested() + " ("
                    + r.rule() + (r.findings().isEmpty() ? "" : ", " + r.findings().size() + " finding(s)") + ")");
        }
        return java.util.Optional.empty();
    }

    private static final java.util.Set<String> PRIVACY_RULES = java.util.Set.of("sensitive", "default_policy",
            "provider_policy", "override", "label_local_only", "gate_undecided");
}
