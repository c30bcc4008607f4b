package dev.parallax.ui.results;

/** One target's line in the statistics table, as text (intervals are 95% bootstrap intervals). */
public record StatsRow(String target, String runs, String success, String ttftMedian, String ttftP95, String ttftP99,
                       String totalMedian, String totalP95, String totalP99, String tpsMedian, String tpsP95,
                       String tpsP99, String tokens, String cost, String costPer1000Rows, String passRate,
                       String passRates) {
}
