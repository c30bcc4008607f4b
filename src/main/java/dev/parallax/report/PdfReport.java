package dev.parallax.report;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.util.Matrix;

import java.awt.Color;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The report as a PDF drawn with PDFBox: the same blocks as the HTML, text laid out and wrapped here, charts drawn
 * as vector paths through the same {@link Charts} code. Text is set in the bundled DejaVu fonts (Latin, Greek,
 * Cyrillic, Hebrew, Arabic, symbols); a character they lack (CJK, emoji) prints as {@value Layout#MISSING_TEXT}, with
 * a note at the foot of the page, and the HTML, JSON and CSV exports keep the text exact.
 */
final class PdfReport implements ReportExporter {

    /** Characters of an answer shown per run in the PDF. */
    static final int TEXT_LIMIT = 1500;

    @Override
    public void write(ReportModel m, OutputStream out) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            PDDocumentInformation info = doc.getDocumentInformation();
            // Document properties are Unicode strings, not glyphs: they keep every character but controls.
            info.setTitle(Layout.withoutControls(m.title() + " — Parallax report"));
            info.setCreator("Parallax " + Layout.withoutControls(m.summary().exportedWith()));
            Layout l = new Layout(doc);
            try {
                l.heading(m.title(), 1);
                for (Blocks.Block b : Blocks.of(m)) {
                    block(l, b);
                }
                details(l, m);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            } finally {
                l.close();
            }
            doc.save(out);
        }
    }

    private static void block(Layout l, Blocks.Block b) throws IOException {
        if (b instanceof Blocks.Heading h) {
            l.heading(h.text(), h.level());
        } else if (b instanceof Blocks.Paragraph p) {
            l.paragraph(p.text(), l.regular, 9.5f, Layout.LEFT, Layout.WIDTH);
            l.space(4);
        } else if (b instanceof Blocks.Facts f) {
            for (String[] pair : f.pairs()) {
                l.fact(pair[0], pair[1]);
            }
            l.space(6);
        } else if (b instanceof Blocks.Table t) {
            l.table(t.headers(), t.rows());
            l.space(6);
        } else if (b instanceof Blocks.Bullets bl) {
            for (String item : bl.items()) {
                l.bullet(item);
            }
            l.space(4);
        } else if (b instanceof Blocks.Figure f) {
            l.figure(f.chart());
        }
    }

    private static void details(Layout l, ReportModel m) throws IOException {
        l.heading("Runs", 2);
        l.paragraph(m.rows().size() + " run(s). Answers up to " + TEXT_LIMIT + " characters each; the JSON and CSV "
                + "exports hold them whole.", l.regular, 9, Layout.LEFT, Layout.WIDTH);
        l.space(4);
        for (ReportRow r : m.rows()) {
            l.need(40);
            String head = (m.kind() == ReportModel.Kind.BATCH ? "Row " + r.row() + " · " : "") + r.targetText() + " · repeat "
                    + r.repeat() + " · " + r.status();
            l.paragraph(head, l.bold, 9, Layout.LEFT, Layout.WIDTH);
            l.paragraph("TTFT " + Figures.number(r.ttftMs()) + " ms · total " + Figures.number(r.totalMs()) + " ms · "
                    + Figures.number(r.tokensPerSecond()) + " tokens/s · tokens " + r.promptTokens() + " / "
                    + r.completionTokens() + " · cost " + Figures.usd(r.costUsd())
                    + r.privacy().map(p -> " · privacy " + p).orElse("") + " · run " + r.runId(), l.regular, 8,
                    Layout.LEFT, Layout.WIDTH);
            if (!r.prompt().isEmpty()) {
                l.paragraph("Prompt: " + Figures.clip(r.prompt(), 600), l.regular, 8, Layout.LEFT + 8, Layout.WIDTH - 8);
            }
            r.error().ifPresent(e -> l.paragraph("Error: " + Figures.clip(e, 600), l.regular, 8, Layout.LEFT + 8,
                    Layout.WIDTH - 8));
            l.paragraph(Figures.clip(r.output(), TEXT_LIMIT), l.mono, 7.5f, Layout.LEFT + 8, Layout.WIDTH - 8);
            l.space(6);
        }
    }

    /** A cursor down A4 pages: wraps text, breaks pages, draws tables and charts. */
    static final class Layout {
        static final float PAGE_W = PDRectangle.A4.getWidth();
        static final float PAGE_H = PDRectangle.A4.getHeight();
        static final float LEFT = 48;
        static final float WIDTH = PAGE_W - 2 * LEFT;
        static final float TOP = 48;
        static final float BOTTOM = 52;

        /** What a character no font can draw prints as: a white square, the usual sign of a missing glyph. */
        static final int MISSING = 0x25A1;
        static final String MISSING_TEXT = "\u25a1";
        static final String MISSING_NOTE = MISSING_TEXT + " marks a character the PDF's fonts cannot draw (CJK, emoji...); "
                + "the HTML, JSON and CSV exports hold the exact text.";

        final PDFont regular;
        final PDFont bold;
        final PDFont mono;

        private final PDDocument doc;
        private PDPageContentStream cs;
        private float y;
        private int pages;
        private boolean missingOnPage;

        Layout(PDDocument doc) throws IOException {
            this.doc = doc;
            // Embedded (subset: only the glyphs used), so any reader shows the same text on any machine.
            regular = Glyphs.load(doc, Glyphs.SANS);
            bold = Glyphs.load(doc, Glyphs.SANS_BOLD);
            mono = Glyphs.load(doc, Glyphs.MONO);
            newPage();
        }

        void close() throws IOException {
            if (cs != null) {
                footer();
                cs.close();
                cs = null;
            }
        }

        private void newPage() throws IOException {
            close();
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            cs = new PDPageContentStream(doc, page);
            pages++;
            y = TOP;
        }

        private void footer() throws IOException {
            String note = missingOnPage ? " · " + MISSING_NOTE : "";
            text(regular, 7.5f, LEFT, 26, "Parallax report · page " + pages + note, new Color(0x88, 0x88, 0x88));
            missingOnPage = false;
        }

        void need(float h) throws IOException {
            if (y + h > PAGE_H - BOTTOM) {
                newPage();
            }
        }

        void space(float h) {
            y += h;
        }

        void heading(String t, int level) throws IOException {
            float size = level == 1 ? 18 : level == 2 ? 13.5f : 10.5f;
            need(size * 3);
            space(level == 1 ? 0 : level == 2 ? 10 : 4);
            paragraph(t, bold, size, LEFT, WIDTH);
            if (level == 2) {
                cs.setStrokingColor(new Color(0xcc, 0xcc, 0xcc));
                cs.setLineWidth(0.6f);
                cs.moveTo(LEFT, PAGE_H - y + 2);
                cs.lineTo(LEFT + WIDTH, PAGE_H - y + 2);
                cs.stroke();
            }
            space(4);
        }

        void paragraph(String t, PDFont font, float size, float x, float width) {
            try {
                float leading = size * 1.3f;
                for (String line : wrap(t, font, size, width)) {
                    need(leading);
                    y += size;
                    text(font, size, x, PAGE_H - y, line, Color.BLACK);
                    y += leading - size;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void fact(String label, String value) throws IOException {
            float labelW = 150;
            List<String> lines = wrap(value, regular, 9, WIDTH - labelW);
            List<String> labels = wrap(label, bold, 9, labelW - 8);
            int n = Math.max(lines.size(), labels.size());
            for (int i = 0; i < n; i++) {
                need(12);
                y += 9;
                if (i < labels.size()) {
                    text(bold, 9, LEFT, PAGE_H - y, labels.get(i), new Color(0x44, 0x44, 0x44));
                }
                if (i < lines.size()) {
                    text(regular, 9, LEFT + labelW, PAGE_H - y, lines.get(i), Color.BLACK);
                }
                y += 2.7f;
            }
        }

        void bullet(String item) throws IOException {
            List<String> lines = wrap(item, regular, 9, WIDTH - 12);
            for (int i = 0; i < lines.size(); i++) {
                need(12);
                y += 9;
                if (i == 0) {
                    text(regular, 9, LEFT + 2, PAGE_H - y, "•", Color.BLACK);
                }
                text(regular, 9, LEFT + 12, PAGE_H - y, lines.get(i), Color.BLACK);
                y += 2.7f;
            }
        }

        /** Font sizes a table may use, largest first: a wide table goes down a size rather than cut its words. */
        private static final float[] TABLE_SIZES = {8.5f, 7, 6.5f, 6, 5.5f};

        void table(List<String> headers, List<List<String>> rows) throws IOException {
            int cols = headers.size();
            float size = 0;
            float[] min = new float[cols];
            float[] want = new float[cols];
            float sumMin = 0;
            float sumWant = 0;
            for (float candidate : TABLE_SIZES) {
                if (cols > 6 && candidate > 7) {
                    continue;
                }
                size = candidate;
                // Each column gets at least its longest word (so words are not cut), then a share of what is left.
                sumMin = 0;
                sumWant = 0;
                for (int c = 0; c < cols; c++) {
                    // 6 pt of padding, and 1 of slack so a word exactly as wide as its column is not cut.
                    min[c] = Math.max(width(bold, size, longestWord(headers.get(c))), 20) + 7;
                    want[c] = Math.max(width(bold, size, headers.get(c)) / 2, min[c]);
                    for (List<String> r : rows) {
                        min[c] = Math.max(min[c], Math.min(width(regular, size, longestWord(r.get(c))), 90) + 7);
                        want[c] = Math.max(want[c], Math.min(width(regular, size, r.get(c)), 170) + 6);
                    }
                    want[c] = Math.max(want[c], min[c]);
                    sumMin += min[c];
                    sumWant += want[c];
                }
                if (sumMin <= WIDTH) {
                    break;
                }
            }
            float[] w = new float[cols];
            for (int c = 0; c < cols; c++) {
                if (sumWant <= WIDTH) {
                    w[c] = want[c] * WIDTH / sumWant;
                } else if (sumMin <= WIDTH) {
                    w[c] = min[c] + (want[c] - min[c]) * (WIDTH - sumMin) / Math.max(1e-3f, sumWant - sumMin);
                } else {
                    w[c] = min[c] * WIDTH / sumMin;
                }
            }
            row(headers, w, size, bold, new Color(0xee, 0xee, 0xee));
            for (List<String> r : rows) {
                row(r, w, size, regular, null);
            }
        }

        private void row(List<String> cells, float[] w, float size, PDFont font, Color fill) throws IOException {
            List<List<String>> lines = new ArrayList<>();
            int n = 1;
            for (int c = 0; c < cells.size(); c++) {
                List<String> l = wrap(cells.get(c), font, size, w[c] - 6);
                lines.add(l);
                n = Math.max(n, l.size());
            }
            float h = n * size * 1.25f + 5;
            need(h);
            float x = LEFT;
            for (int c = 0; c < cells.size(); c++) {
                if (fill != null) {
                    cs.setNonStrokingColor(fill);
                    cs.addRect(x, PAGE_H - y - h, w[c], h);
                    cs.fill();
                }
                cs.setStrokingColor(new Color(0xcc, 0xcc, 0xcc));
                cs.setLineWidth(0.5f);
                cs.addRect(x, PAGE_H - y - h, w[c], h);
                cs.stroke();
                for (int i = 0; i < lines.get(c).size(); i++) {
                    text(font, size, x + 3, PAGE_H - y - 3 - size - i * size * 1.25f + 1.5f, lines.get(c).get(i), Color.BLACK);
                }
                x += w[c];
            }
            y += h;
        }

        void figure(Charts.Chart chart) throws IOException {
            float scale = Math.min(1f, WIDTH / (float) chart.width());
            float h = (float) chart.height() * scale;
            need(h + 60);
            paragraph(chart.title(), bold, 10.5f, LEFT, WIDTH);
            space(2);
            PdfCanvas canvas = new PdfCanvas(this, LEFT, y, scale);
            chart.paint().accept(canvas);
            y += h;
            paragraph(chart.caption(), regular, 8, LEFT, WIDTH);
            space(10);
        }

        void text(PDFont font, float size, float x, float baseline, String t, Color color) throws IOException {
            String s = RightToLeftText.visual(drawable(t, font, false));
            missingOnPage |= s.indexOf(MISSING) >= 0;
            cs.beginText();
            cs.setNonStrokingColor(color);
            cs.newLineAtOffset(x, baseline);
            for (Run run : runs(s, font)) {
                cs.setFont(run.font(), size);
                cs.showText(run.text());
            }
            cs.endText();
        }

        /** A stretch of text set in one font. */
        record Run(PDFont font, String text) {
        }

        /** Drawable text cut where it changes font: the asked one where it has the glyph, else the regular one. */
        List<Run> runs(String drawable, PDFont font) {
            List<Run> out = new ArrayList<>();
            StringBuilder b = new StringBuilder();
            PDFont current = font;
            for (int i = 0; i < drawable.length(); ) {
                int c = drawable.codePointAt(i);
                i += Character.charCount(c);
                PDFont f = has(font, c) || !has(regular, c) ? font : regular;
                if (f != current && b.length() > 0) {
                    out.add(new Run(current, b.toString()));
                    b.setLength(0);
                }
                current = f;
                b.appendCodePoint(c);
            }
            if (b.length() > 0) {
                out.add(new Run(current, b.toString()));
            }
            return out;
        }

        static boolean has(PDFont font, int codePoint) {
            return font instanceof PDType0Font t0 && t0.getCmapLookup().getGlyphId(codePoint) != 0;
        }

        PDPageContentStream stream() {
            return cs;
        }

        float width(PDFont font, float size, String t) {
            try {
                float w = 0;
                for (Run run : runs(drawable(t, font, false), font)) {
                    w += run.font().getStringWidth(run.text()) / 1000f * size;
                }
                return w;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static String longestWord(String s) {
            String best = "";
            for (String w : s.split("\\s+")) {
                best = w.length() > best.length() ? w : best;
            }
            return best;
        }

        /** Lines of at most {@code width} points; words longer than a line are cut. Newlines start new lines. */
        List<String> wrap(String text, PDFont font, float size, float width) {
            List<String> out = new ArrayList<>();
            for (String para : drawable(text.replace("\r\n", "\n").replace('\r', '\n'), font, true).split("\n", -1)) {
                StringBuilder line = new StringBuilder();
                for (String word : para.split(" ", -1)) {
                    String candidate = line.length() == 0 ? word : line + " " + word;
                    if (width(font, size, candidate) <= width) {
                        line.setLength(0);
                        line.append(candidate);
                        continue;
                    }
                    if (line.length() > 0) {
                        out.add(line.toString());
                        line.setLength(0);
                    }
                    String rest = word;
                    while (width(font, size, rest) > width && rest.length() > 1) {
                        int lo = 1;
                        int hi = rest.length() - 1;
                        while (lo < hi) {
                            int mid = (lo + hi + 1) / 2;
                            if (width(font, size, rest.substring(0, mid)) <= width) {
                                lo = mid;
                            } else {
                                hi = mid - 1;
                            }
                        }
                        int cut = lo;
                        out.add(rest.substring(0, cut));
                        rest = rest.substring(cut);
                    }
                    line.append(rest);
                }
                out.add(line.toString());
            }
            return out;
        }

        /** Text without control characters (tabs and newlines become spaces). */
        static String withoutControls(String s) {
            StringBuilder b = new StringBuilder(s.length());
            s.codePoints().forEach(c -> {
                if (c == '\n' || c == '\t') {
                    b.append(' ');
                } else if (c >= 0x20 && (c < 0x7f || c >= 0xa0)) {
                    b.appendCodePoint(c);
                }
            });
            return b.toString();
        }

        /**
         * What of {@code s} can be drawn in {@code font} or, failing that, the regular font: tabs become spaces,
         * other controls go, and each character neither font has becomes {@value #MISSING_TEXT} once, with what only
         * modifies it (a zero-width joiner and what it joins, a variation selector, a skin tone, a combining mark,
         * a flag's second letter) dropped: a family emoji is one square, not five. Arabic letters take their joined
         * forms ({@link RightToLeftText#shape}); lines are put in visual order when drawn. The HTML, JSON and CSV keep
         * the exact text.
         */
        String drawable(String text, PDFont font, boolean keepNewlines) {
            String s = RightToLeftText.shape(text);
            StringBuilder b = new StringBuilder(s.length());
            boolean inMissing = false;
            boolean joined = false;
            boolean flagOpen = false;
            for (int i = 0; i < s.length(); ) {
                int c = s.codePointAt(i);
                i += Character.charCount(c);
                if (c == '\n') {
                    b.append(keepNewlines ? '\n' : ' ');
                    inMissing = false;
                    continue;
                }
                if (c == '\t') {
                    b.append("    ");
                    inMissing = false;
                    continue;
                }
                if (c < 0x20 || (c >= 0x7f && c < 0xa0)) {
                    continue;
                }
                boolean flagLetter = c >= 0x1F1E6 && c <= 0x1F1FF;
                if (inMissing && (joined || extends_(c) || flagLetter && flagOpen)) {
                    joined = c == 0x200D;
                    flagOpen = false;
                    continue;
                }
                joined = false;
                if (c < 0x7f || has(font, c) || has(regular, c)) {
                    b.appendCodePoint(c);
                    inMissing = false;
                } else {
                    b.appendCodePoint(MISSING);
                    inMissing = true;
                    flagOpen = flagLetter;
                }
            }
            return b.toString();
        }

        /** A code point that changes the character before it rather than standing alone. */
        private static boolean extends_(int c) {
            int type = Character.getType(c);
            return c == 0x200D || (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0x1F3FB && c <= 0x1F3FF)
                    || (c >= 0xE0020 && c <= 0xE007F) || (c >= 0xE0100 && c <= 0xE01EF) || c == 0x20E3
                    || type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                    || type == Character.COMBINING_SPACING_MARK;
        }
    }

    /**
     * The report's fonts: DejaVu Sans, Sans Bold and Sans Mono (bundled, with their licence), which cover Latin,
     * Greek, Cyrillic, Hebrew, Arabic and many symbols. Loaded without their glyph substitution table, so PDFBox sets
     * no ligatures: "ff" in a run id stays two letters when the text is copied or searched, not U+FB00.
     */
    static final class Glyphs {
        static final String SANS = "fonts/DejaVuSans.ttf";
        static final String SANS_BOLD = "fonts/DejaVuSans-Bold.ttf";
        static final String MONO = "fonts/DejaVuSansMono.ttf";

        private Glyphs() {
        }

        static PDFont load(PDDocument doc, String resource) throws IOException {
            try (InputStream in = open(resource)) {
                return PDType0Font.load(doc, new java.io.ByteArrayInputStream(withoutSubstitutions(in.readAllBytes())), true);
            }
        }

        /**
         * The font file with its GSUB table renamed (to GSUX, which keeps the table directory sorted), so that
         * nothing reads it. Table checksums do not cover tags.
         */
        static byte[] withoutSubstitutions(byte[] ttf) {
            int tables = ((ttf[4] & 0xff) << 8) | (ttf[5] & 0xff);
            for (int i = 0; i < tables; i++) {
                int at = 12 + 16 * i;
                if (ttf[at] == 'G' && ttf[at + 1] == 'S' && ttf[at + 2] == 'U' && ttf[at + 3] == 'B') {
                    ttf[at + 3] = 'X';
                }
            }
            return ttf;
        }

        private static InputStream open(String resource) throws IOException {
            InputStream in = PdfReport.class.getResourceAsStream(resource);
            if (in == null) {
                throw new IOException("the report font " + resource + " is missing from the application");
            }
            return in;
        }
    }

    /** Chart drawing on the current page, at an offset and a scale; y grows downwards like the chart code's. */
    static final class PdfCanvas implements Canvas {
        private final Layout l;
        private final float ox;
        private final float oy;
        private final float s;

        PdfCanvas(Layout l, float ox, float oy, float scale) {
            this.l = l;
            this.ox = ox;
            this.oy = oy;
            this.s = scale;
        }

        private float px(double x) {
            return ox + (float) x * s;
        }

        private float py(double y) {
            return Layout.PAGE_H - (oy + (float) y * s);
        }

        private static Color awt(Rgb c) {
            return new Color(c.r(), c.g(), c.b());
        }

        private PDPageContentStream cs() {
            return l.stream();
        }

        @Override
        public void rect(double x, double y, double w, double h, Rgb fill, Rgb stroke) {
            try {
                if (fill != null) {
                    cs().setNonStrokingColor(awt(fill));
                    cs().addRect(px(x), py(y + h), (float) w * s, (float) h * s);
                    cs().fill();
                }
                if (stroke != null) {
                    cs().setStrokingColor(awt(stroke));
                    cs().setLineWidth(0.8f * s);
                    cs().setLineDashPattern(new float[0], 0);
                    cs().addRect(px(x), py(y + h), (float) w * s, (float) h * s);
                    cs().stroke();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void line(double x1, double y1, double x2, double y2, Rgb stroke, double width, boolean dashed) {
            polyline(new double[]{x1, x2}, new double[]{y1, y2}, stroke, width, dashed);
        }

        @Override
        public void polyline(double[] xs, double[] ys, Rgb stroke, double width, boolean dashed) {
            try {
                cs().setStrokingColor(awt(stroke));
                cs().setLineWidth((float) width * s);
                cs().setLineDashPattern(dashed ? new float[]{5 * s, 3 * s} : new float[0], 0);
                cs().moveTo(px(xs[0]), py(ys[0]));
                for (int i = 1; i < xs.length; i++) {
                    cs().lineTo(px(xs[i]), py(ys[i]));
                }
                cs().stroke();
                cs().setLineDashPattern(new float[0], 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void circle(double cx, double cy, double r, Rgb fill) {
            try {
                float x = px(cx);
                float y = py(cy);
                float rr = (float) r * s;
                float k = 0.5523f * rr;
                cs().setNonStrokingColor(awt(fill));
                cs().moveTo(x + rr, y);
                cs().curveTo(x + rr, y + k, x + k, y + rr, x, y + rr);
                cs().curveTo(x - k, y + rr, x - rr, y + k, x - rr, y);
                cs().curveTo(x - rr, y - k, x - k, y - rr, x, y - rr);
                cs().curveTo(x + k, y - rr, x + rr, y - k, x + rr, y);
                cs().fill();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void text(double x, double y, String text, double size, Anchor anchor, Rgb color, boolean bold) {
            try {
                PDFont font = bold ? l.bold : l.regular;
                float sz = (float) size * s;
                float w = l.width(font, sz, text);
                float tx = px(x) - (anchor == Anchor.MIDDLE ? w / 2 : anchor == Anchor.END ? w : 0);
                l.text(font, sz, tx, py(y), text, awt(color));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void verticalText(double x, double y, String text, double size, Rgb color) {
            try {
                float sz = (float) size * s;
                float w = l.width(l.regular, sz, text);
                cs().beginText();
                cs().setFont(l.regular, sz);
                cs().setNonStrokingColor(awt(color));
                cs().setTextMatrix(Matrix.getRotateInstance(Math.PI / 2, px(x), py(y) - w / 2));
                cs().showText(l.drawable(text, l.regular, false));
                cs().endText();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public double textWidth(String text, double size) {
            return l.width(l.regular, (float) size, text);
        }
    }
}
