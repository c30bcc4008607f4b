package dev.parallax.report;

import dev.parallax.bench.stats.Bootstrap;
import dev.parallax.bench.stats.Estimate;
import dev.parallax.cost.CloudBreakEven;
import dev.parallax.cost.OwnershipEstimate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * The report's charts, drawn once against a {@link Canvas} so the HTML (SVG) and the PDF (vector paths) show the
 * same picture: latency box plots, tokens/s, cost per 1,000 prompts, success and pass rates, cost against quality,
 * and the break-even lines.
 */
final class Charts {

    /** A chart: its title, a caption that says how to read it, its size in points and how to draw it. */
    record Chart(String title, String caption, double width, double height, Consumer<Canvas> paint) {
    }

    static final Canvas.Rgb[] PALETTE = {
            new Canvas.Rgb(0x1f, 0x77, 0xb4), new Canvas.Rgb(0xd6, 0x5f, 0x0e), new Canvas.Rgb(0x2c, 0xa0, 0x2c),
            new Canvas.Rgb(0x94, 0x67, 0xbd), new Canvas.Rgb(0xc4, 0x2e, 0x2e), new Canvas.Rgb(0x17, 0x9e, 0xae),
            new Canvas.Rgb(0x8c, 0x56, 0x4b), new Canvas.Rgb(0x7f, 0x7f, 0x7f)};

    static final double WIDTH = 520;
    private static final double LABEL_W = 150;
    private static final double ROW_H = 26;

    private Charts() {
    }

    static Canvas.Rgb color(int i) {
        return PALETTE[i % PALETTE.length];
    }

    static List<Chart> of(ReportModel m) {
        List<Chart> out = new ArrayList<>();
        List<TargetSection> t = m.targets();
        if (t.stream().anyMatch(s -> s.ttftMs().length > 0)) {
            out.add(boxes("Time to first token", "ms", t, TargetSection::ttftMs));
        }
        if (t.stream().anyMatch(s -> s.totalMs().length > 0)) {
            out.add(boxes("Total time", "ms", t, TargetSection::totalMs));
        }
        if (t.stream().anyMatch(s -> s.tokensPerSecond().length > 0)) {
            out.add(bars("Generation speed", "tokens/s (median, bar = 95% CI)", t,
                    s -> s.stats().tokensPerSecond().p50().value(), s -> s.stats().tokensPerSecond().p50(), Figures::number,
                    false));
        }
        if (t.stream().anyMatch(s -> !Double.isNaN(Figures.costPer1000(s.stats())))) {
            out.add(bars("Cost per 1,000 prompts", "US dollars (known costs only)", t,
                    s -> Figures.costPer1000(s.stats()), s -> Estimate.NONE, Figures::usd, true));
        }
        out.add(rates(t));
        if (t.stream().filter(s -> !Double.isNaN(Figures.costPer1000(s.stats()))).count() >= 1) {
            out.add(scatter(t));
        }
        return out;
    }

    private static String clipLabel(Canvas c, String s, double size, double width) {
        if (c.textWidth(s, size) <= width) {
            return s;
        }
        String cut = s;
        while (cut.length() > 3 && c.textWidth(cut + "…", size) > width) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + "…";
    }

    /** Horizontal box plots, one row per target: whiskers 5th–95th percentile, box quartiles, line median. */
    static Chart boxes(String title, String unit, List<TargetSection> targets, java.util.function.Function<TargetSection, double[]> values) {
        double height = 8 + targets.size() * ROW_H + 36;
        double max = 0;
        for (TargetSection s : targets) {
            double[] v = values.apply(s);
            if (v.length > 0) {
                max = Math.max(max, Bootstrap.quantile(v, 0.95));
            }
        }
        Axis x = Axis.of(0, max);
        String caption = "Each row: box from the 25th to the 75th percentile, line at the median, whiskers from the 5th "
                + "to the 95th percentile of completed runs (n shown), in " + unit + ".";
        return new Chart(title + " (" + unit + ")", caption, WIDTH, height, c -> {
            double left = LABEL_W;
            double right = WIDTH - 50;
            double top = 6;
            double bottom = top + targets.size() * ROW_H;
            gridX(c, x, left, right, top, bottom, unit, v -> numberTick(v, x.step));
            for (int i = 0; i < targets.size(); i++) {
                TargetSection s = targets.get(i);
                double[] v = values.apply(s);
                double cy = top + i * ROW_H + ROW_H / 2;
                c.text(left - 6, cy + 4, clipLabel(c, s.target(), 10, LABEL_W - 10), 10, Canvas.Anchor.END, Canvas.INK, false);
                if (v.length == 0) {
                    c.text(left + 4, cy + 4, "no completed runs", 9, Canvas.Anchor.START, Canvas.MUTED, false);
                    continue;
                }
                double p5 = x.at(Bootstrap.quantile(v, 0.05), left, right);
                double q1 = x.at(Bootstrap.quantile(v, 0.25), left, right);
                double med = x.at(Bootstrap.quantile(v, 0.5), left, right);
                double q3 = x.at(Bootstrap.quantile(v, 0.75), left, right);
                double p95 = x.at(Bootstrap.quantile(v, 0.95), left, right);
                Canvas.Rgb col = color(i);
                c.line(p5, cy, q1, cy, col, 1.2, false);
                c.line(q3, cy, p95, cy, col, 1.2, false);
                c.line(p5, cy - 5, p5, cy + 5, col, 1.2, false);
                c.line(p95, cy - 5, p95, cy + 5, col, 1.2, false);
                c.rect(q1, cy - 8, Math.max(1, q3 - q1), 16, tint(col), col);
                c.line(med, cy - 8, med, cy + 8, Canvas.INK, 2, false);
                String label = Figures.number(Bootstrap.quantile(v, 0.5)) + " · n=" + v.length;
                if (fits(c, p95 + 4, label, 8.5)) {
                    c.text(p95 + 4, cy + 4, label, 8.5, Canvas.Anchor.START, Canvas.MUTED, false);
                } else if (p5 - 4 - c.textWidth(label, 8.5) >= left + 2) {
                    c.text(p5 - 4, cy + 4, label, 8.5, Canvas.Anchor.END, Canvas.MUTED, false);
                } else {
                    c.text(WIDTH - 2, cy - 10, label, 8.5, Canvas.Anchor.END, Canvas.MUTED, false);
                }
            }
        });
    }

    /**
     * Horizontal bars, one per target, with an interval when the estimate has one.
     *
     * @param label   how a bar's value reads
     * @param dollars whether the axis is in dollars
     */
    static Chart bars(String title, String unit, List<TargetSection> targets, ToDoubleFunction<TargetSection> value,
                      java.util.function.Function<TargetSection, Estimate> interval,
                      java.util.function.DoubleFunction<String> label, boolean dollars) {
        double height = 8 + targets.size() * ROW_H + 36;
        double max = 0;
        for (TargetSection s : targets) {
            double v = value.applyAsDouble(s);
            Estimate e = interval.apply(s);
            if (!Double.isNaN(v)) {
                max = Math.max(max, v);
            }
            if (e.isKnown()) {
                max = Math.max(max, e.high());
            }
        }
        Axis x = Axis.of(0, max);
        return new Chart(title, "Values in " + unit + ".", WIDTH, height, c -> {
            double left = LABEL_W;
            double right = WIDTH - 70;
            double top = 6;
            double bottom = top + targets.size() * ROW_H;
            gridX(c, x, left, right, top, bottom, unit, v -> dollars ? tick(v, x.step) : numberTick(v, x.step));
            for (int i = 0; i < targets.size(); i++) {
                TargetSection s = targets.get(i);
                double v = value.applyAsDouble(s);
                double cy = top + i * ROW_H + ROW_H / 2;
                c.text(left - 6, cy + 4, clipLabel(c, s.target(), 10, LABEL_W - 10), 10, Canvas.Anchor.END, Canvas.INK, false);
                if (Double.isNaN(v)) {
                    c.text(left + 4, cy + 4, "unknown", 9, Canvas.Anchor.START, Canvas.MUTED, false);
                    continue;
                }
                double end = x.at(v, left, right);
                c.rect(left, cy - 8, Math.max(1, end - left), 16, color(i), null);
                Estimate e = interval.apply(s);
                double labelX = end;
                if (e.isKnown()) {
                    double lo = x.at(e.low(), left, right);
                    double hi = x.at(e.high(), left, right);
                    c.line(lo, cy, hi, cy, Canvas.INK, 1.2, false);
                    c.line(lo, cy - 5, lo, cy + 5, Canvas.INK, 1.2, false);
                    c.line(hi, cy - 5, hi, cy + 5, Canvas.INK, 1.2, false);
                    labelX = Math.max(end, hi);
                }
                valueLabel(c, labelX + 4, left, cy + 4, label.apply(v), 9, Canvas.INK, end, color(i));
            }
        });
    }

    /** Success rate and, where checks ran, pass rate, per target (0–100%). */
    static Chart rates(List<TargetSection> targets) {
        boolean checks = targets.stream().anyMatch(s -> s.stats().passRate().applicable() > 0);
        double rowH = checks ? 34 : ROW_H;
        double height = 8 + targets.size() * rowH + 36;
        Axis x = new Axis(0, 1, 0.2);
        String caption = checks ? "Upper bar: share of runs that completed. Lower bar: share of checks that passed."
                : "Share of runs that completed (no checks were run).";
        return new Chart(checks ? "Success and pass rates" : "Success rate", caption, WIDTH, height, c -> {
            double left = LABEL_W;
            double right = WIDTH - 60;
            double top = 6;
            double bottom = top + targets.size() * rowH;
            gridX(c, x, left, right, top, bottom, "%", v -> String.format(Locale.ROOT, "%.0f%%", v * 100));
            for (int i = 0; i < targets.size(); i++) {
                TargetSection s = targets.get(i);
                double y0 = top + i * rowH;
                c.text(left - 6, y0 + rowH / 2 + 4, clipLabel(c, s.target(), 10, LABEL_W - 10), 10, Canvas.Anchor.END,
                        Canvas.INK, false);
                double success = s.stats().successRate();
                double barH = checks ? 12 : 16;
                double y = y0 + (rowH - (checks ? 2 * barH + 2 : barH)) / 2;
                bar(c, x, left, right, y, barH, success, color(i), "completed");
                if (checks) {
                    double pass = s.stats().passRate().rate();
                    bar(c, x, left, right, y + barH + 2, barH, pass, tint(color(i)), "passed");
                }
            }
        });
    }

    private static void bar(Canvas c, Axis x, double left, double right, double y, double h, double v, Canvas.Rgb col,
                            String what) {
        if (Double.isNaN(v)) {
            c.text(left + 4, y + h - 2, "no " + what + " figure", 8.5, Canvas.Anchor.START, Canvas.MUTED, false);
            return;
        }
        double end = x.at(v, left, right);
        c.rect(left, y, Math.max(1, end - left), h, col, col);
        valueLabel(c, end + 4, left, y + h - 2, Figures.percent(v) + " " + what, 8.5, Canvas.INK, end, col);
    }

    /** Cost per 1,000 prompts (x) against quality (y): pass rate where checks ran, else success rate. */
    static Chart scatter(List<TargetSection> targets) {
        List<Integer> shown = new ArrayList<>();
        double max = 0;
        for (int i = 0; i < targets.size(); i++) {
            double cost = Figures.costPer1000(targets.get(i).stats());
            if (!Double.isNaN(cost) && !Double.isNaN(targets.get(i).quality())) {
                shown.add(i);
                max = Math.max(max, cost);
            }
        }
        boolean pass = targets.stream().anyMatch(TargetSection::qualityIsPassRate);
        Axis x = Axis.of(0, max);
        Axis y = new Axis(0, 1, 0.25);
        double height = 290 + 18 * shown.size();
        String caption = "Each point is a target: further left is cheaper, higher is better. Quality is the "
                + (pass ? "pass rate of the checks (success rate for targets without checks)" : "success rate (no checks were run)")
                + ". Targets with an unknown cost are left out.";
        return new Chart("Cost against quality", caption, WIDTH, height, c -> {
            double left = 60;
            double right = WIDTH - 20;
            double top = 14;
            double bottom = 240;
            gridX(c, x, left, right, top, bottom, "US dollars per 1,000 prompts", v -> tick(v, x.step));
            for (double v = y.min; v <= y.max + 1e-9; v += y.step) {
                double py = bottom - (v - y.min) / (y.max - y.min) * (bottom - top);
                c.line(left, py, right, py, Canvas.GRID, 0.6, false);
                c.text(left - 5, py + 3, String.format(Locale.ROOT, "%.0f%%", v * 100), 8.5, Canvas.Anchor.END, Canvas.MUTED, false);
            }
            c.verticalText(14, (top + bottom) / 2, pass ? "pass rate" : "success rate", 9, Canvas.MUTED);
            for (int k = 0; k < shown.size(); k++) {
                int i = shown.get(k);
                TargetSection s = targets.get(i);
                double px = x.at(Figures.costPer1000(s.stats()), left, right);
                double py = bottom - s.quality() * (bottom - top);
                c.circle(px, py, 5, color(i));
                double lx = left;
                double ly = bottom + 44 + k * 18;
                c.circle(lx + 4, ly - 3, 4, color(i));
                c.text(lx + 12, ly, clipLabel(c, s.target() + " — " + Figures.usd(Figures.costPer1000(s.stats()))
                        + " per 1,000 prompts, " + Figures.percent(s.quality()), 9, WIDTH - left - 20), 9,
                        Canvas.Anchor.START, Canvas.INK, false);
            }
        });
    }

    /** Cumulative cost month by month: the local machine against each cloud model, with break-even marks. */
    static Chart breakEven(OwnershipEstimate o) {
        int months = o.inputs().lifetimeMonths();
        double max = o.localCumulativeUsd().get(months);
        for (CloudBreakEven b : o.clouds()) {
            max = Math.max(max, b.cumulativeUsd().get(months));
        }
        Axis y = Axis.of(0, max);
        Axis x = Axis.months(months);
        int series = o.clouds().size() + 1;
        double height = 280 + 18 * series;
        String caption = "Cumulative cost at the end of each month over the hardware's " + months + "-month lifetime. "
                + "Local starts at the hardware price and adds electricity; a ring marks the month local becomes cheaper.";
        return new Chart("Break-even: cumulative cost, local against cloud", caption, WIDTH, height, c -> {
            double left = 70;
            double right = WIDTH - 20;
            double top = 14;
            double bottom = 230;
            for (double v = y.min; v <= y.max + 1e-9; v += y.step) {
                double py = y.atY(v, top, bottom);
                c.line(left, py, right, py, Canvas.GRID, 0.6, false);
                c.text(left - 5, py + 3, tick(v, y.step), 8.5, Canvas.Anchor.END, Canvas.MUTED, false);
            }
            for (double v = x.min; v <= x.max + 1e-9; v += x.step) {
                double px = x.at(v, left, right);
                c.line(px, bottom, px, bottom + 4, Canvas.MUTED, 0.8, false);
                c.text(px, bottom + 15, String.format(Locale.ROOT, "%.0f", v), 8.5, Canvas.Anchor.MIDDLE, Canvas.MUTED, false);
            }
            c.line(left, bottom, right, bottom, Canvas.MUTED, 0.8, false);
            c.text((left + right) / 2, bottom + 30, "month", 9, Canvas.Anchor.MIDDLE, Canvas.MUTED, false);
            drawSeries(c, o.localCumulativeUsd(), x, y, left, right, top, bottom, Canvas.INK, 2.2, false);
            for (int i = 0; i < o.clouds().size(); i++) {
                CloudBreakEven b = o.clouds().get(i);
                drawSeries(c, b.cumulativeUsd(), x, y, left, right, top, bottom, color(i), 1.6, true);
                if (b.breakEvenMonth().isPresent()) {
                    int m = b.breakEvenMonth().getAsInt();
                    double px = x.at(m, left, right);
                    double py = y.atY(o.localCumulativeUsd().get(m), top, bottom);
                    c.circle(px, py, 5, color(i));
                    c.circle(px, py, 2.5, new Canvas.Rgb(255, 255, 255));
                }
            }
            List<String> labels = new ArrayList<>();
            labels.add("local (" + Figures.usd(o.inputs().hardwareUsd()) + " + " + Figures.usd(o.localEnergyUsdPerMonth()) + "/month)");
            for (CloudBreakEven b : o.clouds()) {
                labels.add(b.target() + " — " + (b.breakEvenMonth().isPresent()
                        ? "break-even month " + b.breakEvenMonth().getAsInt() : "no break-even in " + months + " months"));
            }
            for (int k = 0; k < labels.size(); k++) {
                double lx = left;
                double ly = bottom + 50 + k * 18;
                c.line(lx, ly - 3, lx + 16, ly - 3, k == 0 ? Canvas.INK : color(k - 1), k == 0 ? 2.2 : 1.6, k != 0);
                c.text(lx + 20, ly, clipLabel(c, labels.get(k), 9, WIDTH - left - 24), 9, Canvas.Anchor.START,
                        Canvas.INK, false);
            }
        });
    }

    /** A dollar tick label with as many decimals as the step needs (0.25 needs two), and no more. */
    static String tick(double v, double step) {
        return "$" + numberTick(v, step);
    }

    /** A tick label with the decimals its step needs, the same for every tick of the axis: 0, 2.5, 5.0, 7.5. */
    static String numberTick(double v, double step) {
        return String.format(Locale.ROOT, "%,." + decimals(step) + "f", v);
    }

    private static int decimals(double step) {
        for (int d = 0; d < 10; d++) {
            double scaled = step * Math.pow(10, d);
            if (Math.abs(scaled - Math.rint(scaled)) < 1e-6 * Math.max(1, scaled)) {
                return d;
            }
        }
        return 10;
    }

    /** Whether a label starting at {@code x} ends inside the chart. */
    private static boolean fits(Canvas c, double x, String text, double size) {
        return x + c.textWidth(text, size) <= WIDTH - 2;
    }

    /**
     * A bar's value after its end, or inside the bar at its end when it would run out of the chart there (a bar that
     * fills the axis); in white on a dark bar.
     */
    private static void valueLabel(Canvas c, double x, double left, double y, String text, double size, Canvas.Rgb ink,
                                   double barEnd, Canvas.Rgb bar) {
        if (fits(c, x, text, size) || barEnd - 4 - c.textWidth(text, size) < left + 2) {
            c.text(Math.min(x, WIDTH - 2 - c.textWidth(text, size)), y, text, size, Canvas.Anchor.START, ink, false);
            return;
        }
        double luminance = (0.299 * bar.r() + 0.587 * bar.g() + 0.114 * bar.b()) / 255;
        c.text(barEnd - 4, y, text, size, Canvas.Anchor.END, luminance < 0.6 ? new Canvas.Rgb(255, 255, 255) : ink, false);
    }

    private static void drawSeries(Canvas c, List<Double> v, Axis x, Axis y, double left, double right, double top,
                                   double bottom, Canvas.Rgb col, double width, boolean dashed) {
        double[] xs = new double[v.size()];
        double[] ys = new double[v.size()];
        for (int m = 0; m < v.size(); m++) {
            xs[m] = x.at(m, left, right);
            ys[m] = y.atY(v.get(m), top, bottom);
        }
        c.polyline(xs, ys, col, width, dashed);
    }

    private static void gridX(Canvas c, Axis x, double left, double right, double top, double bottom, String unit,
                              java.util.function.DoubleFunction<String> label) {
        for (double v = x.min; v <= x.max + 1e-9; v += x.step) {
            double px = x.at(v, left, right);
            c.line(px, top, px, bottom, Canvas.GRID, 0.6, false);
            String text = label.apply(v);
            double half = c.textWidth(text, 8.5) / 2;
            c.text(Math.min(px, WIDTH - 2 - half), bottom + 13, text, 8.5, Canvas.Anchor.MIDDLE, Canvas.MUTED, false);
        }
        c.line(left, top, left, bottom, Canvas.MUTED, 0.8, false);
        c.text((left + right) / 2, bottom + 28, unit, 9, Canvas.Anchor.MIDDLE, Canvas.MUTED, false);
    }

    private static Canvas.Rgb tint(Canvas.Rgb c) {
        return new Canvas.Rgb(255 - (255 - c.r()) * 45 / 100, 255 - (255 - c.g()) * 45 / 100, 255 - (255 - c.b()) * 45 / 100);
    }

    /** A linear axis from min to max with round steps. */
    record Axis(double min, double max, double step) {

        static Axis of(double min, double max) {
            if (!(max > min)) {
                max = min + 1;
            }
            double raw = (max - min) / 5;
            double mag = Math.pow(10, Math.floor(Math.log10(raw)));
            double norm = raw / mag;
            double step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10) * mag;
            double top = Math.ceil(max / step) * step;
            return new Axis(min, top, step);
        }

        /** Month ticks: every month up to a year, then every 3, 6 or 12; the axis ends at the last tick. */
        static Axis months(int months) {
            int step = months <= 12 ? 1 : months <= 24 ? 3 : months <= 72 ? 6 : 12;
            return new Axis(0, Math.ceil(months / (double) step) * step, step);
        }

        double at(double v, double from, double to) {
            return from + (v - min) / (max - min) * (to - from);
        }

        double atY(double v, double top, double bottom) {
            return bottom - (v - min) / (max - min) * (bottom - top);
        }
    }
}
