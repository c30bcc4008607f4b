package dev.parallax.ui.results;

import java.util.List;
import java.util.OptionalDouble;

/**
 * What the charts draw for one target.
 *
 * @param latency         total time of completed runs: min, quartiles, max (empty when none completed)
 * @param tokensPerSecond median tokens/s of completed runs
 * @param costPer1000Rows known cost per 1,000 rows, in dollars
 * @param quality         pass rate of the checks, or the success rate when the batch has no checks
 */
public record TargetChart(String target, int completed, java.util.Optional<Box> latency, OptionalDouble tokensPerSecond,
                          OptionalDouble costPer1000Rows, double quality) {

    /**
     * The target as a chart's point label shows it: a local model by its file name, since a full path pushes the label
     * over its neighbours'. Where names must stay unique (an axis's categories), the whole target is used.
     */
    public String shortLabel() {
        if (!target.startsWith("local:")) {
            return target;
        }
        String model = target.substring("local:".length());
        int slash = Math.max(model.lastIndexOf('/'), model.lastIndexOf('\\'));
        return slash < 0 ? target : "local:" + model.substring(slash + 1);
    }

    /**
     * How far (in pixels) a point's label moves down (up when negative): targets with about the same pass rate sit on
     * one line, where their names would run into each other, so they take turns on two lines; near the top or the
     * bottom of the axis both lines stay inside the plot. A target alone keeps its label level with its dot.
     */
    public static double labelShift(List<TargetChart> priced, int i) {
        TargetChart c = priced.get(i);
        boolean crowded = priced.stream().anyMatch(o -> o != c && Math.abs(o.quality() - c.quality()) < 0.08);
        if (!crowded) {
            return 0;
        }
        boolean first = i % 2 == 0;
        if (c.quality() >= 0.9) {
            return first ? 0 : 14;
        }
        if (c.quality() <= 0.1) {
            return first ? 0 : -14;
        }
        return first ? -9 : 9;
    }

    /** A box plot's five numbers, in milliseconds. */
    public record Box(double min, double q1, double median, double q3, double max) {
    }
}
