package dev.parallax.report;

import dev.parallax.bench.stats.TargetStats;

import java.util.Arrays;

/**
 * One target's statistics and the raw values its charts are drawn from.
 *
 * @param local       whether it ran on this machine
 * @param ttftMs      time to first token of each completed run
 * @param totalMs     total time of each completed run
 * @param tokensPerSecond generation rate of each completed run that has one
 */
public record TargetSection(TargetStats stats, boolean local, double[] ttftMs, double[] totalMs, double[] tokensPerSecond) {

    public TargetSection {
        ttftMs = ttftMs.clone();
        totalMs = totalMs.clone();
        tokensPerSecond = tokensPerSecond.clone();
        Arrays.sort(ttftMs);
        Arrays.sort(totalMs);
        Arrays.sort(tokensPerSecond);
    }

    public String target() {
        return stats.target();
    }

    /** Pass rate of the checks, else the success rate: the "quality" the cost-vs-quality chart plots. */
    public double quality() {
        double pass = stats.passRate().rate();
        return Double.isNaN(pass) ? stats.successRate() : pass;
    }

    public boolean qualityIsPassRate() {
        return !Double.isNaN(stats.passRate().rate());
    }
}
