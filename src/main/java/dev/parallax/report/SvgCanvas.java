package dev.parallax.report;

import java.util.Locale;

/** Draws a chart as an inline SVG element: no scripts, no external references, every text escaped. */
final class SvgCanvas implements Canvas {

    private final StringBuilder svg = new StringBuilder();

    static String render(Charts.Chart chart) {
        SvgCanvas c = new SvgCanvas();
        chart.paint().accept(c);
        return String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" "
                + "width=\"%.0f\" height=\"%.0f\" role=\"img\" aria-label=\"%s\" font-family=\"Helvetica, Arial, sans-serif\">",
                chart.width(), chart.height(), chart.width(), chart.height(), Html.escape(chart.title())) + c.svg + "</svg>";
    }

    private static String n(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    @Override
    public void rect(double x, double y, double w, double h, Rgb fill, Rgb stroke) {
        svg.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(w))
                .append("\" height=\"").append(n(h)).append("\" fill=\"").append(fill == null ? "none" : fill.hex())
                .append('"');
        if (stroke != null) {
            svg.append(" stroke=\"").append(stroke.hex()).append("\" stroke-width=\"1\"");
        }
        svg.append("/>");
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, Rgb stroke, double width, boolean dashed) {
        svg.append("<line x1=\"").append(n(x1)).append("\" y1=\"").append(n(y1)).append("\" x2=\"").append(n(x2))
                .append("\" y2=\"").append(n(y2)).append("\" stroke=\"").append(stroke.hex()).append("\" stroke-width=\"")
                .append(n(width)).append('"').append(dashed ? " stroke-dasharray=\"5 3\"" : "").append("/>");
    }

    @Override
    public void polyline(double[] xs, double[] ys, Rgb stroke, double width, boolean dashed) {
        svg.append("<polyline fill=\"none\" stroke=\"").append(stroke.hex()).append("\" stroke-width=\"").append(n(width))
                .append('"').append(dashed ? " stroke-dasharray=\"6 3\"" : "").append(" points=\"");
        for (int i = 0; i < xs.length; i++) {
            svg.append(i == 0 ? "" : " ").append(n(xs[i])).append(',').append(n(ys[i]));
        }
        svg.append("\"/>");
    }

    @Override
    public void circle(double cx, double cy, double r, Rgb fill) {
        svg.append("<circle cx=\"").append(n(cx)).append("\" cy=\"").append(n(cy)).append("\" r=\"").append(n(r))
                .append("\" fill=\"").append(fill.hex()).append("\"/>");
    }

    @Override
    public void text(double x, double y, String text, double size, Anchor anchor, Rgb color, boolean bold) {
        svg.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" font-size=\"").append(n(size))
                .append("\" fill=\"").append(color.hex()).append('"');
        if (anchor != Anchor.START) {
            svg.append(" text-anchor=\"").append(anchor == Anchor.MIDDLE ? "middle" : "end").append('"');
        }
        if (bold) {
            svg.append(" font-weight=\"bold\"");
        }
        svg.append('>').append(Html.escape(text)).append("</text>");
    }

    @Override
    public void verticalText(double x, double y, String text, double size, Rgb color) {
        svg.append("<text transform=\"translate(").append(n(x)).append(',').append(n(y)).append(") rotate(-90)\" font-size=\"")
                .append(n(size)).append("\" fill=\"").append(color.hex()).append("\" text-anchor=\"middle\">")
                .append(Html.escape(text)).append("</text>");
    }
}
