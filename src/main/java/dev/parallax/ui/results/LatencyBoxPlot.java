package dev.parallax.ui.results;

import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

import java.util.List;
import java.util.Locale;

/**
 * Total time per target as box plots on a canvas: the box spans the quartiles, the line in it is the median, the
 * whiskers reach the fastest and slowest completed run. Redrawn when resized or given new data; no animation.
 */
final class LatencyBoxPlot extends Region {

    static final Color[] PALETTE = {Color.web("#2f81f7"), Color.web("#db6d28"), Color.web("#3fb950"),
            Color.web("#a371f7"), Color.web("#e5534b"), Color.web("#1b9e9e")};
    private static final Color TEXT = Color.web("#8b949e");
    private static final Color GRID = Color.web("#8b949e", 0.25);

    private final Canvas canvas = new Canvas();
    private List<TargetChart> data = List.of();

    LatencyBoxPlot() {
        getChildren().add(canvas);
        getStyleClass().add("latency-box-plot");
        setMinHeight(220);
        setPrefHeight(280);
    }

    void setData(List<TargetChart> charts) {
        this.data = List.copyOf(charts);
        draw();
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        draw();
    }

    private void draw() {
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, w, h);
        if (w < 50 || h < 50) {
            return;
        }
        g.setFont(Font.font(11));
        List<TargetChart> shown = data.stream().filter(c -> c.latency().isPresent()).toList();
        if (shown.isEmpty()) {
            g.setFill(TEXT);
            g.setTextAlign(TextAlignment.CENTER);
            g.setTextBaseline(VPos.CENTER);
            g.fillText("No completed runs yet", w / 2, h / 2);
            return;
        }
        double max = shown.stream().mapToDouble(c -> c.latency().get().max()).max().orElse(1);
        double step = niceStep(max / 5);
        double top = Math.max(step, Math.ceil(max / step) * step);
        double left = 64;
        double right = 16;
        double upper = 12;
        double lower = 44;
        double plotH = h - upper - lower;
        double plotW = w - left - right;

        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.CENTER);
        g.setLineWidth(1);
        for (double v = 0; v <= top + step / 2; v += step) {
            double y = upper + plotH - v / top * plotH;
            g.setStroke(GRID);
            g.strokeLine(left, y, w - right, y);
            g.setFill(TEXT);
            g.fillText(top >= 1_000 ? seconds(v, step) : String.format(Locale.ROOT, "%.0f ms", v), left - 6, y);
        }
        double slot = plotW / shown.size();
        double boxW = Math.min(70, slot * 0.45);
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.TOP);
        for (int i = 0; i < shown.size(); i++) {
            TargetChart c = shown.get(i);
            TargetChart.Box b = c.latency().get();
            Color color = PALETTE[data.indexOf(c) % PALETTE.length];
            double x = left + slot * i + slot / 2;
            double yMin = upper + plotH - b.min() / top * plotH;
            double yMax = upper + plotH - b.max() / top * plotH;
            double yQ1 = upper + plotH - b.q1() / top * plotH;
            double yQ3 = upper + plotH - b.q3() / top * plotH;
            double yMed = upper + plotH - b.median() / top * plotH;
            g.setStroke(color);
            g.setLineWidth(1.5);
            g.strokeLine(x, yMax, x, yQ3);
            g.strokeLine(x, yQ1, x, yMin);
            g.strokeLine(x - boxW / 4, yMax, x + boxW / 4, yMax);
            g.strokeLine(x - boxW / 4, yMin, x + boxW / 4, yMin);
            g.setFill(color.deriveColor(0, 1, 1, 0.25));
            g.fillRect(x - boxW / 2, yQ3, boxW, Math.max(1, yQ1 - yQ3));
            g.strokeRect(x - boxW / 2, yQ3, boxW, Math.max(1, yQ1 - yQ3));
            g.setLineWidth(3);
            g.strokeLine(x - boxW / 2, yMed, x + boxW / 2, yMed);
            g.setFill(TEXT);
            g.fillText(shorten(c.target(), slot), x, upper + plotH + 6);
            g.fillText("median " + label(b.median()) + " · n=" + c.completed(), x, upper + plotH + 22);
        }
    }

    private static String shorten(String s, double width) {
        int chars = (int) Math.max(8, width / 6.5);
        return s.length() <= chars ? s : s.substring(0, chars - 1) + "…";
    }

    static String label(double ms) {
        if (ms >= 10_000) {
            return String.format(Locale.ROOT, "%.0f s", ms / 1000);
        }
        if (ms >= 1_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000);
        }
        return String.format(Locale.ROOT, "%.0f ms", ms);
    }

    private static String seconds(double ms, double step) {
        return String.format(Locale.ROOT, step >= 1_000 ? "%.0f s" : "%.1f s", ms / 1000);
    }

    static double niceStep(double raw) {
        if (raw <= 0) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / p;
        double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
        return nice * p;
    }
}
