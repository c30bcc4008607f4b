package dev.parallax.ui.history;

import dev.parallax.history.RunRecord;
import dev.parallax.ui.base.Formats;

import java.util.Optional;

/** One line of the history table: a stored run, or a stand-in while its page is being read. */
public record HistoryRow(int index, Optional<RunRecord> run) {

    static final String LOADING = "…";

    public static HistoryRow pending(int index) {
        return new HistoryRow(index, Optional.empty());
    }

    public boolean loaded() {
        return run.isPresent();
    }

    public String time() {
        return run.map(r -> Formats.time(r.createdAt())).orElse(LOADING);
    }

    /** "11-27 16:03:12": the year only in the details. */
    public String shortTime() {
        return run.map(r -> Formats.time(r.createdAt()).substring(5)).orElse(LOADING);
    }

    public String target() {
        return run.map(r -> r.target().toString()).orElse("");
    }

    public String model() {
        return run.map(r -> {
            String q = r.model().quantization();
            return r.model().name() + (q.isBlank() ? "" : " · " + q);
        }).orElse("");
    }

    public String status() {
        return run.map(r -> r.status().label()).orElse("");
    }

    public String ttft() {
        return run.map(r -> Formats.millis(r.timings().ttftMs())).orElse("");
    }

    public String tokensPerSecond() {
        return run.map(r -> Formats.rate(r.timings().completionTokensPerSecond())).orElse("");
    }

    /** "12 → 200": prompt tokens, then completion tokens. */
    public String tokens() {
        return run.map(r -> r.usage().totalTokens() == 0 ? Formats.NONE
                : Formats.count(r.usage().promptTokens()) + " → " + Formats.count(r.usage().completionTokens())).orElse("");
    }

    public String cost() {
        return run.map(r -> r.costUsd().map(Formats::usd).orElse("")).orElse("");
    }
}
