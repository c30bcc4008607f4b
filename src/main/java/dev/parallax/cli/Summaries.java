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
        s.append(" · run ").append(r.runId(), 0, 8);
        return s.toString();
    }

    static String ms(java.util.OptionalDouble v) {
        return v.isPresent() ? String.format(Locale.ROOT, "%.0f", v.getAsDouble()) : "-";
    }

    static String rate(java.util.OptionalDouble v) {
        return v.isPresent() ? String.format(Locale.ROOT, "%.1f", v.getAsDouble()) : "-";
    }
}
