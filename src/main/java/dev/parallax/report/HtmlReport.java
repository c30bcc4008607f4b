package dev.parallax.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * One self-contained HTML file: inline CSS, charts as inline SVG, no scripts, a Content-Security-Policy that
 * allows nothing else, and every piece of model output escaped as text.
 */
final class HtmlReport implements ReportExporter {

    static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
    /** Characters of an answer or prompt shown per run; the JSON and CSV exports keep them whole. */
    static final int TEXT_LIMIT = 4000;

    private static final String STYLE = """
            body{font:14px/1.45 -apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:#222;margin:0 auto;max-width:1100px;padding:24px}
            h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:32px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
            h3{font-size:15px;margin:18px 0 4px}table{border-collapse:collapse;margin:8px 0;font-size:13px}
            th,td{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f4f4f4}
            td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
            dl{display:grid;grid-template-columns:max-content auto;gap:4px 16px;margin:8px 0}dt{color:#555}dd{margin:0}
            figure{margin:16px 0;page-break-inside:avoid}figcaption{color:#555;font-size:12px;max-width:520px}
            pre{white-space:pre-wrap;word-break:break-word;background:#f7f7f7;padding:6px;margin:4px 0;font-size:12px}
            details summary{cursor:pointer;color:#1f5fa8}.muted{color:#666}.status-failed,.status-cancelled{color:#b00020}
            """;

    @Override
    public void write(ReportModel m, OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        w.write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n");
        w.write("<meta http-equiv=\"Content-Security-Policy\" content=\"" + CSP + "\">\n");
        w.write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        w.write("<meta name=\"generator\" content=\"Parallax " + Html.escape(m.summary().exportedWith()) + "\">\n");
        w.write("<title>" + Html.escape(m.title()) + " — Parallax report</title>\n<style>" + STYLE + "</style></head><body>\n");
        w.write("<h1>" + Html.escape(m.title()) + "</h1>\n");
        for (Blocks.Block b : Blocks.of(m)) {
            block(w, b);
        }
        details(w, m);
        w.write("</body></html>\n");
        w.flush();
    }

    private static void block(Writer w, Blocks.Block b) throws IOException {
        if (b instanceof Blocks.Heading h) {
            w.write("<h" + h.level() + ">" + Html.escape(h.text()) + "</h" + h.level() + ">\n");
        } else if (b instanceof Blocks.Paragraph p) {
            w.write("<p>" + Html.escape(p.text()) + "</p>\n");
        } else if (b instanceof Blocks.Facts f) {
            w.write("<dl>");
            for (String[] pair : f.pairs()) {
                w.write("<dt>" + Html.escape(pair[0]) + "</dt><dd>" + Html.escape(pair[1]) + "</dd>");
            }
            w.write("</dl>\n");
        } else if (b instanceof Blocks.Table t) {
            w.write("<table><thead><tr>");
            for (String h : t.headers()) {
                w.write("<th>" + Html.escape(h) + "</th>");
            }
            w.write("</tr></thead><tbody>");
            for (java.util.List<String> row : t.rows()) {
                w.write("<tr>");
                for (int i = 0; i < row.size(); i++) {
                    String cell = row.get(i);
                    boolean numeric = i > 0 && !cell.isEmpty() && (Character.isDigit(cell.charAt(0)) || cell.charAt(0) == '$');
                    w.write(numeric ? "<td class=\"n\">" : "<td>");
                    w.write(i == t.linkColumn() ? Html.link(cell, cell) : Html.escape(cell));
                    w.write("</td>");
                }
                w.write("</tr>");
            }
            w.write("</tbody></table>\n");
        } else if (b instanceof Blocks.Bullets l) {
            w.write("<ul>");
            for (String item : l.items()) {
                w.write("<li>" + Html.escape(item) + "</li>");
            }
            w.write("</ul>\n");
        } else if (b instanceof Blocks.Figure f) {
            w.write("<figure><h3>" + Html.escape(f.chart().title()) + "</h3>" + SvgCanvas.render(f.chart())
                    + "<figcaption>" + Html.escape(f.chart().caption()) + "</figcaption></figure>\n");
        }
    }

    private static void details(Writer w, ReportModel m) throws IOException {
        w.write("<h2>Runs</h2>\n<p class=\"muted\">" + m.rows().size() + " run(s). Answers are shown as plain text, "
                + "up to " + TEXT_LIMIT + " characters each; the JSON and CSV exports hold them whole.</p>\n");
        boolean rows = m.kind() == ReportModel.Kind.BATCH;
        w.write("<table><thead><tr>" + (rows ? "<th>Row</th>" : "") + "<th>Target</th><th>Repeat</th><th>Status</th>"
                + "<th>TTFT ms</th><th>Total ms</th><th>Tokens/s</th><th>Tokens in / out</th><th>Cost</th><th>Privacy</th>"
                + "<th>Prompt and answer</th></tr></thead><tbody>\n");
        for (ReportRow r : m.rows()) {
            w.write("<tr>");
            if (rows) {
                w.write("<td class=\"n\">" + r.row() + "</td>");
            }
            w.write("<td>" + Html.escape(r.targetText()) + "</td><td class=\"n\">" + r.repeat() + "</td><td class=\"status-"
                    + Html.escape(r.status()) + "\">" + Html.escape(r.status()) + "</td><td class=\"n\">"
                    + Figures.number(r.ttftMs()) + "</td><td class=\"n\">" + Figures.number(r.totalMs()) + "</td><td class=\"n\">"
                    + Figures.number(r.tokensPerSecond()) + "</td><td class=\"n\">" + r.promptTokens() + " / "
                    + r.completionTokens() + "</td><td class=\"n\">" + Html.escape(Figures.usd(r.costUsd())) + "</td><td>"
                    + Html.escape(r.privacy().orElse("–")) + "</td><td>");
            if (!r.prompt().isEmpty()) {
                w.write("<details><summary>prompt</summary><pre>" + Html.escape(Figures.clip(r.prompt(), TEXT_LIMIT))
                        + "</pre></details>");
            }
            if (r.error().isPresent()) {
                w.write("<div class=\"status-failed\">" + Html.escape(Figures.clip(r.error().get(), TEXT_LIMIT)) + "</div>");
            }
            w.write("<pre>" + Html.escape(Figures.clip(r.output(), TEXT_LIMIT)) + "</pre></td></tr>\n");
        }
        w.write("</tbody></table>\n");
    }
}
