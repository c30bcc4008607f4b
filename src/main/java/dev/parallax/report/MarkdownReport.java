package dev.parallax.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The report as Markdown: text escaped, model output in fenced blocks longer than any backtick run it holds. */
final class MarkdownReport implements ReportExporter {

    @Override
    public void write(ReportModel m, OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        w.write("# " + inline(m.title()) + "\n\n");
        for (Blocks.Block b : Blocks.of(m)) {
            block(w, b);
        }
        w.write("## Runs\n\n");
        for (ReportRow r : m.rows()) {
            w.write("### " + (m.kind() == ReportModel.Kind.BATCH ? "Row " + r.row() + " · " : "") + inline(r.targetText())
                    + " · repeat " + r.repeat() + " · " + r.status() + "\n\n");
            w.write("TTFT " + Figures.number(r.ttftMs()) + " ms · total " + Figures.number(r.totalMs()) + " ms · "
                    + Figures.number(r.tokensPerSecond()) + " tokens/s · tokens " + r.promptTokens() + " / "
                    + r.completionTokens() + " · cost " + inline(Figures.usd(r.costUsd()))
                    + r.privacy().map(p -> " · privacy " + inline(p)).orElse("") + " · run `" + r.runId() + "`\n\n");
            if (!r.prompt().isEmpty()) {
                w.write("Prompt:\n\n" + fenced(Figures.clip(r.prompt(), HtmlReport.TEXT_LIMIT)));
            }
            if (r.error().isPresent()) {
                w.write("Error:\n\n" + fenced(r.error().get()));
            }
            w.write("Answer:\n\n" + fenced(Figures.clip(r.output(), HtmlReport.TEXT_LIMIT)));
        }
        w.flush();
    }

    private static void block(Writer w, Blocks.Block b) throws IOException {
        if (b instanceof Blocks.Heading h) {
            w.write("#".repeat(h.level()) + " " + inline(h.text()) + "\n\n");
        } else if (b instanceof Blocks.Paragraph p) {
            w.write(inline(p.text()) + "\n\n");
        } else if (b instanceof Blocks.Facts f) {
            for (String[] pair : f.pairs()) {
                w.write("- **" + inline(pair[0]) + ":** " + inline(pair[1]) + "\n");
            }
            w.write("\n");
        } else if (b instanceof Blocks.Table t) {
            w.write("| " + String.join(" | ", t.headers().stream().map(MarkdownReport::cell).toList()) + " |\n");
            w.write("|" + " --- |".repeat(t.headers().size()) + "\n");
            for (List<String> row : t.rows()) {
                w.write("| " + String.join(" | ", row.stream().map(MarkdownReport::cell).toList()) + " |\n");
            }
            w.write("\n");
        } else if (b instanceof Blocks.Bullets l) {
            for (String item : l.items()) {
                w.write("- " + inline(item) + "\n");
            }
            w.write("\n");
        } else if (b instanceof Blocks.Figure f) {
            w.write("*Chart: " + inline(f.chart().title()) + "* (drawn in the HTML and PDF exports). "
                    + inline(f.chart().caption()) + "\n\n");
        }
    }

    /**
     * Text that Markdown shows as written: no links, emphasis, code, HTML or headings from it. Parentheses need no
     * escape once brackets have one, and an underscore inside a word is never emphasis in CommonMark.
     */
    static String inline(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r') {
                b.append(' ');
            } else if (c == '_') {
                boolean inWord = i > 0 && i + 1 < s.length() && Character.isLetterOrDigit(s.charAt(i - 1))
                        && Character.isLetterOrDigit(s.charAt(i + 1));
                b.append(inWord ? "_" : "\\_");
            } else if ("\\`*[]<>|~".indexOf(c) >= 0 || b.length() == 0 && "#+-=!".indexOf(c) >= 0) {
                b.append('\\').append(c);
            } else if (c >= 0x20 || c == '\t') {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static String cell(String s) {
        return inline(s);
    }

    /** Text in a fence: line breaks as \n (a lone CR too), other control characters dropped, as the HTML does. */
    static String fenced(String text) {
        StringBuilder clean = new StringBuilder(text.length());
        String lf = text.replace("\r\n", "\n").replace('\r', '\n');
        for (int i = 0; i < lf.length(); i++) {
            char c = lf.charAt(i);
            if (c >= 0x20 && c != 0x7f || c == '\n' || c == '\t') {
                clean.append(c);
            }
        }
        String s = clean.toString();
        int longest = 0;
        int run = 0;
        for (char c : s.toCharArray()) {
            run = c == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(Math.max(3, longest + 1));
        return fence + "text\n" + s + (s.endsWith("\n") ? "" : "\n") + fence + "\n\n";
    }
}
