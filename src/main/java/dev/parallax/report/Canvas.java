package dev.parallax.report;

/** Where charts draw: an SVG document or a PDF page. Origin top left, y down, units are points. */
interface Canvas {

    enum Anchor { START, MIDDLE, END }

    /** An sRGB colour. */
    record Rgb(int r, int g, int b) {
        String hex() {
            return String.format("#%02x%02x%02x", r, g, b);
        }
    }

    Rgb INK = new Rgb(0x22, 0x22, 0x22);
    Rgb MUTED = new Rgb(0x66, 0x66, 0x66);
    Rgb GRID = new Rgb(0xdd, 0xdd, 0xdd);

    /** Fill, stroke: either may be null for none. */
    void rect(double x, double y, double w, double h, Rgb fill, Rgb stroke);

    void line(double x1, double y1, double x2, double y2, Rgb stroke, double width, boolean dashed);

    void polyline(double[] xs, double[] ys, Rgb stroke, double width, boolean dashed);

    void circle(double cx, double cy, double r, Rgb fill);

    void text(double x, double y, String text, double size, Anchor anchor, Rgb color, boolean bold);

    /** Text rotated 90° anticlockwise, for a vertical axis title. */
    void verticalText(double x, double y, String text, double size, Rgb color);

    /** An estimate of a text's width, for layout (generous: the viewer picks the sans-serif font). */
    default double textWidth(String text, double size) {
        return text.length() * size * 0.6;
    }
}
